"""FastAPI wiring in one place: the database, the unit of work and the acting user, as Annotated aliases.

The acting user comes from `Authorization: Bearer <token>` (programs) or from the web
application's signed session cookie (then a state-changing request must carry the session's
CSRF token in `X-CSRF-Token`). Anything else is 401; checking a credential writes nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from relos.db.runtime import Database
from relos.db.uow import SqlUnitOfWork
from relos.domain.actor import Actor
from relos.domain.errors import NotAuthenticated
from relos.secret_key import load_secret_key
from relos.services.people import sessions, tokens
from relos.services.people.credentials import CSRF_HEADER, SESSION_COOKIE, csrf_valid, unsign

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
bearer = HTTPBearer(auto_error=False, description="an API token from `relos tokens issue`")


# The two below do no I/O: `async def` keeps them on the event loop (a plain `def` would cost each request a
# hop to the thread pool and back).
async def get_database(request: Request) -> Database:
    return request.app.state.database  # type: ignore[no-any-return]


async def get_uow(database: Annotated[Database, Depends(get_database)]) -> SqlUnitOfWork:
    return database.uow()


def secret_key(request: Request) -> bytes:
    """The server's key, loaded once per application."""
    state = request.app.state
    if getattr(state, "secret_key", None) is None:
        state.secret_key = load_secret_key(state.settings)
    return state.secret_key  # type: ignore[no-any-return]


def get_actor(
    request: Request,
    database: Annotated[Database, Depends(get_database)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Actor:
    """The acting user, from a bearer token or a web session; 401 problem+json otherwise."""
    now = datetime.now(UTC)
    header = request.headers.get("authorization")
    if header is not None:
        if credentials is None or not credentials.credentials or len(credentials.credentials) > 256:
            raise NotAuthenticated("send `Authorization: Bearer <token>` with a token from `relos tokens issue`")
        return tokens.authenticate_token(database.uow(), secret=credentials.credentials, now=now)
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie is not None:
        key = secret_key(request)
        secret = unsign(key, cookie)
        if secret is None:
            raise NotAuthenticated("the session cookie is not valid: sign in again")
        actor = sessions.authenticate_session(database.uow(), secret=secret, now=now)
        if request.method not in SAFE_METHODS and not csrf_valid(key, secret, request.headers.get(CSRF_HEADER)):
            raise NotAuthenticated(f"a request signed in by cookie must carry the session's {CSRF_HEADER} header")
        return actor
    raise NotAuthenticated("sign in: send `Authorization: Bearer <token>`")


DatabaseDep = Annotated[Database, Depends(get_database)]
UowDep = Annotated[SqlUnitOfWork, Depends(get_uow)]
ActorDep = Annotated[Actor, Depends(get_actor)]
