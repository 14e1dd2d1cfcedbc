"""FastAPI wiring in one place: the database, the unit of work, the clock and the acting user, as Annotated
aliases.

The clock (relos.clock, `app.state.clock`) is the present every route dates and judges by: what is recorded as
having happened may not lie beyond it (plus its tolerance). Tests pin it; checking credentials keeps to the
real time.

The acting user comes from `Authorization: Bearer <token>` (programs) or from the web
application's signed session cookie (then a state-changing request must carry the session's
CSRF token in `X-CSRF-Token`). Anything else is 401; checking a credential writes nothing.

Reads (GET, HEAD, OPTIONS) get a reading unit of work: on SQLite it takes no write lock, so reads never
queue behind writers (relos.db.engine). The acting user of a read is authenticated in the same transaction (one
connection, one BEGIN) that the route then reads in. A change with an `Idempotency-Key` gets a keyed one
(relos.db.idempotency, completed by relos.api.idempotency): carried out once per user and key.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Annotated, TypeVar

import anyio.to_thread
from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from relos.clock import Clock
from relos.db.idempotency import MAX_KEY_LENGTH, KeyedRequest, KeyedUnitOfWork
from relos.db.runtime import Database
from relos.db.uow import SqlUnitOfWork
from relos.domain.actor import Actor
from relos.domain.errors import NotAuthenticated
from relos.secret_key import load_secret_key
from relos.services.people import sessions
from relos.services.people.credentials import CSRF_HEADER, SESSION_COOKIE, csrf_valid, unsign
from relos.services.people.ports import Credential

_T = TypeVar("_T")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
bearer = HTTPBearer(auto_error=False, description="an API token from `relos tokens issue`")


# The two below do no I/O: `async def` keeps them on the event loop (a plain `def` would cost each request a
# hop to the thread pool and back).
async def get_database(request: Request) -> Database:
    return _database(request)


def _database(request: Request) -> Database:
    """The application's database (the dependencies below read it here rather than through get_database: each
    dependency FastAPI solves costs every request that uses it)."""
    return request.app.state.database  # type: ignore[no-any-return]


async def get_reading(request: Request) -> AsyncIterator[SqlUnitOfWork | None]:
    """A read's one reading unit of work (None for a change): the actor is authenticated in it, the route reads
    on in it, and its first block to end after that ends it; ended here if nothing did (a refused request)."""
    if request.method not in SAFE_METHODS:
        yield None
        return
    uow = _database(request).uow(read_only=True)
    try:
        yield uow
    finally:
        if uow.is_open:
            await anyio.to_thread.run_sync(uow.close)


ReadingDep = Annotated[SqlUnitOfWork | None, Depends(get_reading)]


#: Where relos.api.idempotency leaves, in the request's state, the holder of a keyed request's unit of work.
KEYED_STATE = "relos_keyed"
IdempotencyKeyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=MAX_KEY_LENGTH,
        description="changes only: a repeat of the request with the same key (yours alone) returns the first "
        "answer and changes nothing; the same key with a different request is 409",
    ),
]


async def get_uow(
    request: Request,
    actor: Annotated[Actor, Depends(get_actor)],
    reading: ReadingDep,
    idempotency_key: IdempotencyKeyHeader = None,
) -> SqlUnitOfWork:
    """Reads get the request's reading unit of work (the one the actor was authenticated in); changes a writing
    one, keyed when the request carries a key."""
    database = _database(request)
    if request.method in SAFE_METHODS:
        return reading if reading is not None else database.uow(read_only=True)
    holder = getattr(request.state, KEYED_STATE, None)
    if idempotency_key is None or holder is None:
        return database.uow()
    holder.uow = keyed = _keyed(database, actor, idempotency_key, request, await _body(request))
    return keyed


async def _body(request: Request) -> bytes:
    try:
        return await request.body()
    except RuntimeError:  # the stream was read as a form: no JSON body to tell requests apart by
        return b""


def _keyed(database: Database, actor: Actor, key: str, request: Request, body: bytes) -> KeyedUnitOfWork:
    """The unit of work of a change carrying `Idempotency-Key` `key` (relos.db.idempotency)."""
    return KeyedUnitOfWork(
        database.session_factory,
        KeyedRequest.of(
            user=actor.user_id, key=key, method=request.method, path=request.url.path, query=request.url.query,
            body=body,
        ),
    )  # fmt: skip


async def get_plain_uow(request: Request) -> SqlUnitOfWork:
    """A writing unit of work that ignores `Idempotency-Key`: for an answer that must never be stored (a secret)."""
    return _database(request).uow()


async def get_clock(request: Request) -> Clock:
    return request.app.state.clock  # type: ignore[no-any-return]


def secret_key(request: Request) -> bytes:
    """The server's key, loaded once per application."""
    state = request.app.state
    if getattr(state, "secret_key", None) is None:
        state.secret_key = load_secret_key(state.settings)
    return state.secret_key  # type: ignore[no-any-return]


