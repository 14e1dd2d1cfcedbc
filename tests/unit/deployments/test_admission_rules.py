"""The admission rules of deployments, pure, each pinned by its name."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from relos.domain.agreements import AgreementEvent, EventKind
from relos.domain.deployments.admission import (
    Check,
    Limit,
    build_checks,
    cap_limits,
    earliest_window,
    exceeded,
    in_force_violation,
    purpose_violation,
    relied_on,
)
from relos.domain.deployments.model import Capacity, CapOverride, Deployment, Totals
from relos.domain.deployments.presence import StepFunction

from .helpers import AGREEMENT, IN_FORCE, T0, arrived, day, deployment


def _check(
    request: Deployment,
    others: list[Deployment],
    *,
    overrides: tuple[CapOverride, ...] = (),
    capacity: Capacity | None = None,
    now_day: float = -30,
) -> list[str]:
    checks = build_checks(
        totals=request.totals,
        visiting_party=request.visiting_party,
        facility_id=request.facility_id,
        caps=cap_limits(AGREEMENT.caps, overrides),
        capacity=capacity,
        others=[o.occupancy() for o in others],
        now=day(now_day),
    )
    return [f"{e.limit}@{e.at.isoformat()}={e.total}/{e.max}" for e in exceeded(checks, request.start, request.end)]


def test_rejects_sixth_warship_at_any_instant() -> None:
    # five warships are present together only on [day 5, day 6); a long request meets them there
    others = [
        deployment(0, start=0, end=10, ships=2),
        deployment(1, start=3, end=6, ships=2),
        deployment(2, start=5, end=7, ships=1),
    ]
    assert _check(deployment(9, start=0, end=20, ships=1), others) == [f"warships@{day(5).isoformat()}=6/5"]
    assert _check(deployment(9, start=6, end=20, ships=1), others) == []


def test_admits_fifth_warship() -> None:
    four = [deployment(i, start=0, end=10, ships=1) for i in range(4)]
    assert _check(deployment(20, start=5, end=15, ships=1), four) == []


def test_rejects_eleventh_aircraft_and_personnel_over_3000_each_at_first_instant() -> None:
    others = [deployment(1, start=0, end=10, aircraft=10), deployment(2, start=4, end=8, personnel=2900)]
    found = _check(deployment(3, start=2, end=6, aircraft=1, personnel=101), others)
    assert found == [f"aircraft@{day(2).isoformat()}=11/10", f"personnel@{day(4).isoformat()}=3001/3000"]


def test_caps_count_across_all_host_facilities() -> None:
    others = [deployment(i, start=0, end=10, ships=1, facility=f"IN-F{i}") for i in range(5)]
    assert _check(deployment(9, start=1, end=2, ships=1, facility="IN-OTHER"), others)


def test_caps_are_per_visiting_party() -> None:
    american = [deployment(i, start=0, end=10, ships=1, visiting="USA") for i in range(5)]
    assert _check(deployment(9, start=1, end=2, ships=1), american) == []


def test_windows_are_half_open() -> None:
    full = [deployment(i, start=0, end=10, ships=1) for i in range(5)]
    assert _check(deployment(9, start=10, end=12, ships=1), full) == []
    assert _check(deployment(9, start=-2, end=0, ships=1), full) == []


def test_drafts_rejected_and_cancelled_take_no_capacity() -> None:
    from relos.domain.deployments.model import DeploymentStatus as S

    idle = [deployment(i, ships=1, status=s) for i, s in enumerate([S.DRAFT, S.SUBMITTED, S.REJECTED, S.CANCELLED] * 2)]
    assert _check(deployment(9, start=1, end=2, ships=5), idle) == []


def test_an_overstay_keeps_counting_until_departure() -> None:
    stayers = [arrived(deployment(i, start=0, end=10, ships=1), day(0)) for i in range(5)]
    # seen on day 20, the five have overstayed: they still count, at any later instant
    assert _check(deployment(9, start=30, end=40, ships=1), stayers, now_day=20) == [
        f"warships@{day(30).isoformat()}=6/5"
    ]
    # seen before their end, they are expected to leave on time
    assert _check(deployment(9, start=30, end=40, ships=1), stayers, now_day=5) == []


def test_departed_forces_count_as_they_actually_were() -> None:
    late = replace(arrived(deployment(1, start=0, end=10, ships=5), day(0)), departed_at=day(12))
    from relos.domain.deployments.model import DeploymentStatus as S

    late = replace(late, status=S.DEPARTED)
    assert _check(deployment(9, start=11, end=13, ships=1), [late]) == [f"warships@{day(11).isoformat()}=6/5"]


def test_override_lifts_only_the_caps_it_names_for_its_window() -> None:
    override = CapOverride(
        "o1", AGREEMENT.id, "RUS", "IND", day(0), day(10), "exchange of notes", "MEA/2026/1", warships=8
    )
    five = [deployment(i, start=0, end=30, ships=1) for i in range(5)]
    assert _check(deployment(9, start=2, end=8, ships=3), five, overrides=(override,)) == []
    # past the override's window the cap of 5 holds again
    assert _check(deployment(9, start=5, end=12, ships=1), five, overrides=(override,)) == [
        f"warships@{day(10).isoformat()}=6/5"
    ]
    # the override names warships only: personnel stay capped
    crowd = [deployment(1, start=0, end=30, personnel=3000)]
    assert _check(deployment(9, start=2, end=8, personnel=1), crowd, overrides=(override,)) == [
        f"personnel@{day(2).isoformat()}=3001/3000"
    ]


def test_override_cannot_be_revoked_while_forces_rely_on_it() -> None:
    """What revoking an override would break: the visiting party's forces already approved or present that
    only the override lets in, each cap at its first instant; a second override covering them keeps them in."""
    first = CapOverride("o1", AGREEMENT.id, "RUS", "IND", day(0), day(10), "notes", "MEA/2026/1", warships=8)
    second = replace(first, id="o2", start=day(4), end=day(20), warships=7)
    forces = [deployment(i, start=i, end=30, ships=1).occupancy() for i in range(7)]  # 7 warships from day 6

    def broken(kept: tuple[CapOverride, ...]) -> list[str]:
        found = relied_on(caps=AGREEMENT.caps, kept=kept, visiting_party="RUS", others=forces, start=first.start,
                          end=first.end, now=day(-30))  # fmt: skip
        return [f"{e.limit}@{e.at.isoformat()}={e.total}/{e.max}" for e in found]

    assert broken(()) == [f"warships@{day(5).isoformat()}=6/5"]
    assert broken((second,)) == []  # 6 and 7 warships from day 5 on, under the second override's 7
    # forces of another visiting party do not count against RUS's caps
    assert relied_on(caps=AGREEMENT.caps, kept=(), visiting_party="USA", others=forces, start=first.start,
                     end=first.end, now=day(-30)) == []  # fmt: skip


def test_facility_capacity_holds_across_all_visiting_forces_and_agreements() -> None:
    capacity = Capacity("IN-VZG", berths=3, aircraft_stands=2, beds=100)
    others = [
        deployment(1, start=0, end=10, ships=2, visiting="USA"),
        replace(deployment(2, start=0, end=10, ships=1, aircraft=2), agreement_id="lemoa-ind-usa"),
    ]
    found = _check(deployment(9, start=5, end=6, ships=1, aircraft=1, personnel=101), others, capacity=capacity)
    at = day(5).isoformat()
    assert found == [
        f"facility:IN-VZG:berths@{at}=4/3",
        f"facility:IN-VZG:aircraft_stands@{at}=3/2",
        f"facility:IN-VZG:beds@{at}=101/100",
    ]


def test_unrecorded_facility_capacity_limits_nothing() -> None:
    others = [deployment(1, start=0, end=10, ships=2, visiting="USA")]
    assert _check(deployment(9, start=5, end=6, ships=1), others, capacity=Capacity("IN-VZG")) == []


def test_agreement_must_be_in_force_for_the_whole_window() -> None:
    assert in_force_violation(AGREEMENT, IN_FORCE, day(0), day(10)) is None
    assert in_force_violation(AGREEMENT, (), day(0), day(10)) is not None  # never entered into force
    before = in_force_violation(AGREEMENT, IN_FORCE, day(-70), day(10))  # starts before 2026-01-01
    assert before is not None and before.details["limit"] == "not_in_force"
    term_end = day(0).replace(year=2031, month=1, day=1)
    assert in_force_violation(AGREEMENT, IN_FORCE, term_end - timedelta(days=5), term_end) is None
    assert in_force_violation(AGREEMENT, IN_FORCE, term_end - timedelta(days=5), term_end + timedelta(days=1))


def test_extension_counts_only_with_both_consents() -> None:
    term_end = day(0).replace(year=2031, month=1, day=1)
    window = (term_end + timedelta(days=10), term_end + timedelta(days=20))
    one = (*IN_FORCE, AgreementEvent(EventKind.EXTENSION_CONSENT, date(2030, 6, 1), "note", party="IND"))
    assert in_force_violation(AGREEMENT, one, *window) is not None
    both = (*one, AgreementEvent(EventKind.EXTENSION_CONSENT, date(2030, 7, 1), "note", party="RUS"))
    assert in_force_violation(AGREEMENT, both, *window) is None


def test_purpose_must_be_allowed_and_other_needs_recorded_mutual_consent() -> None:
    assert purpose_violation(AGREEMENT, "training", start=T0) is None
    assert purpose_violation(AGREEMENT, "sightseeing", start=T0) is not None
    assert purpose_violation(AGREEMENT, "other", start=T0) is not None
    assert purpose_violation(AGREEMENT, "other", consent="Note verbale 12/2026", start=T0) is None
    closed = replace(AGREEMENT, other_purposes_by_mutual_consent=False)
    assert purpose_violation(closed, "other", consent="Note verbale 12/2026", start=T0) is not None


def test_earliest_window_of_the_same_length_at_or_after_the_start() -> None:
    load = StepFunction.of([(day(0), day(10), 5), (day(12), day(15), 5), (day(20), day(30), 4)])
    check = Check(Limit("warships", 5), load, 1)
    assert earliest_window([check], start=day(0), length=timedelta(days=2), not_after=day(100)) == (day(10), day(12))
    assert earliest_window([check], start=day(0), length=timedelta(days=3), not_after=day(100)) == (day(15), day(18))
    two = Check(Limit("warships", 5), load, 2)  # 4 + 2 > 5 on [20, 30) too
    assert earliest_window([two], start=day(16), length=timedelta(days=5), not_after=day(100)) == (day(30), day(35))
    assert earliest_window([check], start=day(0), length=timedelta(days=3), not_after=day(17)) is None


def test_earliest_window_satisfies_every_limit_at_once() -> None:
    ships = Check(Limit("warships", 5), StepFunction.of([(day(0), day(10), 5)]), 1)
    people = Check(Limit("personnel", 100), StepFunction.of([(day(10), day(20), 100)]), 1)
    assert earliest_window([ships, people], start=day(0), length=timedelta(days=1), not_after=day(100)) == (
        day(20),
        day(21),
    )


def test_totals_are_derived_from_the_units() -> None:
    d = deployment(1, ships=3, aircraft=2, personnel=450)
    assert d.totals == Totals(warships=3, aircraft=2, personnel=450)
