"""A RELOS server for a real browser: uvicorn serving the application over a database on a free local port,
in a thread, for as long as the `with` block lasts (the browser tests' shared way to start one)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from relos.clock import Clock
from relos.db.runtime import Database
from relos.server import create_app
from relos.settings import Settings

#: Secure cookies, as by default: browsers keep them over http on the loopback interface.
KEY = "browser-test-key-" + "x" * 32


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(
    db: Database, *, data_dir: Path | None = None, lifespan: bool = False, clock: Clock | None = None
) -> Iterator[str]:
    """The server's base address (http://127.0.0.1:PORT); the server stops and the database closes after.
    `data_dir`: the instance's data directory (its signing key), else RELOS_DATA_DIR's; `lifespan`: run the
    server's background work (audit checkpoints, the exchange worker) as `relos serve` does; `clock`: the
    application's (pinned by the test), else the real time."""
    import uvicorn

    settings = Settings(database_url=db.url, secret_key=KEY, cookie_secure=True)
    if data_dir is not None:
        settings = settings.model_copy(update={"data_dir": data_dir})
    config = uvicorn.Config(
        create_app(settings, db, clock),
        host="127.0.0.1",
        port=free_port(),
        log_level="warning",
        lifespan="on" if lifespan else "off",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        db.dispose()
