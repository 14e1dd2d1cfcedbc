"""FastAPI wiring in one place: the database, the unit of work and the acting user, as Annotated aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from relos.db.runtime import Database
from relos.db.uow import SqlUnitOfWork
from relos.domain.actor import Actor


def get_database(request: Request) -> Database:
    return request.app.state.database  # type: ignore[no-any-return]


def get_uow(database: Annotated[Database, Depends(get_database)]) -> SqlUnitOfWork:
    return database.uow()


def get_actor(request: Request) -> Actor:
    """The acting user. Until sign-in lands (issue 3) the API acts as the local operator."""
    return Actor.operator("api")


DatabaseDep = Annotated[Database, Depends(get_database)]
UowDep = Annotated[SqlUnitOfWork, Depends(get_uow)]
ActorDep = Annotated[Actor, Depends(get_actor)]
