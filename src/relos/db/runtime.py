"""The composition root for storage: one Database per process, built from Settings on demand."""

from __future__ import annotations

from functools import cached_property

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from relos.db.engine import make_engine, make_session_factory
from relos.db.migrate import upgrade
from relos.db.uow import SqlUnitOfWork
from relos.settings import Settings


class Database:
    def __init__(self, url: str) -> None:
        self.url = url

    @classmethod
    def from_settings(cls, settings: Settings) -> Database:
        return cls(settings.effective_database_url)

    @cached_property
    def engine(self) -> Engine:
        return make_engine(self.url)

    @cached_property
    def session_factory(self) -> sessionmaker[Session]:
        return make_session_factory(self.engine)

    def uow(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.session_factory)

    def migrate(self) -> None:
        upgrade(self.engine)

    def dispose(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()
