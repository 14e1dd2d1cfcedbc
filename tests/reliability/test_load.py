"""Sustained mixed load on the real server (RELOS_RELIABILITY_CLIENTS clients for RELOS_RELIABILITY_SECONDS,
50 and 60 by default) on each backend: no 5xx and no "database is locked" reaches a client, and afterwards
every invariant holds, computed from the committed rows, and every acknowledged write is stored."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tests.reliability.conftest import CLIENTS, SECONDS
from tests.reliability.server import Server
from tests.reliability.verify import broken_invariants
from tests.reliability.workload import drive


def _load(server: Server, record_property: Callable[[str, object], None]) -> None:
    record = drive(server.base, server.tokens, CLIENTS, SECONDS)
    record_property("reliability", f"load on {server.backend}, {CLIENTS} clients: {record.summary()}")
    assert record.failures == [], record.failures[:10]
    assert len(record.acknowledged) > 0 and "deployment.approve" in record.latencies
    broken = broken_invariants(server, record)
    assert broken == [], "\n".join(broken[:30])


# Each backend in a class of its own, so that pytest-xdist (--dist loadscope) runs the two at once.
class TestLoadSQLite:
    @pytest.mark.parametrize("served", ["sqlite"], indirect=True)
    def test_load_keeps_every_promise(self, served: Server, record_property: Callable[[str, object], None]) -> None:
        _load(served, record_property)


class TestLoadPostgres:
    @pytest.mark.parametrize("served", ["postgres"], indirect=True)
    def test_load_keeps_every_promise(self, served: Server, record_property: Callable[[str, object], None]) -> None:
        _load(served, record_property)
