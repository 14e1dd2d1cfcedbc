"""Hardening: a request body larger than RELOS_MAX_REQUEST_BYTES is refused with 413 problem+json,
whether it declares its length (refused before it is read) or streams it (refused on the byte
that crosses the limit)."""

from __future__ import annotations

import json
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from relos.api.problems import PROBLEM, REQUEST_TOO_LARGE


def _too_large(limit: int) -> str:
    return f"the request body is larger than {limit} bytes"


class RequestSizeLimit:
    """ASGI middleware; `max_bytes` bounds every request body."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(send)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise HTTPException(413, _too_large(self.max_bytes))
            return message

        await self.app(scope, limited, send)

    async def _refuse(self, send: Send) -> None:
        body: dict[str, Any] = {
            "type": REQUEST_TOO_LARGE,
            "title": "Request body too large",
            "status": 413,
            "detail": _too_large(self.max_bytes),
        }
        data = json.dumps(body).encode()
        headers = [(b"content-type", PROBLEM.encode()), (b"content-length", str(len(data)).encode())]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": data})
