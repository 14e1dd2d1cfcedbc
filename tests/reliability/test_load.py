"""Sustained mixed load on the real server (RELOS_RELIABILITY_CLIENTS clients for RELOS_RELIABILITY_SECONDS,
50 and 60 by default) on each backend: no 5xx and no "database is locked" reaches a client, and afterwards
every invariant holds, computed from the committed rows, and every acknowledged write is stored. On PostgreSQL's
two workers then, the sign-in attempts of one address are limited once for the server, not once per worker."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from tests.reliability.conftest import CLIENTS, SECONDS
from tests.reliability.server import Server
from tests.reliability.verify import broken_invariants, checked
from tests.reliability.workload import drive


def _load(server: Server, record_property: Callable[[str, object], None]) -> None:
    record = drive(server.base, server.tokens, CLIENTS, SECONDS)
    broken = broken_invariants(server, record)
    figures = f"{record.summary()}\n  {checked(record, broken)}"
    record_property("reliability", f"load on {server.backend}, {CLIENTS} clients: {figures}")
    assert record.failures == [], record.failures[:10]
    assert len(record.acknowledged) > 0 and "deployment.approve" in record.latencies
    assert broken == [], "\n".join(broken[:30])


def _sign_ins_limited_across_workers(server: Server) -> None:
    """RELOS_SIGN_IN_ATTEMPTS_PER_ADDRESS (20) attempts from loopback pass the limit, the next is 429, whichever
    worker each new connection reaches (counted apart, the workers would let about twice as many through)."""
    answers = [
        httpx.post(f"{server.base}/sign-in", data={"user_id": "nobody", "password": "guess"}, timeout=60).status_code
        for _ in range(21)
    ]
    assert 429 not in answers[:20] and answers[20] == 429, answers


# Each backend in a class of its own, so that pytest-xdist (--dist loadscope) runs the two at once.
class TestLoadSQLite:
    @pytest.mark.parametrize("served", ["sqlite"], indirect=True)
    def test_load_keeps_every_promise(self, served: Server, record_property: Callable[[str, object], None]) -> None:
        _load(served, record_property)


class TestLoadPostgres:
    @pytest.mark.parametrize("served", ["postgres"], indirect=True)
    def test_load_keeps_every_promise(self, served: Server, record_property: Callable[[str, object], None]) -> None:
        _load(served, record_property)
        _sign_ins_limited_across_workers(served)