def _secret_of(request: Request, credentials: HTTPAuthorizationCredentials | None) -> tuple[str, str]:
    """The secret the request signs in with and its kind ("token" or "session"), checked for its form without the
    database; 401 problem+json when there is none, or it is malformed."""
    header = request.headers.get("authorization")
    if header is not None:
        if credentials is None or not credentials.credentials or len(credentials.credentials) > 256:
            raise NotAuthenticated.of(
                "notauthenticated.send_authorization_bearer_token_token",
                "send `Authorization: Bearer <token>` with a token from `relos tokens issue`",
            )
        return credentials.credentials, "token"
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie is not None:
        key = secret_key(request)
        secret = unsign(key, cookie)
        if secret is None:
            raise NotAuthenticated.of(
                "notauthenticated.session_cookie_not_valid_sign", "the session cookie is not valid: sign in again"
            )
        return secret, "session"
    raise NotAuthenticated.of(
        "notauthenticated.sign_send_authorization_bearer_token", "sign in: send `Authorization: Bearer <token>`"
    )


def get_actor(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    reading: ReadingDep,
) -> Actor:
    """The acting user, from a bearer token or a web session; 401 problem+json otherwise."""
    secret, kind = _secret_of(request, credentials)
    actor = _signed_in(request, _database(request), reading, secret, kind, datetime.now(UTC))
    _require_csrf(request, secret, kind)
    return actor


def _require_csrf(request: Request, secret: str, kind: str) -> None:
    """A change signed by cookie carries the session's CSRF token (checked once its session is authenticated)."""
    changes = request.method not in SAFE_METHODS
    if kind == "session" and changes and not csrf_valid(secret_key(request), secret, request.headers.get(CSRF_HEADER)):
        raise NotAuthenticated.of(
            "notauthenticated.request_signed_cookie_must_carry",
            "a request signed in by cookie must carry the session's {CSRF_HEADER} header",
            CSRF_HEADER=CSRF_HEADER,
        )


class Reader:
    """A read's whole work in one trip to the thread pool: the acting user authenticated, then `use` given the
    reading unit of work (the same transaction) and the actor; the unit of work ended after. (With `ActorDep` and
    `UowDep` a read goes to the thread pool twice: once to authenticate, once for the route.)"""

    def __init__(self, request: Request, secret: str = "", kind: str = "", *, actor: Actor | None = None) -> None:
        self._request, self._secret, self._kind, self._actor = request, secret, kind, actor

    async def __call__(self, use: Callable[[SqlUnitOfWork, Actor], _T]) -> _T:
        return await anyio.to_thread.run_sync(self._run, use)

    def _run(self, use: Callable[[SqlUnitOfWork, Actor], _T]) -> _T:
        request = self._request
        database = _database(request)
        uow = database.uow(read_only=True)
        try:
            actor = self._actor
            if actor is None:
                actor = _signed_in(request, database, uow, self._secret, self._kind, datetime.now(UTC))
            return use(uow, actor)
        finally:
            uow.close()


