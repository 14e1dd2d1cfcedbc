"""A PostgreSQL connection taken from the pool is checked without a round trip while it is idle and quiet,
and replaced when the server has ended it (relos.db.engine): the request that takes it next is served."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from relos.db import engine as engines
from relos.db.runtime import Database

pytestmark = pytest.mark.parametrize("database", ["postgres"], indirect=True)


class _Counted:
    """A driver connection that counts the cursors asked of it (each a round trip here)."""

    def __init__(self, connection: Any) -> None:
        self._connection, self.cursors = connection, 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)

    def cursor(self) -> Any:
        self.cursors += 1
        return self._connection.cursor()


def _pid(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())


def test_an_idle_quiet_connection_is_taken_without_a_round_trip(database: Database) -> None:
    raw = database.engine.raw_connection()
    try:
        counted = _Counted(raw.driver_connection)
        engines._alive(counted, None, None)
        assert counted.cursors == 0
    finally:
        raw.close()


def test_a_connection_the_server_ended_is_replaced_before_it_is_used(database: Database) -> None:
    ended = _pid(database)  # the pool keeps this one
    admin = create_engine(database.url)
    with admin.connect() as conn:
        assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": ended}).scalar_one()
    admin.dispose()
    time.sleep(0.2)  # the server's word that it ended it reaches the idle connection's socket
    with database.uow(read_only=True) as uow:  # takes the ended connection first: replaced, not an error
        assert uow.session.execute(text("SELECT 1")).scalar_one() == 1
    assert _pid(database) != ended


def test_a_connection_with_something_to_read_is_asked_and_kept_when_alive(database: Database) -> None:
    raw = database.engine.raw_connection()
    try:
        driver = raw.driver_connection
        driver.autocommit = True
        driver.execute("LISTEN relos_liveness_test")
        other = create_engine(database.url)
        with other.connect() as conn:  # another session's notice reaches the idle one: unread bytes on it
            conn.execute(text("NOTIFY relos_liveness_test"))
            conn.commit()
        other.dispose()
        time.sleep(0.2)
        counted = _Counted(driver)
        engines._alive(counted, None, None)
        assert counted.cursors == 1  # asked, and alive: no error
        driver.execute("UNLISTEN *")
    finally:
        raw.invalidate()
