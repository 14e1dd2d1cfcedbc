"""Idempotency-Key over HTTP: a change carried out once per user and key (relos.db.idempotency).

The middleware gives each change that carries a key a holder in the request's state; the unit of work
(relos.api.deps.get_uow) registers there. When the answer is ready, a success (2xx) is stored with the
key and the held change committed together, before the client sees it; any other answer, or a
failure, undoes the held change. A repeat is answered from the store (`Idempotent-Replayed: true`).

The held change keeps its transaction (SQLite's write lock, PostgreSQL's locks and connection) until then, and
what remains of its request (checking the answer, then the commit) needs a thread. So that threads are always
free for that, at most CHANGES_AT_ONCE changes of a process run at once, the others waiting their turn
without a thread (on SQLite changes are serialised anyway), and the commit or undo runs on threads of its own:
otherwise, with as many changes waiting for the lock as the server has threads, the one holding it could not
finish until they gave up as busy.
"""

from __future__ import annotations

from collections.abc import Callable

import anyio.to_thread
from anyio import CapacityLimiter
from fastapi import FastAPI, Request
from fastapi.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from relos.api.deps import KEYED_STATE, SAFE_METHODS
from relos.api.problems import database_problem
from relos.db.idempotency import KeyedUnitOfWork, Replayed

REPLAYED_HEADER = "Idempotent-Replayed"
#: Changes a server process carries out at once (its threads for requests are 40, anyio's default).
CHANGES_AT_ONCE = 16


class KeyedAnswer:
    """The holder: the keyed unit of work of one request, if its route opened one."""

    uow: KeyedUnitOfWork | None = None

    def finish(self, status: int, body: bytes) -> None:
        if self.uow is None:
            return
        if 200 <= status < 300:
            self.uow.finish(status, body.decode())
        else:
            self.uow.abort()

    def abort(self) -> None:
        if self.uow is not None:
            self.uow.abort()


class IdempotentRequests:
    """ASGI middleware: holds back the answer to a keyed change until it is stored with its key."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._ends: CapacityLimiter | None = None  # made in the event loop, at the first change
        self._changes: CapacityLimiter | None = None

    async def _end(self, step: Callable[..., None], *args: object) -> None:
        """Commit or undo a held change on the threads kept for that (see the module's docstring)."""
        if self._ends is None:
            self._ends = CapacityLimiter(40)
        await anyio.to_thread.run_sync(step, *args, limiter=self._ends)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        if self._changes is None:
            self._changes = CapacityLimiter(CHANGES_AT_ONCE)
        async with self._changes:
            await self._change(scope, receive, send)

    async def _change(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not any(name == b"idempotency-key" for name, _ in scope.get("headers") or []):
            await self.app(scope, receive, send)
            return
        holder = KeyedAnswer()
        scope.setdefault("state", {})[KEYED_STATE] = holder
        messages: list[Message] = []

        async def hold(message: Message) -> None:
            messages.append(message)

        try:
            await self.app(scope, receive, hold)
        except BaseException:
            await self._end(holder.abort)
            raise
        start = next((m for m in messages if m["type"] == "http.response.start"), None)
        status = start["status"] if start is not None else 500
        body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
        try:
            await self._end(holder.finish, status, body)
        except Exception as exc:  # the commit failed: the change is not made, and the client must know
            failed = database_problem(exc)
            await failed(scope, receive, send)
            return
        for message in messages:
            await send(message)


def install(app: FastAPI) -> None:
    app.add_middleware(IdempotentRequests)

    @app.exception_handler(Replayed)
    async def _replayed(_: Request, exc: Replayed) -> Response:
        return Response(
            content=exc.body,
            status_code=exc.status,
            media_type="application/json" if exc.body else None,
            headers={REPLAYED_HEADER: "true"},
        )
