"""Speed of the ledger's pure domain: balance aggregation and transaction checks.

Prints, for N postings (default 200,000; ``--n 1000000`` for the issue's figure):
- account_balances over Posting objects, against a baseline measured in the same run:
  a plain dict loop summing (account key, Decimal) tuples;
- building and checking transactions (every rule), in postings per second.

Run: python benchmarks/ledger_domain.py [--n N]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from relos.domain.ledger.accounts import chart_of_accounts
from relos.domain.ledger.balances import account_balances
from relos.domain.ledger.money import Money
from relos.domain.ledger.obligations import (
    ReceiptedDelivery,
    ReimbursementMethod,
    ReimbursementTerms,
    obligation_from_delivery,
    obligation_transaction,
)
from relos.domain.ledger.transactions import Posting


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200_000, help="number of postings")
    n = parser.parse_args().n
    rng = random.Random(8)
    chart = chart_of_accounts(agreement_id="relos-ind-rus", parties=("IND", "RUS"), currencies=["INR", "RUB", "USD"])
    postings = []
    raw = []
    for _ in range(n):
        account = rng.choice(chart)
        amount = Decimal(rng.randint(-(10**9), 10**9)).scaleb(-2)
        postings.append(Posting(account, Money(amount, account.currency)))
        raw.append((account.key, amount))

    t0 = time.perf_counter()
    totals: dict[str, Decimal] = {}
    for key, amount in raw:
        totals[key] = totals.get(key, Decimal(0)) + amount
    baseline = time.perf_counter() - t0

    t0 = time.perf_counter()
    balances = account_balances(postings)
    domain = time.perf_counter() - t0
    assert len(balances.by_account) <= len(chart)

    terms = ReimbursementTerms(in_kind_period_months=12)
    txn_count = max(1, n // 4)
    deliveries = [
        ReceiptedDelivery(
            f"d{i}",
            f"o{i}",
            "relos-ind-rus",
            "IND",
            "RUS",
            date(2026, 1, 1),
            Money(Decimal(rng.randint(1, 10**9)).scaleb(-2), "INR"),
            ReimbursementMethod.RIK,
        )
        for i in range(txn_count)
    ]
    t0 = time.perf_counter()
    for i, d in enumerate(deliveries):
        obligation_transaction(obligation_from_delivery(d, obligation_id=f"ob{i}", terms=terms), transaction_id=f"t{i}")
    build = time.perf_counter() - t0

    print(f"postings: {n:,}")
    print(f"baseline dict sum of raw (key, Decimal): {baseline:.3f} s ({n / baseline:,.0f} postings/s)")
    print(f"account_balances over Posting objects:   {domain:.3f} s ({n / domain:,.0f} postings/s)")
    print(f"ratio domain / baseline: {domain / baseline:.2f}")
    print(
        f"build + check {txn_count:,} four-posting transactions: {build:.3f} s "
        f"({4 * txn_count / build:,.0f} postings/s)"
    )


if __name__ == "__main__":
    main()
