"""Ledger speed on SQLite and PostgreSQL with 1,000,000 postings.

Measures, per database, in one run:
- bulk posting: validated transactions appended through the ledger repository (the database's
  balance gate included), in postings per second;
- balances of an agreement (GROUP BY in the database) and the same computed in Python from the
  raw postings (fetched, then summed with relos.domain.ledger.balances.account_balances);
- a year's settlement statement (relos.services.ledger.statements.ledger_statement: balances, every
  obligation, invoice and payment of the year, netting, ageing) and, as its baseline, the year's
  opening/movement/closing balances computed in Python from the raw postings.

Usage: python benchmarks/bench_ledger.py [--postings N] [--sqlite-only]
PostgreSQL: RELOS_BENCH_POSTGRES_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test);
a database of our own is created there and dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from uuid6 import uuid7

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

from relos.db.runtime import Database
from relos.db.tables.ledger import InvoiceRow, ObligationRow, PaymentRow
from relos.domain.actor import Actor
from relos.domain.ledger.accounts import AccountKind, AccountRef
from relos.domain.ledger.balances import account_balances
from relos.domain.ledger.money import Money
from relos.domain.ledger.transactions import Posting, Transaction, build_transaction
from relos.services.facilities.bundled import load_bundled_agreements
from relos.services.ledger.statements import ledger_statement

AGREEMENT = "relos-ind-rus"
PARTIES = ("IND", "RUS")
CURRENCIES = ("RUB", "INR", "USD")
FIRST_DAY = date(2022, 1, 1)
DAYS = 5 * 365
YEAR = "2025"
K = AccountKind


def acc(party: str, kind: AccountKind, currency: str) -> AccountRef:
    return AccountRef(AGREEMENT, party, kind, PARTIES[1] if party == PARTIES[0] else PARTIES[0], currency)


def four(creditor: str, debtor: str, cur: str, amt: int, kinds: tuple[AccountKind, ...]) -> tuple[Posting, ...]:
    m = Money.from_minor(amt, cur)
    cd, cc, dd, dc = kinds
    return (
        Posting(acc(creditor, cd, cur), m),
        Posting(acc(creditor, cc, cur), -m),
        Posting(acc(debtor, dd, cur), m),
        Posting(acc(debtor, dc, cur), -m),
    )


def orders(n_orders: int) -> Iterator[tuple[list[tuple[Transaction, str, str | None]], list[dict[str, Any]]]]:
    """Per order: obligation, invoice and payment transactions (12 postings) and the claim rows."""
    for i in range(n_orders):
        creditor, debtor = (PARTIES[1], PARTIES[0]) if i % 3 else PARTIES
        cur = CURRENCIES[i % 3]
        amt = 1000 + (i * 7919) % 5_000_000
        day = FIRST_DAY + timedelta(days=(i * DAYS) // n_orders)
        oid, ob, inv, pay = (str(uuid7()) for _ in range(4))
        paid = i % 20 != 0  # one in twenty stays unpaid: they show in ageing and overdue lists
        txns = [
            (
                build_transaction(
                    id=str(uuid7()),
                    on=day,
                    description=f"obligation {ob}",
                    postings=four(
                        creditor,
                        debtor,
                        cur,
                        amt,
                        (K.ACCRUED_RECEIVABLE, K.SUPPORT_PROVIDED, K.SUPPORT_RECEIVED, K.ACCRUED_PAYABLE),
                    ),
                ),
                "obligation",
                oid,
            ),
            (
                build_transaction(
                    id=str(uuid7()),
                    on=day + timedelta(days=5),
                    description=f"invoice {inv}",
                    postings=four(
                        creditor, debtor, cur, amt, (K.RECEIVABLE, K.ACCRUED_RECEIVABLE, K.ACCRUED_PAYABLE, K.PAYABLE)
                    ),
                ),
                "invoice",
                oid,
            ),
        ]
        if paid:
            txns.append(
                (
                    build_transaction(
                        id=str(uuid7()),
                        on=day + timedelta(days=40),
                        description=f"payment {pay}",
                        postings=four(creditor, debtor, cur, amt, (K.CASH, K.RECEIVABLE, K.PAYABLE, K.CASH)),
                    ),
                    "payment",
                    oid,
                )
            )
        else:  # unpaid orders get a balanced cash-neutral fourth transaction so every order has 12 postings
            txns.append(
                (
                    build_transaction(
                        id=str(uuid7()),
                        on=day + timedelta(days=40),
                        description=f"memo {pay}",
                        postings=four(
                            creditor,
                            debtor,
                            cur,
                            amt,
                            (K.SUPPORT_PROVIDED, K.SUPPORT_PROVIDED, K.SUPPORT_RECEIVED, K.SUPPORT_RECEIVED),
                        ),
                    ),
                    "memo",
                    oid,
                )
            )
        claim = {
            "order_id": oid,
            "ob": ob,
            "inv": inv,
            "pay": pay if paid else None,
            "creditor": creditor,
            "debtor": debtor,
            "cur": cur,
            "amt": amt,
            "day": day,
            "txn_ob": txns[0][0].id,
            "txn_inv": txns[1][0].id,
            "txn_pay": txns[2][0].id,
        }
        yield txns, [claim]


def write_claims(db: Database, claims: list[dict[str, Any]]) -> None:
    with db.engine.begin() as conn:
        conn.execute(
            insert(ObligationRow),
            [
                {
                    "id": c["ob"],
                    "agreement_id": AGREEMENT,
                    "order_id": c["order_id"],
                    "delivery_id": c["order_id"],
                    "creditor": c["creditor"],
                    "debtor": c["debtor"],
                    "method": "cash",
                    "value_minor": c["amt"],
                    "currency": c["cur"],
                    "incurred_on": c["day"],
                    "due_on": None,
                    "transaction_id": c["txn_ob"],
                }
                for c in claims
            ],
        )
        conn.execute(
            insert(InvoiceRow),
            [
                {
                    "id": c["inv"],
                    "agreement_id": AGREEMENT,
                    "order_id": c["order_id"],
                    "creditor": c["creditor"],
                    "debtor": c["debtor"],
                    "issued_on": c["day"] + timedelta(days=5),
                    "due_on": c["day"] + timedelta(days=35),
                    "amount_minor": c["amt"],
                    "currency": c["cur"],
                    "obligation_ids": f'["{c["ob"]}"]',
                    "issued_by": "bench",
                    "transaction_id": c["txn_inv"],
                }
                for c in claims
            ],
        )
        paid = [c for c in claims if c["pay"]]
        if paid:
            conn.execute(
                insert(PaymentRow),
                [
                    {
                        "id": c["pay"],
                        "agreement_id": AGREEMENT,
                        "order_id": c["order_id"],
                        "invoice_id": c["inv"],
                        "payer": c["debtor"],
                        "payee": c["creditor"],
                        "paid_on": c["day"] + timedelta(days=40),
                        "amount_minor": c["amt"],
                        "currency": c["cur"],
                        "reference": "",
                        "recorded_by": "bench",
                        "transaction_id": c["txn_pay"],
                    }
                    for c in paid
                ],
            )


def timed(fn: Any) -> tuple[float, Any]:
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def raw_postings(db: Database, where: str = "") -> list[Posting]:
    """Every posting as domain objects, straight from the table (the Python baseline's input)."""
    cache: dict[tuple[str, str, str, str, str], AccountRef] = {}
    out: list[Posting] = []
    with db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT a.agreement_id, a.party, a.kind, a.counterparty, a.currency, p.amount_minor, p.booked_on"
                " FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id " + where
            )
        )
        for a, p, k, cp, cur, amt, _ in rows:
            key = (a, p, k, cp, cur)
            ref = cache.get(key)
            if ref is None:
                ref = cache[key] = AccountRef(a, p, AccountKind(k), cp, cur)
            out.append(Posting(ref, Money.from_minor(amt, cur)))
    return out


