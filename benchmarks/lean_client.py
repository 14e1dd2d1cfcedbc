"""A lean load generator for the API benchmarks: many keep-alive HTTP/1.1 connections driven by one asyncio
event loop, each request written as prepared bytes and each answer read by its status line and Content-Length.

On a two-core machine the clients share the processors with the server they measure. `httpx` in a thread per
client spends about 2.7 ms of processor time per approval (as much as half the server's); this client about a
tenth of that, so the server's figure is less the client's. It understands only what the API answers
(Content-Length bodies, no chunked encoding) and is not a general HTTP client.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from urllib.parse import urlsplit


def request(method: str, path: str, headers: dict[str, str]) -> bytes:
    """The bytes of a bodiless request for `path`."""
    lines = [f"{method} {path} HTTP/1.1", "Host: bench", "Content-Length: 0"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def _answer(reader: asyncio.StreamReader) -> int:
    status = int((await reader.readline()).split(b" ", 2)[1])
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        if name.lower() == b"content-length":
            length = int(value)
    await reader.readexactly(length)
    return status


def drive(base: str, connections: int, next_request: Callable[[], bytes | None]) -> list[tuple[int, float]]:
    """Send what `next_request` gives (until it gives None) over `connections` connections at once, each waiting
    for its answer before its next request: (status, milliseconds) of each request."""
    split = urlsplit(base)
    done: list[tuple[int, float]] = []

    async def connection(ready: asyncio.Event) -> None:
        reader, writer = await asyncio.open_connection(split.hostname, split.port)
        await ready.wait()
        try:
            while (sent := next_request()) is not None:
                began = time.perf_counter()
                writer.write(sent)
                status = await _answer(reader)
                done.append((status, (time.perf_counter() - began) * 1000))
        finally:
            writer.close()

    async def run() -> None:
        ready = asyncio.Event()
        tasks = [asyncio.create_task(connection(ready)) for _ in range(connections)]
        await asyncio.sleep(0.2)  # every connection open before the first request
        ready.set()
        await asyncio.gather(*tasks)

    asyncio.run(run())
    return done


def timed(
    base: str, connections: int, next_request: Callable[[], bytes | None]
) -> tuple[float, list[tuple[int, float]]]:
    """`drive`, and the seconds from the first request to the last answer."""
    began: list[float] = []

    def first_then(inner: Callable[[], bytes | None]) -> Callable[[], bytes | None]:
        def give() -> bytes | None:
            if not began:
                began.append(time.perf_counter())
            return inner()

        return give

    done = drive(base, connections, first_then(next_request))
    return time.perf_counter() - began[0], done
