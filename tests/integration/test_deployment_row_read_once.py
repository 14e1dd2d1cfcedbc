"""An approval reads the deployment's row once after taking its locks and writes it back without reading it
again (relos.db.repositories.deployments keeps the rows it read for the transaction), on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import event
from tests.integration.deployments_helpers import IND_APPROVER, NOW, prepare, submitted

from relos.db.runtime import Database
from relos.services.deployments import lifecycle as service


@pytest.fixture
def db(loaded: Database) -> Database:
    return prepare(loaded)


def test_an_approval_reads_the_deployment_row_twice_not_three_times(db: Database) -> None:
    found = submitted(db, start=0, end=10, ships=1, facility="IN-OTH")
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
    assert len(whole_row) == 2  # once to authorise before the locks, once afresh under them
    assert any(s.startswith("UPDATE deployments SET") for s in statements)
    with db.uow(read_only=True) as uow:
        stored = uow.deployments.get(found["id"])
    assert stored is not None and stored.status.value == "approved" and stored.decided_by == IND_APPROVER.user_id