def bench(db: Database, n_postings: int) -> dict[str, Any]:
    db.migrate()
    operator = Actor.operator("bench")
    load_bundled_agreements(db.uow(), actor=operator)
    n_orders = n_postings // 12
    posted, post_s, build_s = 0, 0.0, 0.0
    batch_txns: list[tuple[Transaction, str, str | None]] = []
    batch_claims: list[dict[str, Any]] = []
    gen = orders(n_orders)
    t_build = time.perf_counter()
    while True:
        chunk = None
        for txns, claims in gen:
            batch_txns += txns
            batch_claims += claims
            if len(batch_txns) >= 6000:
                chunk = True
                break
        build_s += time.perf_counter() - t_build
        if not batch_txns:
            break
        with db.uow() as uow:
            t0 = time.perf_counter()
            posted += uow.ledger.post_many(batch_txns, recorded_by="bench", now=datetime.now(UTC))
            uow.commit()
            post_s += time.perf_counter() - t0
        write_claims(db, batch_claims)
        batch_txns, batch_claims = [], []
        print(f"\r  posted {posted:,} postings", end="", file=sys.stderr)
        t_build = time.perf_counter()
        if chunk is None:
            break
    print(file=sys.stderr)
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE"))

    def balances() -> Any:
        with db.uow() as uow:
            return uow.ledger.balances(agreement_id=AGREEMENT)

    balances()  # warm the cache once, as a running server would have it
    bal_s, bal = timed(balances)
    py_bal_s, py_bal = timed(lambda: account_balances(raw_postings(db)))
    assert dict(bal.by_account) == dict(py_bal.by_account), "SQL and Python balances differ"
    st_s, st = timed(
        lambda: ledger_statement(
            db.uow(), actor=operator, agreement_id=AGREEMENT, period=YEAR, today=date(2025, 12, 31)
        )
    )

    def python_year() -> tuple[Any, Any, Any]:
        ps = raw_postings(db, "WHERE p.booked_on < '2026-01-01' ORDER BY p.id")
        with db.engine.connect() as conn:
            days = [
                r[0]
                for r in conn.execute(
                    text("SELECT booked_on FROM ledger_postings WHERE booked_on < '2026-01-01' ORDER BY id")
                )
            ]
        opening = account_balances(p for p, d in zip(ps, days, strict=True) if str(d) < "2025-01-01")
        movement = account_balances(p for p, d in zip(ps, days, strict=True) if str(d) >= "2025-01-01")
        return opening, movement, account_balances(ps)

    py_st_s, _ = timed(python_year)
    return {
        "database": db.engine.dialect.name,
        "postings": posted,
        "bulk_postings_per_s": posted / post_s,
        "domain_build_postings_per_s": posted / build_s if build_s else 0,
        "balances_s": bal_s,
        "balances_python_s": py_bal_s,
        "balances_ratio": py_bal_s / bal_s,
        "statement_year_s": st_s,
        "statement_rows": {
            k: len(st[k]) for k in ("orders", "obligations", "invoices", "payments", "transactions", "overdue")
        },
        "statement_python_baseline_s": py_st_s,
        "statement_ratio": py_st_s / st_s,
    }


