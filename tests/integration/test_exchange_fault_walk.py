"""The whole exercise across India's instance (SQLite) and Russia's (PostgreSQL) by file bundles, walked once
cleanly and once with every fault of the exchange injected in turn — one altered byte, a truncated file, a bundle
for the other party, a key not yet added, a revoked key, a replay, a courier's bundle lost, a sequence gap, an
import crashing halfway, a partition healed later: each bundle refused whole and audited, nothing applied twice,
and both instances end in the same state as after the clean walk."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.integration.exchange_fault_checks import ended, ends_as_clean
from tests.integration.exchange_fault_walks import clean_walk, faulted_walk
from tests.integration.exchange_faults import FileLink, Walk
from tests.integration.exchange_helpers import pair

from relos.domain.deployments.model import DeploymentStatus


def _pair(request: pytest.FixtureRequest, folder: Path) -> Walk:
    url = request.getfixturevalue("pg_url")
    if url is None:
        pytest.skip("PostgreSQL not reachable (set RELOS_TEST_POSTGRES_URL to run these)")
    folder.mkdir()
    india, russia = pair(folder, request.getfixturevalue("sqlite_template"), url)
    return Walk(india, russia, FileLink())


def test_the_exercise_walked_with_every_fault_ends_as_the_clean_walk_does(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean = _pair(request, tmp_path / "clean")
    clean_walk(clean)
    expected = (ended(clean, clean.india), ended(clean, clean.russia))
    for one in (clean.india, clean.russia):
        one.db.dispose()

    w = _pair(request, tmp_path / "faulted")
    try:
        faulted_walk(w, monkeypatch)
        ends_as_clean(w, expected)
        assert w.india.deployment(w.ids["A"]).status is DeploymentStatus.DEPARTED
        assert w.russia.deployment(w.ids["C"]).status is DeploymentStatus.CANCELLED
    finally:
        for one in (w.india, w.russia):
            one.db.dispose()
