"""An arrival falls inside the approved window and has happened; a departure after the approved end is recorded
and stays a breach; presence counts a force as it was (relos.domain.deployments.lifecycle, breaches, model)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from tests.unit.deployments.helpers import arrived, day, deployment

from relos.domain.deployments import lifecycle
from relos.domain.deployments.breaches import breaches
from relos.domain.deployments.model import DeploymentStatus
from relos.domain.errors import InvalidInput, RuleViolated
from relos.domain.recorded import RECORDED_IN_FUTURE

HOUR = timedelta(hours=1)


def test_an_arrival_before_the_approved_start_is_refused_saying_the_window_must_be_amended_first() -> None:
    second = deployment(2, start=14, end=24, personnel=3000)
    with pytest.raises(RuleViolated) as exc:
        lifecycle.arrive(second, at=day(5), now=day(5))
    (v,) = exc.value.violations
    assert v.rule == "arrival_before_window"
    assert v.details == {
        "field": "arrived_at",
        "arrived_at": day(5).isoformat().replace("+00:00", "Z"),
        "start": day(14).isoformat().replace("+00:00", "Z"),
        "end": day(24).isoformat().replace("+00:00", "Z"),
    }
    assert "before the approved start 2026-03-15T00:00:00Z" in v.message and "amended" in v.message


def test_an_arrival_at_or_after_the_approved_end_is_refused() -> None:
    d = deployment(1, start=0, end=10, personnel=10)
    with pytest.raises(RuleViolated) as exc:
        lifecycle.arrive(d, at=day(10), now=day(11))
    assert [v.rule for v in exc.value.violations] == ["arrival_after_window"]


def test_an_arrival_inside_the_window_is_recorded_from_its_start_to_just_before_its_end() -> None:
    d = deployment(1, start=0, end=10, personnel=10)
    assert lifecycle.arrive(d, at=day(0), now=day(0)).arrived_at == day(0)
    assert lifecycle.arrive(d, at=day(10) - HOUR, now=day(10)).status is DeploymentStatus.ARRIVED


def test_an_arrival_in_the_future_is_bad_input_naming_arrived_at_before_the_window_is_judged() -> None:
    d = deployment(1, start=0, end=10, personnel=10)
    with pytest.raises(InvalidInput) as exc:
        lifecycle.arrive(d, at=day(2), now=day(1))
    (p,) = exc.value.problems
    assert (p.field, p.rule) == ("arrived_at", RECORDED_IN_FUTURE)


def test_a_departure_in_the_future_is_refused_and_one_after_the_end_is_recorded() -> None:
    present = arrived(deployment(1, start=0, end=10, personnel=3000), day(0))
    with pytest.raises(InvalidInput) as exc:
        lifecycle.depart(present, at=day(12), now=day(11))
    assert [(p.field, p.rule) for p in exc.value.problems] == [("departed_at", RECORDED_IN_FUTURE)]
    left = lifecycle.depart(present, at=day(12), now=day(12) + HOUR)
    assert (left.status, left.departed_at, left.overstay_recorded) == (DeploymentStatus.DEPARTED, day(12), True)
    assert left.overstayed(day(20)) and not left.overstaying(day(20))
    on_time = lifecycle.depart(present, at=day(9), now=day(9))
    assert not on_time.overstay_recorded and not on_time.overstayed(day(20))


def test_a_recorded_overstay_is_a_breach_from_the_end_to_the_departure() -> None:
    present = arrived(deployment(1, start=0, end=10, personnel=3000), day(0))
    left = lifecycle.depart(present, at=day(12), now=day(12))
    (b,) = breaches(left.occupancy(), day(13))
    assert (b.rule, b.since, b.until) == ("overstay_recorded", day(10), day(12))
    assert "2.0 days after the approved end" in b.message
    assert left.presence(day(13)) == (day(0), day(12))  # counted until the departure


def test_a_force_still_there_after_its_end_is_an_ongoing_overstay() -> None:
    present = arrived(deployment(1, start=0, end=10, personnel=3000), day(0))
    assert breaches(present.occupancy(), day(5)) == []
    (b,) = breaches(present.occupancy(), day(11))
    assert (b.rule, b.since, b.until) == ("overstay", day(10), None)


def test_an_early_arrival_recorded_before_it_was_refused_counts_from_the_arrival_and_is_flagged() -> None:
    # the record: the second force of 3,000 marked arrived on day 5, nine days before its start
    early = arrived(deployment(2, start=14, end=24, personnel=3000), day(5))
    assert early.presence(day(6)) == (day(5), day(24))
    rules = [(b.rule, b.since, b.until) for b in breaches(early.occupancy(), day(6))]
    assert rules == [("arrival_before_window", day(5), day(14))]


def test_an_arrival_recorded_in_the_future_before_it_was_refused_is_flagged() -> None:
    ahead = arrived(deployment(1, start=0, end=50, personnel=10), day(40))
    assert [b.rule for b in breaches(ahead.occupancy(), day(5))] == [RECORDED_IN_FUTURE]
    assert breaches(ahead.occupancy(), day(41)) == []


def test_a_late_arrival_counts_from_the_arrival_not_from_the_start() -> None:
    late = arrived(deployment(1, start=0, end=10, personnel=10), day(3))
    assert late.presence(day(4)) == (day(3), day(10))
    assert replace(late, status=DeploymentStatus.DEPARTED, departed_at=day(8)).presence(day(9)) == (day(3), day(8))
    assert deployment(1, start=0, end=10).presence(day(4)) == (day(0), day(10))  # approved: its window, held
