"""Reconciling two parties' ledgers at size: a statement digest signed, and the partner's reconciled against this
instance's own, over 10,000 support orders (`--orders`) and their ledger (`--postings`).

The world is the web benchmark's (benchmarks/bench_web_pages.py: `relos init`, the web tests' small world made
through the services, then copied in bulk to N orders and M postings); its SQLite file is then copied, so that
India's and Russia's instances hold the same ledger, each given its party and the other's key. Measured, medians
of `--repeats` runs: India signing its digest (`relos ledger digest`), Russia reconciling it (its own digest
made, both compared: `relos ledger reconcile`), and the comparison alone; baseline in the same run: the
settlement statement of the same agreement and period (`relos ledger statement`), which the digest is built on.

Usage: python benchmarks/bench_reconcile.py [--orders 10000] [--postings 100000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT), str(ROOT / "benchmarks")]

from sqlalchemy import delete  # noqa: E402

from bench_web_pages import build  # noqa: E402
from relos.db.runtime import Database  # noqa: E402
from relos.db.tables import metadata  # noqa: E402
from relos.domain.actor import Actor  # noqa: E402
from relos.services.exchange import keys, peers, reconcile  # noqa: E402
from relos.services.ledger.statements import ledger_statement  # noqa: E402

OPERATOR = Actor.operator("bench")


def _median(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@dataclass(frozen=True)
class Figures:
    """What one reconciliation run measured (seconds, medians) and what the digest held."""

    orders: int
    postings: int
    period: str
    repeats: int
    counts: dict[str, int]
    differences: int
    statement_s: float
    digest_s: float
    reconcile_s: float
    compare_s: float


def measure(*, orders: int, postings: int, repeats: int, period: str | None = None) -> Figures:
    """The world built with `orders` orders and `postings` postings, copied into India's and Russia's instances;
    the digest, the reconciliation, the comparison and the statement over `period` (default: every year the copied
    orders and postings fall in)."""
    now = datetime.now(UTC)
    period = period or f"{now.year - 6}-01-01..{now.year + 1}-01-01"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        url = f"sqlite:///{root / 'india.sqlite3'}"
        env = {**os.environ, "RELOS_DATABASE_URL": url, "RELOS_DATA_DIR": str(root / "data")}
        build(url, env, argparse.Namespace(deployments=10, orders=orders, postings=postings))
        shutil.copy(root / "india.sqlite3", root / "russia.sqlite3")
        india, russia = Database(url), Database(f"sqlite:///{root / 'russia.sqlite3'}")
        for db, party in ((india, "IND"), (russia, "RUS")):
            with db.engine.begin() as conn:  # each party's instance holds its own users only
                users = metadata.tables["users"]
                conn.execute(delete(users).where(users.c.party != party))
            peers.set_instance_party(db.uow(), actor=OPERATOR, party=party, now=now)
        for db, other, data in ((india, "RUS", "rus"), (russia, "IND", "ind")):
            public = keys.key_list(root / data)[0].public_key
            peers.add_peer(db.uow(), actor=OPERATOR, party=other, key=public, now=now)
        india_key, russia_key = keys.current_key(root / "ind"), keys.current_key(root / "rus")
        digests: list[bytes] = []

        def digest() -> None:
            signed = reconcile.make_digest(india.uow(), actor=OPERATOR, agreement_id="relos-ind-rus", period=period,
                                           key=india_key, today=now.date(), now=now)  # fmt: skip
            digests.append(json.dumps(signed).encode())

        def statement() -> None:
            ledger_statement(india.uow(), actor=OPERATOR, agreement_id="relos-ind-rus", period=period,
                             today=now.date())  # fmt: skip

        found: list[reconcile.Reconciliation] = []

        def reconciled() -> None:
            found.append(reconcile.reconcile(russia.uow(), actor=OPERATOR, data=digests[-1], where="digest",
                                             key=russia_key, today=now.date(), now=now))  # fmt: skip

        statement_s = _median(statement, repeats)
        digest_s = _median(digest, repeats)
        reconcile_s = _median(reconciled, repeats)
        entries = json.loads(digests[-1])["body"]["entries"]
        compare_s = _median(lambda: reconcile.compare(entries, entries), repeats)
        india.dispose()
        russia.dispose()
    counts = {k: len(v) for k, v in entries.items()}
    return Figures(orders, postings, period, repeats, counts, len(found[-1].differences), statement_s, digest_s,
                   reconcile_s, compare_s)  # fmt: skip


def report(f: Figures) -> None:
    print(f"{f.orders} orders copied, {f.postings} postings; period {f.period}; medians of {f.repeats} runs")
    print(f"digest entries: {f.counts}; differences found: {f.differences}")
    print(f"baseline  settlement statement            {f.statement_s * 1000:9.0f} ms")
    print(
        f"sign the digest (India)                   {f.digest_s * 1000:9.0f} ms   ({f.digest_s / f.statement_s:.2f}×)"
    )
    print(
        f"reconcile it (Russia: own digest, compare) {f.reconcile_s * 1000:8.0f} ms   "
        f"({f.reconcile_s / f.statement_s:.2f}×)"
    )
    print(f"the comparison alone                      {f.compare_s * 1000:9.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--postings", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    report(measure(orders=args.orders, postings=args.postings, repeats=args.repeats))


if __name__ == "__main__":
    main()
