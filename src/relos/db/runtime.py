"""The composition root for storage: one Database per process, built from Settings on demand."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, configure_mappers, sessionmaker

from relos.db.engine import BUSY_TIMEOUT_MS, make_engine, make_session_factory
from relos.db.uow import SqlUnitOfWork
from relos.settings import Settings


class Database:
    """The database at `url`; `busy_timeout_ms` bounds how long an SQLite writer waits for the write lock."""

    def __init__(
        self,
        url: str,
        *,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
        pool: Mapping[str, Any] | None = None,
        statement_timeout_ms: int = 0,
    ) -> None:
        self.url = url
        self.busy_timeout_ms = busy_timeout_ms
        self.pool = dict(pool or {})  # PostgreSQL's connection pool (relos.db.engine.make_engine)
        self.statement_timeout_ms = statement_timeout_ms  # PostgreSQL; 0: none

    @classmethod
    def from_settings(cls, settings: Settings, *, limit_statements: bool = True) -> Database:
        """The configured database; `limit_statements` (the server's) applies RELOS_DB_STATEMENT_TIMEOUT_SECONDS."""
        pool = {
            "pool_size": settings.db_pool_size,
            "max_overflow": settings.db_max_overflow,
            "pool_timeout": settings.db_pool_timeout_seconds,
        }
        limit = round(settings.db_statement_timeout_seconds * 1000) if limit_statements else 0
        return cls(settings.effective_database_url, pool=pool, statement_timeout_ms=limit)

    @cached_property
    def engine(self) -> Engine:
        return make_engine(
            self.url,
            busy_timeout_ms=self.busy_timeout_ms,
            pool=self.pool,
            statement_timeout_ms=self.statement_timeout_ms,
        )

    @cached_property
    def session_factory(self) -> sessionmaker[Session]:
        return make_session_factory(self.engine)

    @cached_property
    def read_session_factory(self) -> sessionmaker[Session]:
        return make_session_factory(self.engine, read_only=True)

    def uow(self, *, read_only: bool = False) -> SqlUnitOfWork:
        """A unit of work whose transaction writes, or (`read_only`) only reads: on SQLite a reading one
        takes no write lock, so reads never queue behind writers (relos.db.engine)."""
        if read_only:
            return SqlUnitOfWork(self.read_session_factory, read_only=True)
        return SqlUnitOfWork(self.session_factory)

    def load_repositories(self) -> None:
        """Load every repository's module and its tables, and configure the ORM's mappers, as the first
        transaction to use each would (a unit of work makes its repositories on first use): a server does it at
        start, so that no request waits for it. Nothing is read."""
        with self.uow(read_only=True) as uow:
            for name in SqlUnitOfWork.MADE_ON_USE:
                getattr(uow, name)
        configure_mappers()

    def connect_ahead(self, connections: int) -> int:
        """Open up to `connections` connections at once and keep them in the pool (SQLite: one), so that the first
        requests a server takes do not wait for the driver's import, the dialect's first questions and the
        database's new sessions. How many were opened; what a database that does not answer raises is the
        caller's to handle."""
        wanted = 1 if self.engine.dialect.name == "sqlite" else max(1, min(connections, self.pool.get("pool_size", 5)))
        opened = []
        try:
            for _ in range(wanted):
                opened.append(self.engine.connect())
        finally:
            for connection in opened:
                connection.close()  # back to the pool, open
        return len(opened)

    def migrate(self) -> None:
        from relos.db.migrate import upgrade  # Alembic loads only for a migration, not for every command

        upgrade(self.engine)

    def dispose(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()
