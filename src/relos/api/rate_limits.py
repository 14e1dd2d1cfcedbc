"""Limits on what one client may ask: sign-in attempts per client address, requests per client, and how long a
request body may take to arrive.

- Sign-in (POST /sign-in): at most RELOS_SIGN_IN_ATTEMPTS_PER_ADDRESS attempts per client address in
  SIGN_IN_WINDOW, whichever accounts they name; the account's own lock-out (relos.domain.users) stays.
- Requests: at most RELOS_RATE_LIMIT_PER_MINUTE per client (its bearer token, else its address; 0: no limit),
  a bucket refilled evenly, so a burst of that size passes.
- Both answer 429 problem+json with Retry-After (whole seconds until the next attempt may pass).
- A body whose next part takes longer than RELOS_REQUEST_BODY_TIMEOUT_SECONDS to arrive is refused with 408.

The sign-in attempts are counted in the file RELOS_SIGN_IN_COUNTS_FILE when it is set (`relos serve --workers N`
sets it for its workers: relos.api.shared_window), so that every worker counts an address's attempts together;
else, and always for the requests per client, each server process counts its own.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import math
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from relos.api.problems import PROBLEM
from relos.api.shared_window import SharedSlidingWindow

SIGN_IN_PATH = "/sign-in"
SIGN_IN_WINDOW = 15 * 60.0
TOO_MANY_REQUESTS = "/problems/too-many-requests"
_MAX_CLIENTS = 100_000  # the oldest forgotten beyond this many


class SlidingWindow:
    """At most `limit` events per `window` seconds per key."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._seen: OrderedDict[str, deque[float]] = OrderedDict()

    def take(self, key: str) -> float:
        """Count an event; 0 when it may pass, else the seconds until one may."""
        now = self.clock()
        events = self._seen.setdefault(key, deque())
        self._seen.move_to_end(key)
        while events and events[0] <= now - self.window:
            events.popleft()
        if len(events) >= self.limit:
            return events[0] + self.window - now
        events.append(now)
        while len(self._seen) > _MAX_CLIENTS:
            self._seen.popitem(last=False)
        return 0.0


class TokenBucket:
    """`per_minute` requests a minute per key, refilled evenly; a full bucket lets a burst of that size pass."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.size, self.rate, self.clock = float(per_minute), per_minute / 60.0, clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, key: str) -> float:
        now = self.clock()
        tokens, then = self._buckets.pop(key, (self.size, now))
        tokens = min(self.size, tokens + (now - then) * self.rate)
        if tokens < 1:
            self._buckets[key] = (tokens, now)
            return (1 - tokens) / self.rate
        self._buckets[key] = (tokens - 1, now)
        while len(self._buckets) > _MAX_CLIENTS:
            self._buckets.popitem(last=False)
        return 0.0


def client_key(scope: Scope) -> str:
    """The bearer token (hashed) when the request carries one, else the client address."""
    auth = dict(scope.get("headers") or []).get(b"authorization", b"")
    if auth.lower().startswith(b"bearer "):
        return "token:" + hashlib.sha256(auth[7:].strip()).hexdigest()
    client = scope.get("client")
    return "address:" + (client[0] if client else "unknown")


class ClientLimits:
    """ASGI middleware applying the limits above."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        sign_ins_per_address: int,
        per_minute: int,
        body_timeout: float | None,
        sign_in_counts: Path | None = None,
    ) -> None:
        self.app = app
        self.sign_ins: SlidingWindow | SharedSlidingWindow | None = None
        if sign_ins_per_address and sign_in_counts is not None:
            self.sign_ins = SharedSlidingWindow(sign_in_counts, sign_ins_per_address, SIGN_IN_WINDOW)
        elif sign_ins_per_address:
            self.sign_ins = SlidingWindow(sign_ins_per_address, SIGN_IN_WINDOW)
        self.requests = TokenBucket(per_minute) if per_minute else None
        self.body_timeout = body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.requests is not None:
            wait = self.requests.take(client_key(scope))
            if wait:
                await _refuse(send, wait, "this client has sent more requests than its rate allows")
                return
        if self.sign_ins is not None and scope.get("method") == "POST" and scope.get("path") == SIGN_IN_PATH:
            client = scope.get("client")
            address = client[0] if client else "unknown"
            shared = isinstance(self.sign_ins, SharedSlidingWindow)  # a file to write: not on the event loop
            wait = await run_in_threadpool(self.sign_ins.take, address) if shared else self.sign_ins.take(address)
            if wait:
                await _refuse(send, wait, "too many sign-in attempts from this address")
                return
        await self.app(scope, self._timed(receive) if self.body_timeout else receive, send)

    def _timed(self, receive: Receive) -> Receive:
        complete = False

        async def timed() -> Message:
            nonlocal complete
            if complete:  # the body is in: waiting for a disconnect is not a slow body
                return await receive()
            try:
                async with asyncio.timeout(self.body_timeout):  # no task of its own, as wait_for would make
                    message = await receive()
            except TimeoutError:
                raise HTTPException(408, f"the request body did not arrive within {self.body_timeout:g} s")
            complete = message["type"] != "http.request" or not message.get("more_body", False)
            return message

        return timed


async def _refuse(send: Send, wait: float, detail: str) -> None:
    retry = max(1, math.ceil(wait))
    body = {
        "type": TOO_MANY_REQUESTS,
        "title": "Too many requests",
        "status": 429,
        "detail": f"{detail}: try again in {retry} s",
    }
    data = json.dumps(body).encode()
    headers = [
        (b"content-type", PROBLEM.encode()),
        (b"content-length", str(len(data)).encode()),
        (b"retry-after", str(retry).encode()),
    ]
    await send({"type": "http.response.start", "status": 429, "headers": headers})
    await send({"type": "http.response.body", "body": data})
