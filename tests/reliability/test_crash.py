"""The server killed with SIGKILL (its whole process group) in the middle of a burst, then started again; on
PostgreSQL also every connection of the server to its database cut (pg_terminate_backend) while the load goes
on (the shared cluster itself is not restarted). Clients send what got no answer again with the same
Idempotency-Key. Afterwards the invariants hold, every acknowledged write is stored with its last acknowledged
status, nothing is half-written, and each marked create, delivery and payment is stored exactly once."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from tests.reliability.server import Server, terminate_backends
from tests.reliability.verify import broken_invariants
from tests.reliability.workload import Record, drive

CLIENTS, SECONDS = 20, 24


def _crash(server: Server, record_property: Callable[[str, object], None]) -> None:
    kills: list[str] = []

    def during(record: Record) -> None:
        time.sleep(7)  # well into the burst
        server.kill()
        kills.append("SIGKILL")
        server.start()
        if server.admin_url:
            time.sleep(4)
            ended = terminate_backends(server.admin_url, server.database_url)
            kills.append(f"pg_terminate_backend x{ended}")

    record = drive(server.base, server.tokens, CLIENTS, SECONDS, retry_lost=True, during=during)
    record_property("reliability", f"crash on {server.backend}, {CLIENTS} clients, {kills}: {record.summary()}")
    assert kills and kills[0] == "SIGKILL"
    assert record.failures == [], record.failures[:10]
    assert record.retried > 0, "no request was in flight when the server was killed"
    broken = broken_invariants(server, record)
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
