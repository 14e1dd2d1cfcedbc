"""Fixtures of the reliability suite: a real server over a database of its own, on each backend (SQLite with
its one writer; PostgreSQL with two workers on a database made for the test in a cluster of the suite's own,
started once per test process), the world made and the server ready; and the size of the load, settable by
RELOS_RELIABILITY_CLIENTS and RELOS_RELIABILITY_SECONDS."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.reliability.private_postgres import PrivateCluster, binaries
from tests.reliability.server import Server, postgres_database
from tests.reliability.world import make_world

CLIENTS = int(os.environ.get("RELOS_RELIABILITY_CLIENTS", "50"))
SECONDS = float(os.environ.get("RELOS_RELIABILITY_SECONDS", "60"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.reliability)


@pytest.fixture(scope="session")
def private_postgres() -> Iterator[PrivateCluster]:
    """The suite's own PostgreSQL cluster (tests/reliability/private_postgres.py), stopped and removed at the end."""
    bin_dir = binaries()
    if bin_dir is None:
        if os.environ.get("RELOS_REQUIRE_POSTGRES") == "1":
            raise RuntimeError("PostgreSQL required but no initdb under /usr/lib/postgresql/*/bin")
        pytest.skip("PostgreSQL's server binaries are not installed (/usr/lib/postgresql/*/bin)")
    cluster = PrivateCluster(bin_dir)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def served(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Server]:
    """`relos init`, the world, `relos serve` on a free port; stopped (and its database dropped) after."""
    backend = request.param
    if backend == "sqlite":
        with serving(f"sqlite:///{tmp_path / 'relos.sqlite3'}", tmp_path, 1) as server:
            yield server
        return
    cluster: PrivateCluster = request.getfixturevalue("private_postgres")
    with postgres_database(cluster.admin_url) as url, serving(url, tmp_path, 2) as server:
        server.cluster = cluster
        yield server


class serving:
    """`relos init`, the world, `relos serve` over `url`, stopped on leaving."""

    def __init__(self, url: str, data_dir: Path, workers: int) -> None:
        self.server = Server(url, data_dir, workers=workers)

    def __enter__(self) -> Server:
        self.server.init()
        self.server.tokens = make_world(self.server.database_url)
        self.server.start()
        return self.server

    def __exit__(self, *exc: object) -> None:
        self.server.stop()
