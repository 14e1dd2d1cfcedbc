"""Approvals raced across two server processes, each with its engine, its connections and its warm presence index,
against one host, while some of those approved are cancelled: at no point of the audit trail's order (the order
the decisions committed in) are more warships approved than the cap, and the deployments approved at the end
keep it. The cancellations make room again, so the indexes follow each other's changes as well as their own."""

from __future__ import annotations

import multiprocessing
from collections import Counter

from tests.integration.deployments_helpers import prepare, submitted
from tests.integration.presence_race_worker import race

from relos.db.runtime import Database

CAP = 5  # RELOS: warships of one party in the host's territory at any instant
DEPLOYMENTS = 60


def test_approvals_raced_across_two_processes_never_break_a_cap(loaded: Database) -> None:
    db = prepare(loaded)
    ids = [submitted(db, start=i % 3, end=10 + i % 4, ships=1, first=i, facility="IN-OTH")["id"]
           for i in range(DEPLOYMENTS)]  # fmt: skip
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager, context.Pool(2) as pool:
        ready, go = [manager.Event() for _ in range(2)], manager.Event()
        runs = [pool.apply_async(race, (db.url, ids[k::2], k, 4, ready[k], go)) for k in range(2)]
        for event in ready:
            assert event.wait(120), "a racing process did not start"
        go.set()
        counts = Counter[str]()
        for run in runs:
            counts.update(run.get(timeout=600))
    assert counts["errors"] == 0
    assert counts["approved"] + counts["refused"] == DEPLOYMENTS
    assert counts["cancelled"] > 0 and counts["approved"] > CAP  # room was made, and taken again

    with db.uow(read_only=True) as uow:
        entries = sorted(uow.audit.entries(entity="deployment", limit=10_000), key=lambda e: e.seq)
        held = {d.id for d in (uow.deployments.get(i) for i in ids) if d is not None and d.status.value == "approved"}
    approved: set[str] = set()
    for entry in entries:
        if entry.action == "deployment.approved":
            approved.add(entry.entity_id)
        elif entry.action == "deployment.cancelled":
            approved.discard(entry.entity_id)
        assert len(approved) <= CAP, f"the cap was broken at audit entry {entry.seq}"
    assert approved == held and len(held) <= CAP
