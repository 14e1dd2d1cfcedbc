"""Racing approvals never jointly break a cap or a facility's capacity: 24 clients, each with its own
database connection and unit of work, approve overlapping deployments at the same moment, on SQLite and on
PostgreSQL. Approvals of one host serialise on its presence lock (advisory lock / IMMEDIATE transaction)."""

from __future__ import annotations

import threading
from collections import Counter

from tests.integration.deployments_helpers import IND_APPROVER, NOW, USA_REQUESTER, day, prepare, submitted

from relos.db.runtime import Database
from relos.domain.errors import Conflict, RuleViolated
from relos.services.deployments import lifecycle as service
from relos.services.deployments import presence

CLIENTS = 24


def _race(db: Database, ids: list[str]) -> Counter[str]:
    """Every id approved by its own client (own engine, own connection), all released at once."""
    barrier = threading.Barrier(len(ids))
    outcomes: Counter[str] = Counter()
    guard = threading.Lock()

    def client(deployment_id: str) -> None:
        own = Database(db.url)
        try:
            own.engine.connect().close()  # connected before the start
            barrier.wait()
            try:
                service.approve_deployment(own.uow(), actor=IND_APPROVER, deployment_id=deployment_id, now=NOW)
                outcome = "approved"
            except RuleViolated:
                outcome = "refused"
            except Conflict:
                outcome = "already decided"
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
    return outcomes


def _peak(db: Database, party: str, name: str, facility: str | None = None) -> int:
    found = presence.timeline(
        db.uow(), actor=IND_APPROVER, host_party="IND", start=day(-1), end=day(30), facility_id=facility
    )
    if facility is not None:
        return max(s["value"] for s in found["facilities"][facility][name]["steps"])
    return max(s["value"] for s in found["visiting_parties"][party][name])


def test_racing_approvals_never_jointly_break_a_cap(loaded: Database) -> None:
    db = prepare(loaded)
    ids = [
        submitted(db, start=i % 3, end=10 + i % 4, ships=1, first=i, facility="IN-OTH")["id"] for i in range(CLIENTS)
    ]
    outcomes = _race(db, ids)
    assert outcomes == Counter({"approved": 5, "refused": CLIENTS - 5})
    assert _peak(db, "RUS", "warships") == 5


def test_racing_approvals_never_jointly_break_a_facility_capacity(loaded: Database) -> None:
    db = prepare(loaded)
    ids = []
    for i in range(CLIENTS):
        if i % 2:
            ids.append(submitted(db, USA_REQUESTER, agreement_id="lemoa-ind-usa", ships=1, first=i)["id"])
        else:
            ids.append(submitted(db, ships=1, first=i)["id"])
    outcomes = _race(db, ids)
    assert outcomes == Counter({"approved": 4, "refused": CLIENTS - 4})  # IN-TST has 4 berths
    assert _peak(db, "", "berths", facility="IN-TST") == 4


def test_racing_approvals_of_one_deployment_approve_it_once(loaded: Database) -> None:
    db = prepare(loaded)
    one = submitted(db, ships=1)["id"]
    outcomes = _race(db, [one] * CLIENTS)
    assert outcomes == Counter({"approved": 1, "already decided": CLIENTS - 1})
