"""Racing approvals never give one clearance number twice: 12 clients, each with its own connection,
approve 12 different clearances of one host with the same number at the same moment, on SQLite and on
PostgreSQL; exactly one succeeds, the others are refused as a conflict (never a database error)."""

from __future__ import annotations

import threading
from collections import Counter

from tests.integration.clearance_helpers import (
    IND_CLEARANCE,
    NOW,
    RUS_CLEARANCE,
    add_test_port,
    prepare_port_call,
    relos_in_force,
)

from relos.db.runtime import Database
from relos.domain.errors import Conflict
from relos.services.clearances import lifecycle as clearances

CLIENTS = 12


def test_racing_approvals_never_give_a_clearance_number_twice(catalogue: Database) -> None:
    relos_in_force(catalogue)
    add_test_port(catalogue)
    ids = []
    for _ in range(CLIENTS):
        c = prepare_port_call(catalogue)
        clearances.submit_clearance(catalogue.uow(), actor=IND_CLEARANCE, clearance_id=c["id"], now=NOW)
        ids.append(c["id"])
    barrier = threading.Barrier(CLIENTS)
    outcomes: Counter[str] = Counter()
    guard = threading.Lock()

    def client(clearance_id: str) -> None:
        own = Database(catalogue.url)
        try:
            own.engine.connect().close()
            barrier.wait()
            try:
                clearances.approve_clearance(
                    own.uow(), actor=RUS_CLEARANCE, clearance_id=clearance_id, clearance_number="RU-PC-1", now=NOW
                )
                outcome = "approved"
            except Conflict:
                outcome = "conflict"
            except Exception as exc:  # pragma: no cover - reported by the assertion below
                outcome = f"error: {exc!r}"
            with guard:
                outcomes[outcome] += 1
        finally:
            own.dispose()

    threads = [threading.Thread(target=client, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert outcomes == Counter({"approved": 1, "conflict": CLIENTS - 1})
    granted = clearances.list_clearances(catalogue.uow(), actor=RUS_CLEARANCE, status="approved")
    assert [c["clearance_number"] for c in granted] == ["RU-PC-1"]