class Changer:
    """A change's whole work in one trip to the thread pool: the acting user authenticated (and a cookie-signed
    request's CSRF token checked), then `use` given the change's unit of work and the actor. Without an
    `Idempotency-Key` the credential is checked in the change's own transaction, which its first block goes on
    in; with one, as `get_uow` does (the keyed unit of work, for the user). (With `ActorDep` and `UowDep` a
    change goes to the thread pool three times: to authenticate, for the route, and to check its answer.)"""

    def __init__(
        self, request: Request, secret: str, kind: str, key: str | None, body: bytes, *, actor: Actor | None = None
    ) -> None:
        self._request, self._secret, self._kind, self._key, self._body = request, secret, kind, key, body
        self._actor = actor

    async def __call__(self, use: Callable[[SqlUnitOfWork, Actor], _T]) -> _T:
        return await anyio.to_thread.run_sync(self._run, use)

    def _run(self, use: Callable[[SqlUnitOfWork, Actor], _T]) -> _T:
        request = self._request
        database = _database(request)
        holder = getattr(request.state, KEYED_STATE, None)
        keyed = self._key is not None and holder is not None
        own = None if keyed else database.uow()  # a keyed unit of work is ended by relos.api.idempotency
        try:
            actor = self._actor
            if actor is None:
                actor = _signed_in(request, database, own, self._secret, self._kind, datetime.now(UTC))
                _require_csrf(request, self._secret, self._kind)
            if own is not None:
                return use(own, actor)
            assert self._key is not None and holder is not None
            holder.uow = keyed_uow = _keyed(database, actor, self._key, request, self._body)
            return use(keyed_uow, actor)
        finally:
            if own is not None:
                own.close()


async def get_changer(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    idempotency_key: IdempotencyKeyHeader = None,
) -> Changer:
    """A change route's `Changer`: the request's credential checked for its form here (no database), the rest in
    the changer's one trip to the thread pool; a stand-in for `get_actor` acts here too (as in `get_reader`)."""
    body = b""
    if idempotency_key is not None and getattr(request.state, KEYED_STATE, None) is not None:
        body = await _body(request)
    stand_in = request.app.dependency_overrides.get(get_actor)
    if stand_in is not None:
        return Changer(request, "", "", idempotency_key, body, actor=stand_in())
    secret, kind = _secret_of(request, credentials)
    return Changer(request, secret, kind, idempotency_key, body)


async def get_reader(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> Reader:
    """A GET route's `Reader`: the request's credential checked for its form here (no database), the rest in the
    reader's one trip to the thread pool. Where the application stands another in for `get_actor` (FastAPI's
    `dependency_overrides`, as tests do), that one acts here too."""
    stand_in = request.app.dependency_overrides.get(get_actor)
    if stand_in is not None:
        return Reader(request, actor=stand_in())
    secret, kind = _secret_of(request, credentials)
    return Reader(request, secret, kind)


def _signed_in(
    request: Request, database: Database, reading: SqlUnitOfWork | None, secret: str, kind: str, now: datetime
) -> Actor:
    """The actor of a token or session secret (read-only), kept with its credential in the request's state;
    authenticated in the request's `reading` unit of work (a read's, or an unkeyed change's, held open for the
    route) when there is one, else in a reading one of its own."""
    if reading is None:
        actor, credential = sessions.authenticate(database.uow(read_only=True), secret=secret, kind=kind, now=now)
    else:
        reading.hold()
        try:
            actor, credential = sessions.authenticate(reading, secret=secret, kind=kind, now=now)
        finally:
            reading.release()
    request.state.credential = credential
    return actor


def get_credential(request: Request, actor: Annotated[Actor, Depends(get_actor)]) -> Credential | None:
    """The token or session the acting user signed in with (None only where a test stands in for get_actor)."""
    return getattr(request.state, "credential", None)


DatabaseDep = Annotated[Database, Depends(get_database)]
UowDep = Annotated[SqlUnitOfWork, Depends(get_uow)]
PlainUowDep = Annotated[SqlUnitOfWork, Depends(get_plain_uow)]
ActorDep = Annotated[Actor, Depends(get_actor)]
CredentialDep = Annotated[Credential | None, Depends(get_credential)]
ReaderDep = Annotated[Reader, Depends(get_reader)]
ChangerDep = Annotated[Changer, Depends(get_changer)]
ClockDep = Annotated[Clock, Depends(get_clock)]
