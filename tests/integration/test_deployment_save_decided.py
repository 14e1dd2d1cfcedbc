"""The approvals of a turn decided together are written in one statement sent once (an executemany, which
psycopg pipelines; relos.db.repositories.deployments `save_decided`); a deployment whose version moved is refused
before anything is written. On both databases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event
from tests.integration.deployments_helpers import NOW, prepare, submitted

from relos.db.runtime import Database
from relos.domain.deployments import lifecycle
from relos.domain.deployments.model import Deployment


@pytest.fixture
def db(loaded: Database) -> Database:
    return prepare(loaded)


def _status(db: Database, ids: list[str]) -> list[str]:
    with db.uow(read_only=True) as uow:
        found = [uow.deployments.get(i) for i in ids]
    return [d.status.value if d is not None else "gone" for d in found]


def test_the_decided_are_written_in_one_statement(db: Database) -> None:
    ids = [submitted(db, start=10 * k, end=10 * k + 5, ships=1)["id"] for k in range(3)]
    sent: list[tuple[str, bool]] = []

    def seen(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        sent.append((" ".join(statement.split())[:22], executemany))

    with db.uow() as uow:
        read = [uow.deployments.get(i) for i in ids]
        decided = [(lifecycle.approve(d, user_id="ind.app", at=NOW), NOW + timedelta(minutes=k))
                   for k, d in enumerate(read) if d is not None]  # fmt: skip
        event.listen(db.engine, "before_cursor_execute", seen)
        try:
            uow.deployments.save_decided(decided)
        finally:
            event.remove(db.engine, "before_cursor_execute", seen)
        uow.commit()
    assert sent == [("UPDATE deployments SET", True)]
    assert _status(db, ids) == ["approved"] * 3


def test_a_deployment_whose_version_moved_is_refused_and_nothing_is_written(db: Database) -> None:
    ids = [submitted(db, start=10 * k, end=10 * k + 5, ships=1)["id"] for k in range(2)]
    with db.uow() as uow:
        read = [d for d in (uow.deployments.get(i) for i in ids) if d is not None]
        approved = lifecycle.approve(read[0], user_id="ind.app", at=NOW)
        moved = Deployment(**{**read[1].__dict__, "version": read[1].version + 1})
        with pytest.raises(ValueError, match="needs its document"):
            uow.deployments.save_decided([(approved, NOW), (moved, NOW)])
        uow.commit()
    assert _status(db, ids) == ["submitted", "submitted"]
