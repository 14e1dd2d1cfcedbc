"""Creations at the same moment never get the same reference: 24 clients, each with its own database
connection and unit of work, create deployments and orders for the same host and year at once, on SQLite
and on PostgreSQL (where the counter row's lock serialises them); the numbers are 1 to N, each given once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from tests.integration import references_helpers as made

from relos.db.runtime import Database

CLIENTS = 24


def _race(db: Database, create: Callable[[Database], dict[str, Any]]) -> list[str]:
    """Each client creates one record on its own engine, all released at once; their references (or errors)."""
    barrier = threading.Barrier(CLIENTS)
    found: list[str] = []
    guard = threading.Lock()

    def client() -> None:
        own = Database(db.url)
        try:
            own.engine.connect().close()  # connected before the start
            barrier.wait()
            try:
                outcome = create(own)["reference"]
            except Exception as exc:  # pragma: no cover - reported by the assertion below
                outcome = f"error: {exc!r}"
            with guard:
                found.append(outcome)
        finally:
            own.dispose()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return found


def test_racing_creations_of_deployments_never_get_the_same_reference(orders_db: Database) -> None:
    db = made.make_world(orders_db)
    found = _race(db, made.deployment)
    assert sorted(found) == [f"RUS-DEP-2026-{n:04d}" for n in range(1, CLIENTS + 1)]


def test_racing_creations_of_orders_never_get_the_same_reference(orders_db: Database) -> None:
    db = made.make_world(orders_db)
    found = _race(db, made.order)
    assert sorted(found) == [f"RUS-ORD-2026-{n:04d}" for n in range(1, CLIENTS + 1)]
