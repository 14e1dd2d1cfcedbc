"""Approvals of one host waiting in the same server process are decided together in one transaction
(relos.services.deployments.approval): each against what was admitted before it, refused or approved and
audited on its own, exactly as if decided alone one after another; a turn that fails as a whole has each
decided again alone. PostgreSQL, where several server workers share the host's lock (SQLite decides alone)."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from sqlalchemy import create_engine, event, text
from tests.integration.deployments_helpers import IND_APPROVER, NOW, day, prepare, submitted

from relos.db.runtime import Database
from relos.domain.errors import Conflict, RuleViolated
from relos.services.deployments import approval, presence
from relos.services.deployments import lifecycle as service

pytestmark = pytest.mark.parametrize("database", ["postgres"], indirect=True)


@pytest.fixture
def db(loaded: Database) -> Database:
    return prepare(loaded)


@pytest.fixture
def batches(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The size of each turn decided together."""
    sizes: list[int] = []
    decide = approval._together

    def counted(uow: Any, host: str, gather: Any) -> None:
        def gathered() -> list[Any]:
            turns = gather()
            sizes.append(len(turns))
            return turns  # type: ignore[no-any-return]

        decide(uow, host, gathered)

    monkeypatch.setattr(approval, "_together", counted)
    return sizes


def _approve_while_the_host_is_locked(db: Database, ids: list[str]) -> list[str]:
    """Each id approved by its own thread of one process (one database, as a server worker) while another
    transaction holds the host's lock: the first leads and waits for the lock; the rest queue behind it and, once
    it holds the lock, are decided with it in its turn. The outcome of each, in the order of `ids`."""
    outcomes = [""] * len(ids)
    holder = create_engine(db.url)

    def client(k: int) -> None:
        try:
            service.approve_deployment(db.uow(), actor=IND_APPROVER, deployment_id=ids[k], now=NOW)
            outcomes[k] = "approved"
        except RuleViolated as refused:
            outcomes[k] = "refused: " + ",".join(sorted({v.rule for v in refused.violations}))
        except Conflict:
            outcomes[k] = "already decided"

    threads = [threading.Thread(target=client, args=(k,)) for k in range(len(ids))]
    with holder.connect() as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('presence:IND'))"))
        threads[0].start()
        _until(lambda: _waiting_on_a_lock(holder) == 1)  # the first leads, waiting for the host's lock
        for t in threads[1:]:
            t.start()
        _until(lambda: approval._TURNS.waiting() == len(ids))  # all queue, the leader's own first
        conn.rollback()  # the lock is released
    holder.dispose()
    for t in threads:
        t.join(timeout=60)
    return outcomes


def _waiting_on_a_lock(engine: Any) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")).scalar_one()
        )


def _until(condition: Any, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the approvals did not queue"
        time.sleep(0.01)


def test_approvals_decided_together_keep_the_cap_each_against_those_admitted_before_it(
    db: Database, batches: list[int]
) -> None:
    ids = [
        submitted(db, start=0, end=10, personnel=700, facility="IN-OTH")["id"] for _ in range(6)
    ]  # the cap: 3,000 personnel
    outcomes = _approve_while_the_host_is_locked(db, ids)
    assert batches == [6]  # those that came while the leader waited for the lock are decided in its turn
    assert outcomes[0] == "approved"  # the leader's own, decided first
    assert sorted(outcomes) == ["approved"] * 4 + ["refused: personnel"] * 2
    peak = presence.timeline(db.uow(), actor=IND_APPROVER, host_party="IND", start=day(-1), end=day(30))
    assert max(s["value"] for s in peak["visiting_parties"]["RUS"]["personnel"]) == 2800
    with db.uow(read_only=True) as uow:
        audited = [e for e in uow.audit.entries(entity="deployment") if e.action == "deployment.approved"]
        stored = [uow.deployments.get(i) for i in ids]
    approved = [i for i, outcome in zip(ids, outcomes, strict=True) if outcome == "approved"]
    assert sorted(e.entity_id for e in audited) == sorted(approved)  # one entry each, none for the refused
    for d in stored:
        assert d is not None and d.version == 1
        assert (d.status.value, d.decided_by) == (
            ("approved", IND_APPROVER.user_id) if d.id in approved else ("submitted", None)
        )


def test_one_deployment_asked_twice_in_a_turn_is_approved_once(db: Database, batches: list[int]) -> None:
    first, twice = submitted(db, start=0, end=10, ships=1)["id"], submitted(db, start=0, end=10, ships=1)["id"]
    outcomes = _approve_while_the_host_is_locked(db, [first, twice, twice])
    assert sorted(outcomes) == ["already decided", "approved", "approved"]
    assert batches == [3]  # the second asking was put back and decided alone, after
    with db.uow(read_only=True) as uow:
        entries = [e for e in uow.audit.entries(entity="deployment") if e.action == "deployment.approved"]
    assert sorted(e.entity_id for e in entries) == sorted([first, twice])


def test_a_turn_that_fails_as_a_whole_has_each_decided_again_alone(
    db: Database, batches: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = [submitted(db, start=0, end=10, personnel=1000, facility="IN-OTH")["id"] for _ in range(4)]
    audited = approval.audited
    failed: list[bool] = []

    def failing_once(uow: Any, **kwargs: Any) -> Any:
        if len(batches) == 1 and not failed:  # in the turn decided together, its decisions written, not all audited
            failed.append(True)
            raise RuntimeError("the connection was lost")
        return audited(uow, **kwargs)

    monkeypatch.setattr(approval, "audited", failing_once)
    outcomes = _approve_while_the_host_is_locked(db, ids)
    assert failed and batches == [4]
    # the four of the failed turn, each decided again alone, in whichever order their threads came back
    assert sorted(outcomes) == ["approved", "approved", "approved", "refused: personnel"]
    with db.uow(read_only=True) as uow:
        entries = [e for e in uow.audit.entries(entity="deployment") if e.action == "deployment.approved"]
    assert sorted(e.entity_id for e in entries) == sorted(
        i for i, o in zip(ids, outcomes, strict=True) if o == "approved"
    )


def test_a_turn_reads_the_hosts_presence_and_the_rows_versions_in_one_statement(
    db: Database, batches: list[int]
) -> None:
    first, *ids = [submitted(db, start=0, end=10, personnel=100, facility="IN-OTH")["id"] for _ in range(4)]
    service.approve_deployment(db.uow(), actor=IND_APPROVER, deployment_id=first, now=NOW)  # the host has presence
    statements: list[str] = []

    def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        assert _approve_while_the_host_is_locked(db, ids) == ["approved"] * 3
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert batches == [1, 3]
    (together,) = [s for s in statements if "json_object_agg" in s]  # one statement for the whole turn
    assert "host_presence" in together and "watched.xmin" in together
    assert not [s for s in statements if s.startswith("SELECT deployments.id, deployments.xmin")]  # none apart
