"""The exchange between two instances: documents signed (export), verified and applied (import) a second.

Two SQLite instances in a temporary folder (India's and Russia's, each with its own key); India's requester
submits N deployments (`--count`, default 300) to a Russian base; then, each measured `--repeats` times (median):

- export: India composes and signs the N request documents and writes the bundle (a fresh copy of India's
  database each time, so every run signs all N);
- verify: every signature of the bundle checked, as import checks it before applying anything;
- import: Russia checks the bundle and applies each document in its own transaction (a fresh copy of Russia's
  database each time).

Baselines measured in the same run: Ed25519 signing and verifying of the same canonical bytes with
`cryptography` alone, and RFC 8785 canonicalisation beside the standard library's json.dumps(sort_keys=True).

Then the time to reconcile a year holding 10,000 orders (`--orders`, 0 to leave it out): the reconciliation
benchmark's world (benchmarks/bench_reconcile.py, `--postings` booked over five years) and its figures for the
current calendar year (whole months, as statements are usually asked for) — India's digest signed, Russia's
reconciliation of it, beside the settlement statement of the same year.

Run: .venv/bin/python benchmarks/bench_exchange.py [--count N] [--repeats R] [--orders 10000] [--postings 100000]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench_reconcile
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from relos.db.runtime import Database
from relos.domain.actor import Actor, Role
from relos.domain.agreements import AgreementEvent, EventKind
from relos.domain.facilities import Facility, FacilityKind
from relos.services.agreements import register as agreements
from relos.services.deployments import lifecycle
from relos.services.exchange import inbox, keys, outbox, peers
from relos.services.exchange.signing import canonical, signature_holds
from relos.services.facilities.bundled import load_bundled_agreements

OPERATOR = Actor.operator("bench")
REQUESTER = Actor("ind.requester", "IND", frozenset({Role.REQUESTER}))
NOW = datetime(2026, 2, 1, tzinfo=UTC)
BASE = Facility(
    id="RU-BNC", name_en="Bench naval base", name_local="", country="RUS", kind=FacilityKind.NAVAL_BASE,
    lat=43.1, lon=131.9, timezone="Asia/Vladivostok", open_under=("relos-ind-rus",), source="benchmark",
)  # fmt: skip


def _instance(path: Path, party: str) -> Database:
    db = Database(f"sqlite:///{path}")
    db.migrate()
    load_bundled_agreements(db.uow(), actor=OPERATOR)
    agreements.record_event(
        db.uow(), actor=OPERATOR, agreement_id="relos-ind-rus",
        event=AgreementEvent(EventKind.ENTRY_INTO_FORCE, date(2026, 1, 1), "benchmark assumption"), at=date(2026, 1, 1),
    )  # fmt: skip
    with db.uow() as uow:
        uow.facilities.save(replace(BASE), imported_from="benchmark")
        uow.commit()
    peers.set_instance_party(db.uow(), actor=OPERATOR, party=party, now=NOW)
    return db


def _median(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--postings", type=int, default=100_000)
    args = parser.parse_args()
    n = args.count
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        india_db, russia_db = _instance(root / "ind.sqlite3", "IND"), _instance(root / "rus.sqlite3", "RUS")
        india_key, russia_key = keys.current_key(root / "ind-data"), keys.current_key(root / "rus-data")
        peers.add_peer(india_db.uow(), actor=OPERATOR, party="RUS", key=keys.key_list(root / "rus-data")[0].public_key)
        peers.add_peer(russia_db.uow(), actor=OPERATOR, party="IND", key=keys.key_list(root / "ind-data")[0].public_key)
        start = datetime(2026, 3, 1, tzinfo=UTC)
        for i in range(n):
            at = start + timedelta(days=i % 300)
            data = {"agreement_id": "relos-ind-rus", "facility_id": BASE.id, "purpose": "joint_exercise",
                    "start": at, "end": at + timedelta(days=5), "personnel": 100, "ships": []}  # fmt: skip
            made = lifecycle.create_deployment(india_db.uow(), actor=REQUESTER, data=data, now=NOW)
            lifecycle.submit_deployment(india_db.uow(), actor=REQUESTER, deployment_id=made["id"], now=NOW)
        india_db.dispose()
        russia_db.dispose()
        bundles: list[bytes] = []

        def export() -> None:
            shutil.copy(root / "ind.sqlite3", root / "ind-run.sqlite3")
            db = Database(f"sqlite:///{root / 'ind-run.sqlite3'}")
            data, count = outbox.export_bundle(db.uow(), actor=OPERATOR, peer="RUS", key=india_key, now=NOW)
            assert count == n
            bundles.append(data)
            db.dispose()

        export_s = _median(export, args.repeats)
        bundle = bundles[-1]
        documents = json.loads(bundle)["documents"]
        public = india_key.public_key()

        def verify() -> None:
            assert all(signature_holds(d, public, where="bench") for d in documents)

        verify_s = _median(verify, args.repeats)

        def import_() -> None:
            shutil.copy(root / "rus.sqlite3", root / "rus-run.sqlite3")
            db = Database(f"sqlite:///{root / 'rus-run.sqlite3'}")
            report = inbox.import_bundle(db.uow(), actor=OPERATOR, data=bundle, where="bench", key=russia_key, now=NOW)
            assert len(report.applied) == n, report.refused[:1]
            db.dispose()

        import_s = _median(import_, args.repeats)
        unsigned = [{k: v for k, v in d.items() if k != "signature"} for d in documents]
        messages = [canonical(u) for u in unsigned]
        signatures = [india_key.sign(m) for m in messages]
        raw_sign_s = _median(lambda: [india_key.sign(m) for m in messages], args.repeats)
        raw_verify_s = _median(
            lambda: [public.verify(s, m) for s, m in zip(signatures, messages, strict=True)], args.repeats
        )
        jcs_s = _median(lambda: [canonical(u) for u in unsigned], args.repeats)
        std_s = _median(lambda: [json.dumps(u, sort_keys=True, separators=(",", ":")) for u in unsigned], args.repeats)
    print(f"{n} deployment requests, medians of {args.repeats} runs (documents a second; ratio to baseline)")
    print(f"export: compose, sign, write the bundle   {n / export_s:9.0f} /s")
    ratio = verify_s / raw_verify_s
    print(
        f"verify: every signature of the bundle     {n / verify_s:9.0f} /s   ({ratio:.1f}× the time of Ed25519 alone)"
    )
    print(f"import: check and apply, one transaction each {n / import_s:5.0f} /s")
    print(f"baseline  Ed25519 sign alone              {n / raw_sign_s:9.0f} /s")
    print(f"baseline  Ed25519 verify alone            {n / raw_verify_s:9.0f} /s")
    print(f"baseline  json.dumps(sort_keys=True)      {n / std_s:9.0f} /s   (RFC 8785 canonical JSON: "
          f"{n / jcs_s:.0f} /s, {jcs_s / std_s:.1f}× the time)")  # fmt: skip
    if args.orders:
        _reconcile_a_year(args.orders, args.postings, args.repeats)


def _reconcile_a_year(orders: int, postings: int, repeats: int) -> None:
    """The reconciliation of the year before today, over the reconciliation benchmark's world."""
    import bench_reconcile

    year = str(datetime.now(UTC).year)  # the world's orders are made today; its postings spread over five years
    print(f"a year with {orders} orders ({year}), the reconciliation benchmark's world:", flush=True)
    f = bench_reconcile.measure(orders=orders, postings=postings, repeats=repeats, period=year)
    print(f"digest entries: {f.counts}; differences found: {f.differences}")
    print(f"reconcile the year (Russia: own digest, compare) {f.reconcile_s * 1000:7.0f} ms   "
          f"({f.reconcile_s / f.statement_s:.2f}× the statement)")  # fmt: skip
    print(f"sign the year's digest (India)            {f.digest_s * 1000:9.0f} ms")
    print(f"baseline  the year's settlement statement {f.statement_s * 1000:9.0f} ms")


if __name__ == "__main__":
    main()
