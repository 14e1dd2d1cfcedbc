"""The whole exercise across India's instance (SQLite) and Russia's (PostgreSQL) by file bundles, walked once
cleanly and once with every fault of the exchange injected in turn — one altered byte, a truncated file, a bundle
for the other party, a key not yet added, a revoked key, a replay, a courier's bundle lost, a sequence gap, an
import crashing halfway, a partition healed later: each bundle refused whole and audited, nothing applied twice,
and both instances end in the same state as after the clean walk."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.integration.exchange_faults import (
    FileLink,
    Walk,
    clean_walk,
    ended,
    exactly_once,
    faulted_walk,
    refusals_audited,
    same_end,
)
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
        got = (ended(w, w.india), ended(w, w.russia))
        same_end(expected, got)
        for one in (w.india, w.russia):
            exactly_once(one)
        assert got[0].deployments["A"][1] == DeploymentStatus.DEPARTED.value
        assert got[1].deployments["C"][1] == DeploymentStatus.CANCELLED.value
        assert w.refused == {
            "IND": [],
            "RUS": ["exchange_signature_bad", "exchange_bundle_unreadable", "exchange_wrong_receiver",
                    "exchange_unknown_key", "exchange_revoked_key"],
        }  # fmt: skip
        assert len(refusals_audited(w.russia)) == 5 and refusals_audited(w.india) == []
    finally:
        for one in (w.india, w.russia):
            one.db.dispose()
