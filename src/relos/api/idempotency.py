"""Idempotency-Key over HTTP: a change carried out once per user and key (relos.db.idempotency).

The middleware gives each change that carries a key a holder in the request's state; the unit of work
(relos.api.deps.get_uow) registers there. When the answer is ready, a success (2xx) is stored with the
key and the held change committed together, before the client sees it; any other answer, or a
failure, undoes the held change. A repeat is answered from the store (`Idempotent-Replayed: true`).
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from relos.api.deps import KEYED_STATE, SAFE_METHODS
from relos.api.problems import database_problem
from relos.db.idempotency import KeyedUnitOfWork, Replayed

REPLAYED_HEADER = "Idempotent-Replayed"


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

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] in SAFE_METHODS
            or not any(name == b"idempotency-key" for name, _ in scope.get("headers") or [])
        ):
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
            await run_in_threadpool(holder.abort)
            raise
        start = next((m for m in messages if m["type"] == "http.response.start"), None)
        status = start["status"] if start is not None else 500
        body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
        try:
            await run_in_threadpool(holder.finish, status, body)
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
