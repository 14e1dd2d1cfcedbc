"""The real server for the reliability suite: `relos init`, then `relos serve` as a subprocess on a free
loopback port, over a database of its own (an SQLite file in the test's folder, or a PostgreSQL database
created for the test in the suite's own cluster and dropped after), killed or stopped at will."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

if TYPE_CHECKING:
    from tests.reliability.private_postgres import PrivateCluster

SECRET = "reliability-suite-secret-" + "k" * 32


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def postgres_database(admin_url: str, tablespace: str | None = None) -> Iterator[str]:
    """A fresh, empty database on the server of `admin_url` (in `tablespace` when given), its URL; dropped (with
    its connections) after."""
    name = f"relos_rel_{uuid.uuid4().hex[:12]}"
    # No pool: a connection kept from before the cluster was restarted would be dead by the drop.
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"' + (f" TABLESPACE {tablespace}" if tablespace else "")))
    try:
        yield str(make_url(admin_url).set(database=name).render_as_string(hide_password=False))
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def terminate_backends(admin_url: str, database_url: str) -> int:
    """pg_terminate_backend on every connection to the database of `database_url`; how many were ended."""
    name = make_url(database_url).database
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        ended = conn.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = :n AND pid <> pg_backend_pid()"
            ),
            {"n": name},
        ).scalar_one()
    admin.dispose()
    return int(ended)


class Server:
    """One `relos serve` (its process group: uvicorn's supervisor and its workers) on `base`."""

    def __init__(self, database_url: str, data_dir: Path, *, workers: int = 1) -> None:
        self.database_url = database_url
        self.data_dir = data_dir
        self.workers = workers
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = data_dir / "server.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.tokens: dict[str, str] = {}  # user -> bearer token, once the world is made
        self.cluster: PrivateCluster | None = None  # PostgreSQL: the suite's cluster the database is in

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("RELOS_")}
        env.update(
            RELOS_DATABASE_URL=self.database_url,
            RELOS_DATA_DIR=str(self.data_dir),
            RELOS_SECRET_KEY=SECRET,
            RELOS_RATE_LIMIT_PER_MINUTE="0",
            RELOS_AUDIT_CHECKPOINT_MINUTES="0",
        )
        return env

    def relos(self, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        """`relos ARGS` on this server's database, as an operator at the console would run it."""
        return subprocess.run(
            [sys.executable, "-m", "relos.cli.main", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def init(self) -> None:
        done = self.relos("init")
        assert done.returncode == 0, done.stdout + done.stderr

    @property
    def backend(self) -> str:
        return "SQLite" if self.database_url.startswith("sqlite") else f"PostgreSQL ({self.workers} workers)"

    @property
    def serve_args(self) -> list[str]:
        return ["--port", str(self.port), "--workers", str(self.workers)]

    def start(self, *, timeout: float = 90) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "relos.cli.main", "serve", *self.serve_args],
                env=self.env,
                stdout=log,
                stderr=log,
                start_new_session=True,  # its own process group: a kill takes the workers too
            )
        self.wait_ready(timeout)

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while True:
            assert self.process is not None and self.process.poll() is None, self.tail()
            try:
                if httpx.get(f"{self.base}/api/v1/ready", timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the server did not become ready\n" + self.tail()
            time.sleep(0.2)

    def kill(self) -> None:
        """SIGKILL to the whole process group, at once, as a crash would."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except (subprocess.TimeoutExpired, ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None

    def tail(self, lines: int = 40) -> str:
        found = self.log.read_text(errors="replace").splitlines() if self.log.exists() else []
        return "\n".join(found[-lines:])
