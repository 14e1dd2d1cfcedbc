"""One process of the cross-process approval race (test_presence_races): its threads share one database engine,
so one warm presence index, and approve their deployments, cancelling some of those approved at once."""

from __future__ import annotations

import random
import threading
from typing import Any

from tests.integration.deployments_helpers import IND_APPROVER, NOW, RUS_REQUESTER

from relos.db.runtime import Database
from relos.domain.errors import RuleViolated
from relos.services.deployments import lifecycle as service


def race(url: str, ids: list[str], seed: int, threads: int, ready: Any, go: Any) -> dict[str, int]:
    """Approve `ids` from `threads` threads once `go` is set; a third of those approved are cancelled at once.
    Returns how many were approved, refused and cancelled, and the errors (none expected)."""
    db = Database(url)
    counts = {"approved": 0, "refused": 0, "cancelled": 0, "errors": 0}
    guard = threading.Lock()
    work = list(ids)

    def client(k: int) -> None:
        rng = random.Random(seed * 100 + k)
        while True:
            with guard:
                if not work:
                    return
                deployment_id = work.pop()
            try:
                service.approve_deployment(db.uow(), actor=IND_APPROVER, deployment_id=deployment_id, now=NOW)
                outcome = "approved"
                if rng.random() < 1 / 3:
                    service.cancel_deployment(
                        db.uow(), actor=RUS_REQUESTER, deployment_id=deployment_id, reason="race", now=NOW
                    )
                    with guard:
                        counts["cancelled"] += 1
            except RuleViolated:
                outcome = "refused"
            except Exception:  # reported by the test's assertion
                outcome = "errors"
            with guard:
                counts[outcome] += 1

    db.engine.connect().close()
    with db.uow(read_only=True) as uow:  # the index warm before the start
        uow.deployments.presence("IND")
    ready.set()
    go.wait(60)
    started = [threading.Thread(target=client, args=(k,)) for k in range(threads)]
    for t in started:
        t.start()
    for t in started:
        t.join(timeout=300)
    db.dispose()
    return counts
