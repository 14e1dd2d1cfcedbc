"""`relos exchange import` killed outright (SIGKILL, as when the machine loses power) halfway through a bundle of
many requests, on Russia's PostgreSQL instance: each document is applied whole with its inbox row, or not at
all; the same import run again applies the rest, none twice, and the audit trail holds each once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.integration.exchange_helpers import T0, Instance, pair, requested

COUNT = 60
RELOS = Path(sys.executable).parent / "relos"


def _applied(russia: Instance) -> list[str]:
    with russia.db.uow(read_only=True) as uow:
        return [d.record_id for d in uow.exchange.inbox("IND", state="applied")]


def _import(russia: Instance, bundle: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "RELOS_DATABASE_URL": russia.db.url, "RELOS_DATA_DIR": str(russia.data_dir)}
    return subprocess.Popen(
        [str(RELOS), "exchange", "import", str(bundle), "--reply", str(bundle.with_suffix(".reply.json"))],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def test_an_import_killed_halfway_is_completed_by_importing_again(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    url = request.getfixturevalue("pg_url")
    if url is None:
        pytest.skip("PostgreSQL not reachable (set RELOS_TEST_POSTGRES_URL to run these)")
    india, russia = pair(tmp_path, request.getfixturevalue("sqlite_template"), url)
    ahead = (datetime.now(UTC) - T0).days + 30  # the command judges by the real clock: a month from today on
    ids = [requested(india, ships=1, start=ahead + 3 * n, end=ahead + 3 * n + 2) for n in range(COUNT)]
    bundle = tmp_path / "to-rus.json"
    bundle.write_bytes(india.export("RUS"))

    running = _import(russia, bundle)
    deadline = time.monotonic() + 120
    while len(_applied(russia)) < 3:
        assert running.poll() is None, f"the import ended before it could be killed: {running.communicate()[0]}"
        assert time.monotonic() < deadline, "the import applied nothing in time"
        time.sleep(0.02)
    running.kill()
    running.wait()
    killed_at = _applied(russia)
    assert 3 <= len(killed_at) < COUNT
    for deployment_id in ids:  # each document applied with its record, or neither
        assert (russia.deployment(deployment_id) is not None) == (deployment_id in killed_at)

    again = _import(russia, bundle)
    out, _ = again.communicate(timeout=300)
    assert again.returncode == 0, out
    assert f"{COUNT - len(killed_at)} applied, 0 refused, {len(killed_at)} already received" in out
    with russia.db.uow(read_only=True) as uow:
        received = uow.exchange.inbox("IND")
        audited = [e.entity_id for e in uow.audit.entries(entity="document", limit=1_000)
                   if e.action == "exchange.applied"]  # fmt: skip
    assert [(d.seq, d.state) for d in received] == [(n, "applied") for n in range(1, COUNT + 1)]
    assert sorted(audited) == sorted(d.document_id for d in received)
    assert all(russia.deployment(i) is not None for i in ids)
    india.db.dispose()
    russia.db.dispose()
