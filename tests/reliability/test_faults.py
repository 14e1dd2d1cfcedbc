"""Database faults under the running server: each change during the fault is answered 503 problem+json (never a
text/plain 500) and leaves nothing behind; once the fault clears the next change is 2xx without a restart, and
the invariants hold.

- PostgreSQL unreachable: the test's database refuses new connections (ALTER DATABASE … ALLOW_CONNECTIONS false)
  and the server's connections are ended (pg_terminate_backend); the shared cluster itself is never restarted.
- SQLite on a small tmpfs of the test's own (mounted for the test: this needs root, as in CI): a full disk (a
  ballast file fills the filesystem, then is removed).
- SQLite read-only: the database file and its WAL made immutable (`chattr +i`: chmod would not stop root, who runs
  CI, nor a file the server already holds open), then writable again. A moved-away database file is not simulated:
  a server keeps writing to the file it has open, wherever it is moved.
"""

from __future__ import annotations

import random
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from tests.reliability import world
from tests.reliability.conftest import serving
from tests.reliability.server import Server, terminate_backends
from tests.reliability.verify import broken_invariants
from tests.reliability.workload import Record

PROBLEM = "application/problem+json"


def _create(server: Server, marker: str) -> httpx.Response:
    """A deployment of Russia's marked by `marker` (also its Idempotency-Key)."""
    body = world.deployment(random.Random(marker), "RUS", marker)
    headers = {"Authorization": f"Bearer {server.tokens['rus.requester']}", "Idempotency-Key": marker}
    return httpx.post(f"{server.base}/api/v1/deployments", json=body, headers=headers, timeout=60)


def _stored(server: Server, marker: str) -> int:
    engine = create_engine(server.database_url)
    with engine.connect() as conn:
        found = conn.execute(text("SELECT count(*) FROM deployments WHERE note = :m"), {"m": marker}).scalar_one()
    engine.dispose()
    return int(found)


def _through_the_fault(server: Server, reasons: set[str], make: Any, clear: Any) -> None:
    assert _create(server, world.key()).status_code == 201  # the server serves before the fault
    marker = world.key()
    make()
    try:
        r = _create(server, marker)
        assert r.status_code == 503 and r.headers["content-type"] == PROBLEM, (r.status_code, r.text)
        assert r.json()["type"] == "/problems/database-unavailable" and r.json()["reason"] in reasons, r.text
    finally:
        clear()
    assert _stored(server, marker) == 0, "a change refused with 503 left a row behind"
    again = _create(server, marker)  # the same request, its key: nothing was kept, so it is carried out now
    assert again.status_code == 201, again.text
    assert _stored(server, marker) == 1
    broken = broken_invariants(server, Record())
    assert broken == [], "\n".join(broken)


@pytest.mark.parametrize("served", ["postgres"], indirect=True)
def test_postgres_unreachable_is_503_and_recovers_by_itself(served: Server) -> None:
    assert served.admin_url is not None
    name = make_url(served.database_url).database
    admin = create_engine(served.admin_url, isolation_level="AUTOCOMMIT")

    def allow(on: bool) -> None:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {"true" if on else "false"}'))

    def make() -> None:
        allow(False)
        terminate_backends(served.admin_url or "", served.database_url)

    try:
        _through_the_fault(served, {"unreachable"}, make, lambda: allow(True))
    finally:
        allow(True)
        admin.dispose()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 16 MB tmpfs of this test's own, unmounted after."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.fixture
def on_small_disk(small_disk: Path, tmp_path: Path) -> Iterator[Server]:
    with serving(f"sqlite:///{small_disk / 'relos.sqlite3'}", tmp_path, 1) as server:
        yield server


def test_sqlite_full_disk_is_503_and_recovers_by_itself(on_small_disk: Server, small_disk: Path) -> None:
    ballast = small_disk / f"ballast-{uuid.uuid4().hex}"

    def fill() -> None:
        subprocess.run(["dd", "if=/dev/zero", f"of={ballast}", "bs=64k"], capture_output=True, check=False)

    _through_the_fault(on_small_disk, {"full"}, fill, lambda: ballast.unlink())


@pytest.mark.parametrize("served", ["sqlite"], indirect=True)
def test_sqlite_read_only_is_503_and_recovers_by_itself(served: Server) -> None:
    path = Path(make_url(served.database_url).database or "")
    files = [str(p) for p in (path, path.with_name(path.name + "-wal")) if p.exists()]

    def immutable(flag: str) -> None:
        done = subprocess.run(["chattr", flag, *files], capture_output=True, check=False)
        if done.returncode != 0:
            pytest.skip(f"cannot make a file immutable here (chattr, needs root on ext4): {done.stderr.decode()}")

    _through_the_fault(served, {"read-only", "unreachable"}, lambda: immutable("+i"), lambda: immutable("-i"))