def report(r: dict[str, Any]) -> None:
    print(f"\n== {r['database']}: {r['postings']:,} postings")
    print(f"bulk posting           {r['bulk_postings_per_s']:>12,.0f} postings/s (target >= 20,000)")
    print(f"  (domain build+check  {r['domain_build_postings_per_s']:>12,.0f} postings/s, not included above)")
    print(f"balances (SQL)         {r['balances_s']:>12.3f} s (target < 2 s)")
    print(f"balances (Python)      {r['balances_python_s']:>12.3f} s  -> SQL is {r['balances_ratio']:.1f}x faster")
    print(f"year statement {YEAR}    {r['statement_year_s']:>12.3f} s (target < 2 s) rows {r['statement_rows']}")
    print(f"year balances (Python) {r['statement_python_baseline_s']:>12.3f} s  -> ratio {r['statement_ratio']:.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=1_000_000)
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--postgres-only", action="store_true")
    parser.add_argument("--keep", type=Path, help="build the SQLite database at this path and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{args.keep or Path(tmp) / 'bench.sqlite3'}")
        try:
            if not args.postgres_only:
                report(bench(db, args.postings))
        finally:
            db.dispose()
    if args.sqlite_only:
        return
    admin_url = os.environ.get("RELOS_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    name = f"relos_bench_{uuid7().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        db = Database(make_url(admin_url).set(database=name).render_as_string(hide_password=False))
        try:
            report(bench(db, args.postings))
        finally:
            db.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
