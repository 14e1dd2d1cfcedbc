"""The server killed with SIGKILL (its whole process group) in the middle of a burst of 50 clients, then started
again; on PostgreSQL then every connection of the server to its database cut (pg_terminate_backend), and then
PostgreSQL itself crashed and restarted (`pg_ctl restart -m immediate` on the suite's own cluster: it recovers
from its write-ahead log) while the load goes on. Clients send what got no answer, or a 503, again with the same
Idempotency-Key. Afterwards the invariants hold, every acknowledged write is stored with its last acknowledged
status, nothing is half-written, and each marked create, delivery and payment is stored exactly once."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from tests.reliability.conftest import CLIENTS
from tests.reliability.server import Server, terminate_backends
from tests.reliability.verify import broken_invariants, checked
from tests.reliability.workload import Record, drive

SECONDS = 24


def _crash(server: Server, record_property: Callable[[str, object], None]) -> None:
    kills: list[str] = []
    before_last = [0]  # records created before the last fault

    def during(record: Record) -> None:
        time.sleep(7)  # well into the burst
        server.kill()
        kills.append("SIGKILL")
        server.start()
        if server.cluster is not None:
            time.sleep(4)
            ended = terminate_backends(server.cluster.admin_url, server.database_url)
            kills.append(f"pg_terminate_backend x{ended}")
            time.sleep(3)
            server.cluster.crash_and_restart()
            kills.append("PostgreSQL restarted (-m immediate)")
        with record.lock:
            before_last[0] = len(record.acknowledged)

    record = drive(server.base, server.tokens, CLIENTS, SECONDS, retry_lost=True, during=during)
    broken = broken_invariants(server, record)
    survived = f"{len(kills)} faults survived ({', '.join(kills)})"
    figures = f"{record.summary()}\n  {survived}; {checked(record, broken)}"
    record_property("reliability", f"crash on {server.backend}, {CLIENTS} clients: {figures}")
    assert kills and kills[0] == "SIGKILL" and (server.cluster is None or len(kills) == 3), kills
    assert record.failures == [], record.failures[:10]
    assert record.retried > 0, "no request was in flight when the server was killed"
    assert len(record.acknowledged) > before_last[0], "nothing was created after the last fault"
    assert broken == [], "\n".join(broken[:30])


class TestCrashSQLite:
    @pytest.mark.parametrize("served", ["sqlite"], indirect=True)
    def test_a_kill_mid_burst_loses_nothing_acknowledged(
        self, served: Server, record_property: Callable[[str, object], None]
    ) -> None:
        _crash(served, record_property)


class TestCrashPostgres:
    @pytest.mark.parametrize("served", ["postgres"], indirect=True)
    def test_a_kill_mid_burst_loses_nothing_acknowledged(
        self, served: Server, record_property: Callable[[str, object], None]
    ) -> None:
        _crash(served, record_property)
