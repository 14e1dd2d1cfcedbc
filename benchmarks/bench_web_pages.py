"""The web pages as a user meets them, through HTTP, over a large SQLite database: median and p95 of every list
page, a detail page of each kind, the ledger and its statement and the overview, beside GET /api/v1/health
measured in the same run (target: each page under 150 ms median).

The database is made by `relos init`; a small world is then made through the services (the same one the web
tests use: tests/e2e/populated_world.py — people, deployments, clearances, orders delivered, billed and part
paid), and its rows are copied in bulk through SQLAlchemy Core into the real schema until there are
--deployments deployments, --orders orders and --postings ledger postings (each copy a new id and
reference; ledger transactions copied whole, postings before their header as the database's balance gate
requires). Bulk copying takes seconds where the services would take hours; the copies carry no audit
records and no deliveries of their own. `relos serve` then serves the file, and one client signed in as an
administrator and auditor of India reads each page.

Usage: python benchmarks/bench_web_pages.py [--deployments 10000] [--orders 10000] [--postings 1000000]
       [--repeats 30]   (quick run: --deployments 500 --orders 500 --postings 20000 --repeats 10)
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]  # the application, and the world the web tests make
# ruff: noqa: E402

import httpx
from sqlalchemy import Connection, Table, insert, select
from tests.conftest import take_relos_in_force
from tests.e2e.main_pages import main_pages
from tests.e2e.populated_world import World, populate
from tests.e2e.web_helpers import PASSWORD, csrf_of
from uuid6 import uuid7

from relos.db.runtime import Database
from relos.db.tables import metadata

BIN = ROOT / ".venv" / "bin"
USER = "ind.admin"  # administrator and auditor of India: sees every page below
CHUNK = 20_000


def _t(name: str) -> Table:
    return metadata.tables[name]


def _rows(conn: Connection, table: Table) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in conn.execute(select(table))]


def _children(conn: Connection, table: Table, key: str) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for row in _rows(conn, table):
        found.setdefault(row[key], []).append(row)
    return found


def _copy(conn: Connection, parent: str, count: int, prefix: str, children: dict[str, str]) -> None:
    """`count` copies of the rows of `parent` (round robin), each with a new id and reference, with the rows of
    each child table (name -> its column naming the parent) copied under the new id."""
    seeds = _rows(conn, _t(parent))
    kids = {name: _children(conn, _t(name), key) for name, key in children.items()}
    batch: dict[str, list[dict[str, Any]]] = {parent: [], **{name: [] for name in children}}
    for i in range(count):
        seed = seeds[i % len(seeds)]
        new = str(uuid7())
        batch[parent].append({**seed, "id": new, "reference": f"{prefix}-{i:07d}"})
        for name, key in children.items():
            batch[name] += [{**row, key: new} for row in kids[name].get(seed["id"], [])]
        if len(batch[parent]) >= CHUNK or i == count - 1:
            for name, rows in batch.items():
                if rows:
                    conn.execute(insert(_t(name)), rows)
                rows.clear()


def _copy_ledger(conn: Connection, postings: int) -> None:
    """Whole transactions copied until the ledger holds `postings` postings, booked over the five years before."""
    heads = _rows(conn, _t("ledger_transactions"))
    legs = _children(conn, _t("ledger_postings"), "transaction_id")
    made = sum(len(v) for v in legs.values())
    i = 0
    while made < postings:
        new_heads, new_legs = [], []
        while made < postings and len(new_legs) < CHUNK:
            seed = heads[i % len(heads)]
            new, day = str(uuid7()), seed["booked_on"] - timedelta(days=i % 1800)
            new_heads.append({**seed, "id": new, "booked_on": day})
            for leg in legs[seed["id"]]:
                new_legs.append({k: v for k, v in leg.items() if k != "id"} | {"transaction_id": new, "booked_on": day})
            made += len(legs[seed["id"]])
            i += 1
        conn.execute(insert(_t("ledger_postings")), new_legs)  # postings first: the header's trigger counts them
        conn.execute(insert(_t("ledger_transactions")), new_heads)


def build(url: str, env: dict[str, str], args: argparse.Namespace) -> World:
    subprocess.run([str(BIN / "relos"), "init"], env=env, check=True, stdout=subprocess.DEVNULL)
    db = Database(url)
    take_relos_in_force(db)
    world = populate(db)
    start = time.perf_counter()
    with db.engine.begin() as conn:
        _copy(conn, "deployments", args.deployments, "BENCH-D", {"deployment_versions": "deployment_id"})
        orders = {"support_order_lines": "order_id", "support_order_versions": "order_id"}
        _copy(conn, "support_orders", args.orders, "BENCH-O", {**orders, "support_order_signatures": "order_id"})
        _copy_ledger(conn, args.postings)
    print(f"bulk copy: {time.perf_counter() - start:.1f} s", flush=True)
    db.dispose()
    return world


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(env: dict[str, str], base: str) -> subprocess.Popen[bytes]:
    port = base.rsplit(":", 1)[1]
    cmd = [str(BIN / "relos"), "serve", "--port", port]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.terminate()
    raise RuntimeError("relos serve did not answer")


def _measure(fn: Callable[[], httpx.Response], repeats: int) -> tuple[float, float, int]:
    status = fn().status_code  # one unmeasured request warms the caches
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), statistics.quantiles(times, n=20)[18], status


def count_queries(url: str, paths: list[str]) -> dict[str, int]:
    """The SQL statements each page issues, counted in-process (the application over the same file)."""
    from fastapi.testclient import TestClient
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from relos.server import create_app
    from relos.settings import Settings

    seen: list[str] = []
    listener = lambda *a: seen.append(a[2])  # noqa: E731 (conn, cursor, statement, ...)
    event.listen(Engine, "before_cursor_execute", listener)
    db = Database(url)
    try:
        with TestClient(create_app(Settings(database_url=url, secret_key="k" * 40, cookie_secure=False), db)) as c:
            token = csrf_of(c.get("/sign-in").text)
            c.post("/sign-in", data={"user_id": USER, "password": PASSWORD, "csrf": token})
            counts = {}
            for path in paths:
                seen.clear()
                c.get(path)
                counts[path] = len(seen)
                if os.environ.get("BENCH_SQL"):  # the statements a page repeats most, to find an N+1
                    for sql, n in Counter(" ".join(q.split())[:300] for q in seen).most_common(3):
                        print(f"{path}: {n}x {sql}")
            return counts
    finally:
        event.remove(Engine, "before_cursor_execute", listener)
        db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--deployments", type=int, default=10_000)
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--postings", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite3"
        env = {**os.environ, "RELOS_DATABASE_URL": url, "RELOS_SECRET_KEY": "k" * 40, "RELOS_DATA_DIR": tmp,
               "RELOS_COOKIE_SECURE": "false"}  # fmt: skip
        start = time.perf_counter()
        world = build(url, env, args)
        print(f"database: {args.deployments} deployments, {args.orders} orders, {args.postings} postings "
              f"in {time.perf_counter() - start:.1f} s", flush=True)  # fmt: skip
        queries = count_queries(url, ["/api/v1/health", *main_pages(world)])
        base = f"http://127.0.0.1:{_free_port()}"
        server = _serve(env, base)
        try:
            with httpx.Client(base_url=base, timeout=120) as client:
                token = csrf_of(client.get("/sign-in").text)
                signed = client.post("/sign-in", data={"user_id": USER, "password": PASSWORD, "csrf": token})
                assert signed.status_code == 303, signed.status_code
                health = _measure(lambda: client.get("/api/v1/health"), args.repeats)
                print(f"{'page':58} {'p50 ms':>8} {'p95 ms':>8}  status  vs /health  queries")
                label = "GET /api/v1/health (baseline)"
                print(f"{label:58} {health[0]:8.1f} {health[1]:8.1f}  {health[2]}{queries['/api/v1/health']:21d}")
                for path in main_pages(world):
                    p50, p95, status = _measure(lambda p=path: client.get(p), args.repeats)  # type: ignore[misc]
                    miss = "  MISSES 150 ms" if p50 > 150 else ""
                    print(f"{path[:58]:58} {p50:8.1f} {p95:8.1f}  {status}     {p50 / health[0]:6.1f}x  "
                          f"{queries[path]:5d}{miss}", flush=True)  # fmt: skip
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
