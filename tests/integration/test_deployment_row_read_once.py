"""An approval reads the deployment's row once, before taking its locks, and under them reads it again only when
it changed meanwhile (PostgreSQL: its row version, read in one statement under the lock; SQLite: a
writing transaction is the only writer from its first statement), then writes it back without reading it again
(relos.db.repositories.deployments), on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import event
from tests.integration.deployments_helpers import IND_APPROVER, NOW, RUS_REQUESTER, prepare, submitted

from relos.db.runtime import Database
from relos.services.deployments import lifecycle as service


@pytest.fixture
def db(loaded: Database) -> Database:
    return prepare(loaded)


def test_an_approval_reads_the_deployment_row_once(db: Database) -> None:
    first = submitted(db, start=0, end=10, ships=1, facility="IN-OTH")  # the host's presence gets its version row
    service.approve_deployment(db.uow(), actor=IND_APPROVER, deployment_id=first["id"], now=NOW)
    found = submitted(db, start=20, end=30, ships=1, facility="IN-OTH")
    statements: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        approved = service.approve_deployment(db.uow(), actor=IND_APPROVER, deployment_id=found["id"], now=NOW)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert approved["status"] == "approved"
    whole_row = [s for s in statements if s.startswith("SELECT deployments.id, deployments.agreement_id")]
    assert len(whole_row) == 1  # once to authorise before the locks; under them unchanged, so not read again
    if db.engine.dialect.name == "postgresql":  # under the lock, its row version checked in one statement
        assert sum("xmin" in s for s in statements if s not in whole_row) == 1
        # before the locks, with its agreement and its facility (relos.db.repositories.deployment_context); SQLite
        # decides each approval alone, reading them apart
        assert "JOIN facilities" in whole_row[0] and "JOIN agreements" in whole_row[0]
        assert not [s for s in statements if s.startswith(("SELECT agreements.", "SELECT facilities."))]
    assert any(s.startswith("UPDATE deployments SET") for s in statements)
    with db.uow(read_only=True) as uow:
        stored = uow.deployments.get(found["id"])
    assert stored is not None and stored.status.value == "approved" and stored.decided_by == IND_APPROVER.user_id


@pytest.mark.parametrize("database", ["postgres"], indirect=True)  # SQLite: the first reading holds the write lock
def test_a_change_committed_before_the_lock_is_read_again(db: Database) -> None:
    """PostgreSQL (SQLite lets no other transaction write once one has read): the deployment is cancelled between
    the approval's first reading and its lock; under the lock it is read again, cancelled."""
    found = submitted(db, start=0, end=10, ships=1, facility="IN-OTH")
    with db.uow() as uow:
        seen = uow.deployments.get(found["id"])
        assert seen is not None and seen.status.value == "submitted"
        service.cancel_deployment(db.uow(), actor=RUS_REQUESTER, deployment_id=found["id"], reason="gone", now=NOW)
        again = uow.deployments.again(found["id"], seen.host_party)
    assert again is not None and again.status.value == "cancelled"
    with db.uow() as uow:
        seen = uow.deployments.get(found["id"])
        assert seen is not None
        assert uow.deployments.again(found["id"], seen.host_party) == seen  # unchanged: the same, not read again
