"""A request handed straight to the ASGI application, with no HTTP client or server around it: the time the
application itself takes to answer (routing, middleware, authentication, the route), for benchmarks that put
a warm figure beside a client's."""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import Any


def _scope(path: str, query: str, headers: dict[str, str]) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"bench"), *((k.lower().encode(), v.encode()) for k, v in headers.items())],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
        "state": {},
    }


def median_get_ms(app: Any, url: str, headers: dict[str, str], n: int, warm: int = 3) -> float:
    """The median milliseconds the application takes to answer GET `url` (path?query), over `n` calls after
    `warm` (each must answer 200)."""
    path, _, query = url.partition("?")

    async def once() -> float:
        status: list[int] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])

        began = time.perf_counter()
        await app(_scope(path, query, headers), receive, send)
        took = time.perf_counter() - began
        if status != [200]:
            raise RuntimeError(f"GET {url} answered {status}")
        return took

    async def run() -> list[float]:
        for _ in range(warm):
            await once()
        return [await once() for _ in range(n)]

    return statistics.median(asyncio.run(run())) * 1000
