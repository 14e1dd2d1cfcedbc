"""The checks after a run, computed from the committed rows with SQL of their own (not RELOS's code paths):
caps and facility capacities at every instant (a sweep over each window's start), each ledger transaction
netting to zero per currency, each account's postings in its currency and the balances the API states equal to
their sums, nothing half-written, every acknowledged record and key stored with its last acknowledged status,
each marked create stored exactly once; then `relos audit verify` and `relos check` on the same database."""

from __future__ import annotations

import tomllib
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

import httpx
from sqlalchemy import create_engine, select, text
from tests.reliability.server import Server
from tests.reliability.workload import Record

from relos.db.tables.deployments import DeploymentRow
from relos.db.tables.facilities import FacilityRow

OCCUPYING = ("approved", "arrived", "departed", "closed")
#: the column each marked table keeps its marker in
MARKER = {"deployments": "note", "support_orders": "note", "deliveries": "note", "ledger_payments": "reference"}


#: What `broken_invariants` checks, named for the suite's figures.
INVARIANTS = (
    "caps at every instant",
    "facility berths, stands and beds at every instant",
    "each ledger transaction nets to zero per currency",
    "each transaction has two postings or more",
    "postings in their account's currency",
    "stated balances equal their postings' sums",
    "nothing half-written",
    "acknowledged records stored, with their last acknowledged status",
    "acknowledged Idempotency-Keys stored",
    "marked creates, deliveries and payments stored exactly once",
    "relos audit verify",
    "relos check",
)


def checked(record: Record, broken: list[str]) -> str:
    """The figures of a check: what was verified and how much of it was broken."""
    marked = sum(1 for table in record.marked.values() if table in MARKER)
    return (
        f"verified: {len(record.acknowledged)} acknowledged records ({len(record.status)} with their status), "
        f"{len(record.keys)} acknowledged keys, {marked} marked rows exactly once; "
        f"{len(INVARIANTS)} invariants: {len(broken)} broken"
    )


def _over(spans: list[tuple[Any, Any, dict[str, int]]], limits: dict[str, int]) -> list[str]:
    """Each instant (a window's start) where the windows present together exceed a limit."""
    found = []
    for at in sorted({s for s, _, _ in spans}):
        for name, most in limits.items():
            total = sum(t[name] for s, e, t in spans if s <= at < e)
            if total > most:
                found.append(f"{total} {name} at {at}, limit {most}")
    return found


def broken_invariants(server: Server, record: Record) -> list[str]:
    """Every broken promise, in words; empty when all hold."""
    engine = create_engine(server.database_url)
    broken: list[str] = []
    try:
        with engine.connect() as conn:
            broken += _presence(conn)
            broken += _ledger(conn)
            broken += _half_written(conn)
            broken += _acknowledged(conn, record)
            balances = _sql_balances(conn)
    finally:
        engine.dispose()
    broken += _stated_balances(server, balances)
    for args in (("audit", "verify"), ("check",)):
        done = server.relos(*args)
        if done.returncode != 0:
            broken.append(f"relos {' '.join(args)} exited {done.returncode}: {done.stdout}{done.stderr}")
    return broken


def _presence(conn: Any) -> list[str]:
    broken = []
    if conn.execute(text("SELECT count(*) FROM cap_overrides")).scalar_one():
        broken.append("the load records no cap override, yet one is stored")
    source = conn.execute(text("SELECT source_text FROM agreements WHERE id = 'relos-ind-rus'")).scalar_one()
    caps = {k: v for k, v in tomllib.loads(source)["caps"].items() if k in ("warships", "aircraft", "personnel")}
    d = DeploymentRow.__table__.c
    rows = conn.execute(
        select(d.visiting_party, d.host_party, d.facility_id, d.start_at, d.end_at, d.warships, d.aircraft,
               d.personnel, d.status, d.arrived_at).where(d.status.in_(OCCUPYING))
    ).all()  # fmt: skip
    if any(r.arrived_at is not None for r in rows):
        broken.append("the load records no arrival, yet one is stored")
    by_pair: dict[tuple[str, str], list[Any]] = defaultdict(list)
    by_facility: dict[str, list[Any]] = defaultdict(list)
    for r in rows:
        totals = {"warships": r.warships, "aircraft": r.aircraft, "personnel": r.personnel}
        by_pair[(r.visiting_party, r.host_party)].append((r.start_at, r.end_at, totals))
        by_facility[r.facility_id].append((r.start_at, r.end_at, totals))
    for (visitor, host), spans in by_pair.items():
        broken += [f"cap: {visitor} in {host}: {e}" for e in _over(spans, caps)]
    f = FacilityRow.__table__.c
    for fid, berths, stands, beds in conn.execute(select(f.id, f.berths, f.aircraft_stands, f.accommodation_beds)):
        limits = {k: v for k, v in {"warships": berths, "aircraft": stands, "personnel": beds}.items() if v is not None}
        broken += [f"capacity: {fid}: {e}" for e in _over(by_facility.get(fid, []), limits)]
    return broken


