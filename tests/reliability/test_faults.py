"""Database faults under the running server: each change during the fault is answered 503 problem+json (never a
text/plain 500), the server's log says why, and the change leaves nothing behind; once the fault clears the next
change is 2xx without a restart, and the invariants hold.

- PostgreSQL unreachable: the test's database refuses new connections (ALTER DATABASE … ALLOW_CONNECTIONS false)
  and the server's connections are ended (pg_terminate_backend).
- A full disk, on a small tmpfs of the test's own (mounted for the test: this needs root, as in CI) which a
  ballast file fills, then is removed: SQLite's database file on it; PostgreSQL's test database in a tablespace
  on it (the suite's own cluster; its write-ahead log stays on the main disk: a full WAL disk stops PostgreSQL
  itself, which the server then meets as an unreachable database).
- SQLite read-only: the database file and its WAL made immutable (`chattr +i`: chmod would not stop root, who runs
  CI, nor a file the server already holds open), then writable again. A moved-away database file is not simulated:
  a server keeps writing to the file it has open, wherever it is moved.
"""

from __future__ import annotations

import random
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from tests.reliability import world
from tests.reliability.conftest import serving
from tests.reliability.private_postgres import PrivateCluster, tablespace
from tests.reliability.server import Server, postgres_database, terminate_backends
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


def _through_the_fault(server: Server, reasons: set[str], make: Any, clear: Any, *, attempts: int = 1) -> None:
    """`attempts` > 1: creates that still fit (in pages PostgreSQL had room in) may be acknowledged, and must then
    be stored, until one is refused."""
    assert _create(server, world.key()).status_code == 201  # the server serves before the fault
    fitted: list[str] = []
    make()
    try:
        for _ in range(attempts):
            marker = world.key()
            r = _create(server, marker)
            if r.status_code != 201 or len(fitted) == attempts - 1:
                break
            fitted.append(marker)
        assert r.status_code == 503 and r.headers["content-type"] == PROBLEM, (r.status_code, r.text, len(fitted))
        assert r.json()["type"] == "/problems/database-unavailable" and r.json()["reason"] in reasons, r.text
        said = f"database unavailable ({r.json()['reason']})"
        assert said in server.log.read_text(errors="replace"), f"the log does not say why:\n{server.tail()}"
    finally:
        clear()
    assert [_stored(server, m) for m in fitted] == [1] * len(fitted), "an acknowledged create is missing"
    assert _stored(server, marker) == 0, "a change refused with 503 left a row behind"
    again = _create(server, marker)  # the same request, its key: nothing was kept, so it is carried out now
    assert again.status_code == 201, again.text
    assert _stored(server, marker) == 1
    broken = broken_invariants(server, Record())
    assert broken == [], "\n".join(broken)


@pytest.mark.parametrize("served", ["postgres"], indirect=True)
def test_postgres_unreachable_is_503_and_recovers_by_itself(served: Server) -> None:
    cluster = served.cluster
    assert cluster is not None
    name = make_url(served.database_url).database
    admin = create_engine(cluster.admin_url, isolation_level="AUTOCOMMIT")

    def allow(on: bool) -> None:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {"true" if on else "false"}'))

    def make() -> None:
        allow(False)
        terminate_backends(cluster.admin_url, served.database_url)

    try:
        _through_the_fault(served, {"unreachable"}, make, lambda: allow(True))
    finally:
        allow(True)
        admin.dispose()


@contextmanager
def small_tmpfs(mount: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` at `mount` (made), unmounted after."""
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill_and_free(disk: Path) -> tuple[Any, Any]:
    ballast = disk / f"ballast-{uuid.uuid4().hex}"

    def fill() -> None:
        subprocess.run(["dd", "if=/dev/zero", f"of={ballast}", "bs=64k"], capture_output=True, check=False)

    return fill, ballast.unlink


def test_sqlite_full_disk_is_503_and_recovers_by_itself(tmp_path: Path) -> None:
    with (
        small_tmpfs(tmp_path / "disk", "16m") as disk,
        serving(f"sqlite:///{disk / 'relos.sqlite3'}", tmp_path, 1) as server,
    ):
        _through_the_fault(server, {"full"}, *_fill_and_free(disk))


def test_postgres_full_disk_is_503_and_recovers_by_itself(private_postgres: PrivateCluster, tmp_path: Path) -> None:
    # In the cluster's folder: its OS user cannot pass through the test's own (root's) temporary folder.
    with (
        small_tmpfs(private_postgres.root / f"disk-{uuid.uuid4().hex[:8]}", "48m") as disk,
        tablespace(private_postgres, disk) as space,
        postgres_database(private_postgres.admin_url, space) as url,
        serving(url, tmp_path, 2) as server,
    ):
        # Up to 40 creates: the first ones may still fit in pages with room left.
        _through_the_fault(server, {"full"}, *_fill_and_free(disk), attempts=40)


@pytest.mark.parametrize("served", ["sqlite"], indirect=True)
def test_sqlite_read_only_is_503_and_recovers_by_itself(served: Server) -> None:
    path = Path(make_url(served.database_url).database or "")
    files = [str(p) for p in (path, path.with_name(path.name + "-wal")) if p.exists()]

    def immutable(flag: str) -> None:
        done = subprocess.run(["chattr", flag, *files], capture_output=True, check=False)
        if done.returncode != 0:
            pytest.skip(f"cannot make a file immutable here (chattr, needs root on ext4): {done.stderr.decode()}")

    _through_the_fault(served, {"read-only", "unreachable"}, lambda: immutable("+i"), lambda: immutable("-i"))
