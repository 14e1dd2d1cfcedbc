"""Engines for SQLite and PostgreSQL, made on demand (never at import time).

Two kinds of transaction: a *writing* one (the default) and a *reading* one, opened through
`make_session_factory(engine, read_only=True)`. On SQLite a writing transaction begins IMMEDIATE (it
takes the write lock at once, so no two can read the same state and then both write on it) and a
reading one begins DEFERRED with `PRAGMA query_only` on: in WAL mode it never waits for a writer nor
makes one wait. On PostgreSQL a reading transaction is READ ONLY.

SQLite runs with `journal_mode=WAL` and `synchronous=FULL`: a write acknowledged to the client has
reached the disk (fsync of the WAL at each commit), so a power or OS failure loses none.
"""

from __future__ import annotations

import select
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

#: The execution option that marks a reading transaction (see the module's docstring).
READ_ONLY = "relos_read_only"
#: How long (ms) an SQLite writer waits for the write lock before "database is locked".
BUSY_TIMEOUT_MS = 30_000


def make_engine(
    url: str,
    *,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    pool: Mapping[str, Any] | None = None,
    statement_timeout_ms: int = 0,
    **kwargs: Any,
) -> Engine:
    """An engine for `url`. SQLite gets foreign keys, WAL, full sync, a busy timeout and explicit BEGINs;
    PostgreSQL gets the connection pool's `pool` settings (pool_size, max_overflow, pool_timeout) and, when not
    0, a `statement_timeout` on each of its connections."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:" and not parsed.database.startswith("file:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        connect_args = {"check_same_thread": False, "timeout": busy_timeout_ms / 1000}
        engine = create_engine(url, connect_args=connect_args, **kwargs)
        _configure_sqlite(engine, busy_timeout_ms)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        url = str(parsed.set(drivername="postgresql+psycopg"))
    if statement_timeout_ms:
        pg_args: dict[str, Any] = dict(kwargs.pop("connect_args", {}))
        pg_args["options"] = f"{pg_args.get('options', '')} -c statement_timeout={int(statement_timeout_ms)}".strip()
        kwargs["connect_args"] = pg_args
    engine = create_engine(url, **{**(pool or {}), **kwargs})
    event.listen(engine, "checkout", _alive)
    return engine


def _alive(dbapi_connection: Any, record: Any, proxy: Any) -> None:
    """A PostgreSQL connection taken from the pool is alive, or the pool drops it and takes another (or makes
    one: then an unreachable server is the error the request meets). An idle connection has nothing to read: when
    its socket has — the server ended it, or sent something unasked — it is asked a round trip to tell; else it is
    taken as it is, with no round trip. (The pool's own `pre_ping` asks every time, a round trip per request.)"""
    try:
        idle = not dbapi_connection.closed and not select.select([dbapi_connection.fileno()], [], [], 0)[0]
    except (OSError, ValueError):
        idle = False
    if idle:
        return
    try:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(";")
    except Exception as lost:  # the server's error, whatever the driver calls it
        raise DisconnectionError(f"the connection was lost: {lost}") from lost


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (see below)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()
        record.info[READ_ONLY] = False

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        read_only = bool(conn.get_execution_options().get(READ_ONLY))
        info = conn.connection.info
        if info.get(READ_ONLY) != read_only:
            conn.exec_driver_sql(f"PRAGMA query_only={'ON' if read_only else 'OFF'}")
            info[READ_ONLY] = read_only
        # IMMEDIATE: a writing transaction takes the write lock when it starts, so no two can read the same
        # state and then both write on it. DEFERRED: a reading one takes no lock (WAL readers never wait).
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def make_session_factory(engine: Engine, *, read_only: bool = False) -> sessionmaker[Session]:
    """Sessions whose transactions write (the default), or only read (DEFERRED on SQLite, READ ONLY on PostgreSQL)."""
    bind = engine.execution_options(**{READ_ONLY: True, "postgresql_readonly": True}) if read_only else engine
    return sessionmaker(bind=bind, expire_on_commit=False, autoflush=True)