def _ledger(conn: Any) -> list[str]:
    broken = [
        f"transaction {t} nets to {net} in {cur}"
        for t, cur, net in conn.execute(text(
            "SELECT transaction_id, currency, sum(amount_minor) FROM ledger_postings "
            "GROUP BY transaction_id, currency HAVING sum(amount_minor) <> 0"))
    ]  # fmt: skip
    broken += [
        f"transaction {t} has {n} posting(s)"
        for t, n in conn.execute(text(
            "SELECT t.id, count(p.id) FROM ledger_transactions t "
            "LEFT JOIN ledger_postings p ON p.transaction_id = t.id "
            "GROUP BY t.id HAVING count(p.id) < 2"))
    ]  # fmt: skip
    broken += [
        f"account {a} ({cur}) has postings in {pc}"
        for a, cur, pc in conn.execute(text(
            "SELECT DISTINCT a.id, a.currency, p.currency FROM ledger_accounts a "
            "JOIN ledger_postings p ON p.account_id = a.id WHERE p.currency <> a.currency"))
    ]  # fmt: skip
    return broken


def _sql_balances(conn: Any) -> dict[tuple[str, str, str, str], int]:
    return {
        (party, kind, counterparty, currency): int(total)
        for party, kind, counterparty, currency, total in conn.execute(text(
            "SELECT a.party, a.kind, a.counterparty, a.currency, sum(p.amount_minor) FROM ledger_accounts a "
            "JOIN ledger_postings p ON p.account_id = a.id WHERE a.agreement_id = 'relos-ind-rus' "
            "GROUP BY a.party, a.kind, a.counterparty, a.currency"))
    }  # fmt: skip


def _stated_balances(server: Server, summed: dict[tuple[str, str, str, str], int]) -> list[str]:
    """The balances `GET /balances` states (as the operator's finance officers see them) against the sums."""
    stated: dict[tuple[str, str, str, str], Decimal] = {}
    for user in ("ind.finance", "rus.finance"):
        r = httpx.get(f"{server.base}/api/v1/balances", params={"agreement_id": "relos-ind-rus"},
                      headers={"Authorization": f"Bearer {server.tokens[user]}"}, timeout=60)  # fmt: skip
        assert r.status_code == 200, r.text
        for b in _balance_records(r.json()):
            stated[(b["party"], b["account"], b["counterparty"], b["currency"])] = Decimal(b["amount"])
    return [
        f"balance {k}: stated {stated.get(k)}, postings sum to {Decimal(v) / 100}"
        for k, v in summed.items()
        if v != 0 and stated.get(k, Decimal(0)) != Decimal(v) / 100
    ]


def _balance_records(found: Any) -> list[dict[str, str]]:
    if isinstance(found, list):
        return [b for item in found for b in _balance_records(item)]
    if isinstance(found, dict):
        if {"party", "account", "counterparty", "currency", "amount"} <= found.keys():
            return [found]
        return [b for v in found.values() for b in _balance_records(v)]
    return []


def _half_written(conn: Any) -> list[str]:
    queries = {
        "deployment without its current version": "SELECT d.id FROM deployments d LEFT JOIN deployment_versions v "
        "ON v.deployment_id = d.id AND v.version = d.version WHERE v.deployment_id IS NULL",
        "order without a line": "SELECT o.id FROM support_orders o WHERE NOT EXISTS "
        "(SELECT 1 FROM support_order_lines l WHERE l.order_id = o.id)",
        "delivery without a line": "SELECT d.id FROM deliveries d WHERE NOT EXISTS "
        "(SELECT 1 FROM delivery_lines l WHERE l.delivery_id = d.id)",
        "invoice without its transaction": "SELECT i.id FROM ledger_invoices i WHERE NOT EXISTS "
        "(SELECT 1 FROM ledger_postings p WHERE p.transaction_id = i.transaction_id)",
        "payment without its transaction": "SELECT i.id FROM ledger_payments i WHERE NOT EXISTS "
        "(SELECT 1 FROM ledger_postings p WHERE p.transaction_id = i.transaction_id)",
    }
    return [f"{what}: {row[0]}" for what, sql in queries.items() for row in conn.execute(text(sql))]


def _acknowledged(conn: Any, record: Record) -> list[str]:
    broken = []
    tables = {table for table, _ in record.acknowledged} | {table for table, _ in record.status}
    stored = {table: set(conn.execute(text(f"SELECT id FROM {table}")).scalars()) for table in tables}
    broken += [
        f"acknowledged {table} {record_id} is missing"
        for table, record_id in sorted(record.acknowledged)
        if record_id not in stored[table]
    ]
    statuses = {
        table: {record_id: status for record_id, status in conn.execute(text(f"SELECT id, status FROM {table}"))}
        for table in {table for table, _ in record.status}
    }
    broken += [
        f"{table} {record_id}: acknowledged {status}, stored {statuses[table].get(record_id)}"
        for (table, record_id), status in sorted(record.status.items())
        if statuses[table].get(record_id) != status
    ]
    stored_keys = set(conn.execute(text("SELECT actor, key FROM idempotency_keys")).tuples())
    broken += [f"acknowledged key {k} of {u} is not stored" for u, k in sorted(record.keys - stored_keys)]
    counts = {
        table: Counter(conn.execute(text(f"SELECT {column} FROM {table}")).scalars())
        for table, column in MARKER.items()
    }
    broken += [
        f"{table} marked {marker}: {counts[table][marker]} rows, not exactly one"
        for marker, table in sorted(record.marked.items())
        if table in counts and counts[table][marker] != 1
    ]
    return broken
