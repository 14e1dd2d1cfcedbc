"""A PostgreSQL cluster of the reliability suite's own (Debian's binaries: initdb, pg_ctl), so that it may be
crashed and restarted (`pg_ctl restart -m immediate`) and given a full disk (a tablespace on a small tmpfs)
without touching the shared server other tests use. It listens on a free loopback port, its socket in its own
folder, and runs as the `postgres` user when the suite runs as root (initdb refuses root)."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from tests.reliability.server import free_port

OS_USER = "postgres"
#: Small, so that two clusters (one per xdist worker) beside the shared one do not crowd the machine.
SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "max_connections": "60",
    "shared_buffers": "32MB",
    "fsync": "on",  # an acknowledged commit must survive the restart the crash test makes
    "synchronous_commit": "on",
    "log_min_messages": "warning",
}


def binaries() -> Path | None:
    """The newest installed PostgreSQL's bin folder, or None when there is none."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    return found[-1].parent if found else None


class PrivateCluster:
    """One cluster in a temporary folder; `admin_url` is its superuser's URL while it runs."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="relos-pg-"))
        self.data = self.root / "data"
        self.socket_dir = self.root / "socket"
        self.log = self.root / "postgres.log"
        self.port = free_port()
        self.admin_url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
        self.as_root = os.geteuid() == 0
        self.restarts = 0

    def _run(self, *args: str, timeout: float = 120) -> None:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", OS_USER, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        assert done.returncode == 0, f"{' '.join(command)}: {done.stdout}{done.stderr}\n{self.tail()}"

    def give(self, path: Path) -> None:
        """`path` owned by the cluster's OS user (when running as root)."""
        if self.as_root:
            user = pwd.getpwnam(OS_USER)
            os.chown(path, user.pw_uid, user.pw_gid)

    def start(self) -> None:
        self.socket_dir.mkdir()
        for path in (self.root, self.socket_dir):
            self.give(path)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        settings = {**SETTINGS, "port": str(self.port), "unix_socket_directories": f"'{self.socket_dir}'"}
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.writelines(f"{name} = {value}\n" for name, value in settings.items())
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start")

    def crash_and_restart(self) -> None:
        """PostgreSQL stopped as by a crash (immediate: no checkpoint, every backend quit at once), then started:
        it recovers from its write-ahead log."""
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-m", "immediate", "-w", "-t", "60", "restart")
        self.restarts += 1

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", timeout=60)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def tail(self, lines: int = 20) -> str:
        found = self.log.read_text(errors="replace").splitlines() if self.log.exists() else []
        return "\n".join(found[-lines:])


@contextmanager
def tablespace(cluster: PrivateCluster, location: Path) -> Iterator[str]:
    """A tablespace at `location` (an empty folder, given to the cluster's user); dropped after."""
    cluster.give(location)
    name = f"relos_ts_{uuid.uuid4().hex[:8]}"
    admin = create_engine(cluster.admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE TABLESPACE {name} LOCATION '{location}'"))
    try:
        yield name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP TABLESPACE IF EXISTS {name}"))
        admin.dispose()
