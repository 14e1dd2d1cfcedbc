"""Each request's id and its one log line: X-Request-ID is taken when the client sends a usable one (up to 128
letters, digits, `.`, `_`, `-`), made otherwise, returned in the response's X-Request-ID and carried by every
log line written while the request runs (relos.logs). The line says method, path (never the query), route,
status, duration and client address; metrics (relos.api.metrics) are counted from the same observation."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from relos.logs import request_id

HEADER = b"x-request-id"
_USABLE = re.compile(rb"[A-Za-z0-9._-]{1,128}")
log = logging.getLogger("relos.http")

#: Told of each answered request: (scope, status, seconds, the body when the observer asked for it).
Observer = Callable[[Scope, int, float, bytes], None]


#: Where the route's template is kept in the request's scope once worked out (the log line and the metrics ask).
_TEMPLATE = "relos.route_template"


def route_template(scope: Scope) -> str:
    """The path as its route declares it (`/api/v1/deployments/{deployment_id}`), or `unmatched`: the path with
    each matched parameter put back as its name (the same on every FastAPI version, included routers or not);
    worked out once a request."""
    if scope.get("route") is None and scope.get("endpoint") is None:
        return "unmatched"
    known: str | None = scope.get(_TEMPLATE)
    if known is None:
        known = scope[_TEMPLATE] = _template(scope)
    return known


def _template(scope: Scope) -> str:
    path = str(scope.get("path", ""))
    params = scope.get("path_params") or {}
    segments = path.split("/")
    for name, value in params.items():
        text = str(value)
        if "/" in text and text in path:
            path = path.replace(text, "{" + name + "}", 1)
            segments = path.split("/")
        else:
            segments = ["{" + name + "}" if s == text else s for s in segments]
            path = "/".join(segments)
    return path


class RequestLog:
    """ASGI middleware: the request id, one JSON log line per request, and the observers (metrics)."""

    def __init__(
        self, app: ASGIApp, *, observers: tuple[Observer, ...] = (), wants_body: Callable[[Scope], bool] | None = None
    ) -> None:
        self.app = app
        self.observers = observers
        self.wants_body = wants_body or (lambda _: False)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers") or []).get(HEADER, b"")
        rid = given.decode() if _USABLE.fullmatch(given) else uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500
        body = bytearray()

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != HEADER]
                message = {**message, "headers": [*headers, (HEADER, rid.encode())]}
            elif message["type"] == "http.response.body" and self.wants_body(scope) and len(body) < 65_536:
                body.extend(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            seconds = time.perf_counter() - started
            client = scope.get("client")
            log.info(
                "%s %s %s",
                scope.get("method"),
                scope.get("path"),
                status,
                extra={
                    "method": scope.get("method"),
                    "path": scope.get("path"),
                    "route": route_template(scope),
                    "status": status,
                    "duration_ms": round(seconds * 1000, 3),
                    "client": client[0] if client else None,
                },
            )
            for observe in self.observers:
                try:
                    observe(scope, status, seconds, bytes(body))
                except Exception:  # a metric must never break an answer
                    log.exception("metrics observer failed")
            request_id.reset(token)
