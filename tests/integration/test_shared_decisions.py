"""Which units of work may have their decisions taken together with others' (relos.services.deployments
.decided_together): a writing one on PostgreSQL, named by its database; never a reading one, one keyed by an
idempotency key (its answer commits with its own transaction), or any on SQLite (one writer at a time)."""

from __future__ import annotations

import pytest

from relos.db.idempotency import KeyedRequest, KeyedUnitOfWork
from relos.db.runtime import Database


def test_only_a_plain_writing_unit_of_work_on_postgresql_shares_its_decisions(database: Database) -> None:
    postgres = database.engine.dialect.name == "postgresql"
    shared = database.uow().shared_decisions()
    assert (shared is not None) == postgres
    assert shared == database.uow().shared_decisions()  # the same database: the same name
    assert database.uow(read_only=True).shared_decisions() is None
    request = KeyedRequest.of(user="u", key="k", method="POST", path="/x", query="", body=b"")
    assert KeyedUnitOfWork(database.session_factory, request).shared_decisions() is None


@pytest.mark.parametrize("database", ["postgres"], indirect=True)
def test_each_database_of_a_process_names_its_own(database: Database) -> None:
    other = Database(database.url)  # another pool, as a second application in the same process
    try:
        assert other.uow().shared_decisions() not in (None, database.uow().shared_decisions())
    finally:
        other.dispose()
