"""What an acknowledgement that means durable costs on SQLite: RELOS runs with `synchronous=FULL` (each commit
waits for an fsync of the write-ahead log, so a power or OS failure loses no acknowledged write); the baseline,
measured in the same run on the same disk, is `synchronous=NORMAL` (the WAL is synced only at checkpoints: an
acknowledged write can be lost to a power failure, never to a crash of the process).

The write is a real one of RELOS's: issuing an API token through its use case (a row and its audit entry, one
transaction). Medians of each, and the ratio FULL / NORMAL.

Run: .venv/bin/python benchmarks/bench_sqlite_durability.py [--writes N] [--dir FOLDER]
(FOLDER: a folder on the disk to measure, by default a temporary one under the system's temporary folder)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sqlalchemy import event

from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.services.people import tokens, users

OPERATOR = Actor.operator("bench")


def _database(folder: Path, name: str, synchronous: str | None) -> Database:
    db = Database(f"sqlite:///{folder / name}")
    if synchronous is not None:  # after RELOS's own connect listener, which sets FULL

        @event.listens_for(db.engine, "connect")
        def _relax(dbapi_connection: Any, record: Any) -> None:
            dbapi_connection.execute(f"PRAGMA synchronous={synchronous}")

    db.migrate()
    users.create_user(db.uow(), actor=OPERATOR, user_id="asha", party="IND", roles=["administrator"],
                      password="a long passphrase!")  # fmt: skip
    return db


def _writes(db: Database, n: int) -> list[float]:
    now = datetime.now(UTC)
    took = []
    for i in range(n):
        began = time.perf_counter()
        tokens.issue_token(db.uow(), actor=OPERATOR, user_id="asha", name=f"t{i}", lifetime=timedelta(days=1), now=now)
        took.append((time.perf_counter() - began) * 1000)
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=300)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        full, normal = _database(folder, "full.sqlite3", None), _database(folder, "normal.sqlite3", "NORMAL")
        try:
            with full.engine.connect() as conn:
                mode = conn.exec_driver_sql("PRAGMA synchronous").scalar()
            with normal.engine.connect() as conn:
                baseline_mode = conn.exec_driver_sql("PRAGMA synchronous").scalar()
            assert (mode, baseline_mode) == (2, 1), (mode, baseline_mode)  # FULL, NORMAL
            # Interleaved rounds, so that what else the shared machine does falls on both alike.
            times: dict[str, list[float]] = {"full": [], "normal": []}
            rounds = 5
            for _ in range(rounds):
                times["normal"] += _writes(normal, args.writes // rounds)
                times["full"] += _writes(full, args.writes // rounds)
        finally:
            full.dispose()
            normal.dispose()
    m_full, m_normal = statistics.median(times["full"]), statistics.median(times["normal"])
    print(f"SQLite on {args.dir or tempfile.gettempdir()}: {len(times['full'])} token issues (row + audit entry) each")
    print(f"  synchronous=FULL   (RELOS)     median {m_full:7.2f} ms   p95 {_p95(times['full']):7.2f} ms")
    print(f"  synchronous=NORMAL (baseline)  median {m_normal:7.2f} ms   p95 {_p95(times['normal']):7.2f} ms")
    print(f"  FULL / NORMAL: {m_full / m_normal:.2f}x the median; {m_full - m_normal:+.2f} ms a write")


def _p95(found: list[float]) -> float:
    return statistics.quantiles(found, n=20)[18]


if __name__ == "__main__":
    main()
