"""A server process connects to its database at start-up, before it takes a request (relos.server): the first
requests do not wait for the driver's import and the database's new sessions; a database that does not answer
then does not keep the process from starting (its readiness says so). Every repository's module is loaded at
start-up too."""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient

from relos.db.runtime import Database
from relos.server import CONNECTIONS_AHEAD, create_app
from relos.settings import Settings


def test_connecting_ahead_opens_connections_and_keeps_them_in_the_pool(database: Database) -> None:
    fresh = Database(database.url, pool={"pool_size": 3, "max_overflow": 0})
    try:
        opened = fresh.connect_ahead(10)
        kept = fresh.engine.pool.checkedin()  # type: ignore[attr-defined]
        if fresh.engine.dialect.name == "sqlite":
            assert (opened, kept) == (1, 1)  # one writer at a time: one connection is what a start needs
        else:
            assert (opened, kept) == (3, 3)  # no more than the pool keeps
            assert fresh.connect_ahead(2) == 2
            assert fresh.engine.pool.checkedin() == 3  # type: ignore[attr-defined]  # taken again, not added
    finally:
        fresh.dispose()


def test_the_server_is_connected_before_its_first_request(database: Database) -> None:
    fresh = Database(database.url, pool={"pool_size": 8, "max_overflow": 0})
    app = create_app(Settings(database_url=database.url, secret_key="k" * 40), fresh)
    try:
        assert "engine" not in fresh.__dict__  # building the application connects to nothing
        with TestClient(app):
            kept = fresh.engine.pool.checkedin()  # type: ignore[attr-defined]
            assert kept == (1 if database.url.startswith("sqlite") else CONNECTIONS_AHEAD)
    finally:
        fresh.dispose()


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_a_database_that_does_not_answer_at_start_up_does_not_stop_the_server(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    gone = Database("postgresql+psycopg://nobody@127.0.0.1:1/none", pool={"pool_size": 2})
    app = create_app(Settings(database_url=database.url, secret_key="k" * 40), gone)
    logger = logging.getLogger("relos.server")
    logger.addHandler(caplog.handler)  # also when the JSON logs, set up by an earlier test, do not propagate
    try:
        with caplog.at_level(logging.WARNING, logger="relos.server"), TestClient(app) as client:
            assert client.get("/api/v1/health").status_code == 200
            assert client.get("/api/v1/ready").status_code == 503
    finally:
        logger.removeHandler(caplog.handler)
    assert any("did not answer at start-up" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_a_server_loads_every_repository_at_start_up_and_reads_nothing(database: Database) -> None:
    """Measured in a process of its own: in this one, other tests have loaded the repositories already."""
    script = f"""
import sys
from sqlalchemy import event
from relos.db.runtime import Database
from relos.db.uow import SqlUnitOfWork
db = Database({database.url!r})
statements = []
event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
before = set(sys.modules)
db.load_repositories()
print(len(statements), len(set(sys.modules) - before))
loaded = set(sys.modules)
with db.uow(read_only=True) as uow:
    for name in SqlUnitOfWork.MADE_ON_USE:
        getattr(uow, name)
print(sorted(set(sys.modules) - loaded))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    counts, after = done.stdout.splitlines()
    statements, modules = map(int, counts.split())
    assert statements == 0  # nothing read
    assert modules > 10  # the repositories' modules, and their tables'
    assert after == "[]"  # a transaction that then uses every repository loads nothing more
