"""A visiting party's assessment tells nothing of a pact it is not party to: Russian ships asking for the test
base while American ships are there under LEMOA learn that the base cannot take them then, and a window that
fits, on a whole week; the host (India) sees how full the base is and the exact window."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from tests.integration.deployments_helpers import (
    IND_APPROVER,
    NOW,
    RUS_REQUESTER,
    USA_REQUESTER,
    approved,
    day,
    prepare,
    request,
)

from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.services.deployments import lifecycle, reads


@pytest.fixture
def crowded(loaded: Database) -> tuple[Database, str]:
    """Three American warships at the base (4 berths) on days 0–10; a Russian request for two on days 5–8."""
    db = prepare(loaded)
    approved(db, USA_REQUESTER, agreement_id="lemoa-ind-usa", start=0, end=10, ships=3, first=50)
    created = lifecycle.create_deployment(db.uow(), actor=RUS_REQUESTER, data=request(start=5, end=8, ships=2), now=NOW)
    return db, created["id"]


def _assessed(db: Database, actor: Actor, deployment_id: str) -> dict:  # type: ignore[type-arg]
    return dict(reads.assess_deployment(db.uow(), actor=actor, deployment_id=deployment_id, now=NOW))


def test_the_host_sees_how_full_the_base_is_and_the_exact_window(crowded: tuple[Database, str]) -> None:
    db, deployment_id = crowded
    seen = _assessed(db, IND_APPROVER, deployment_id)
    berths = [v for v in seen["violations"] if v["limit"] == "facility:IN-TST:berths"]
    assert berths and berths[0]["total"] == 5 and berths[0]["max"] == 4 and berths[0]["at"] == "2026-03-06T00:00:00Z"
    assert seen["earliest_window"]["start"] == "2026-03-11T00:00:00Z"  # when the American ships leave


def test_the_visitor_learns_nothing_of_the_other_pact(crowded: tuple[Database, str]) -> None:
    db, deployment_id = crowded
    seen = _assessed(db, RUS_REQUESTER, deployment_id)
    assert not seen["admitted"]
    berths = [v for v in seen["violations"] if v["limit"] == "facility:IN-TST:berths"]
    assert len(berths) == 1
    assert berths[0]["total"] == 2 and berths[0]["max"] == 4  # its own two ships, the base's capacity
    assert berths[0]["at"] == "2026-03-06T00:00:00Z"  # the start it asked for, not when the base is full
    assert "cannot take this force" in berths[0]["message"]
    assert "5" not in berths[0]["message"].split("capacity")[0]
    window = seen["earliest_window"]
    start = datetime.fromisoformat(window["start"].replace("Z", "+00:00"))
    assert (start.weekday(), start.time().hour, start.time().minute) == (0, 0, 0)  # a Monday, midnight UTC
    assert start == datetime(2026, 3, 16, tzinfo=UTC)  # the first Monday after the ships leave, not the day
    assert start != day(10)


def test_the_coarse_window_fits(crowded: tuple[Database, str]) -> None:
    db, deployment_id = crowded
    window = _assessed(db, RUS_REQUESTER, deployment_id)["earliest_window"]
    start = datetime.fromisoformat(window["start"].replace("Z", "+00:00"))
    moved = lifecycle.create_deployment(
        db.uow(),
        actor=RUS_REQUESTER,
        data=request(start=(start - day(0)).days, end=(start - day(0)).days + 3, ships=2, first=20),
        now=NOW,
    )
    assert _assessed(db, IND_APPROVER, moved["id"])["admitted"]


def test_the_submission_preview_is_the_visitors_view_too(crowded: tuple[Database, str]) -> None:
    db, deployment_id = crowded
    submitted = lifecycle.submit_deployment(db.uow(), actor=RUS_REQUESTER, deployment_id=deployment_id, now=NOW)
    berths = [v for v in submitted["admission"]["violations"] if v["limit"] == "facility:IN-TST:berths"]
    assert berths[0]["total"] == 2
    assert submitted["admission"]["earliest_window"]["start"] == "2026-03-16T00:00:00Z"
