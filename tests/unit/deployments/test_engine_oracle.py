"""Property tests: the step-function engine and the admission decisions against a brute-force oracle that
evaluates every instant where anything changes, on random plans."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from relos.domain.deployments.admission import Check, Limit, earliest_window, exceeded
from relos.domain.deployments.presence import StepFunction

from .helpers import day

intervals = st.lists(
    st.tuples(st.integers(0, 60), st.integers(1, 20), st.integers(0, 4)).map(lambda t: (t[0], t[0] + t[1], t[2])),
    max_size=25,
)


def _load(ivs: list[tuple[int, int, int]], t: float) -> int:
    return sum(a for s, e, a in ivs if s <= t < e)


def _as_steps(ivs: list[tuple[int, int, int]]) -> StepFunction:
    return StepFunction.of((day(s), day(e), a) for s, e, a in ivs)


def _instants(ivs: list[tuple[int, int, int]], start: int, end: int) -> list[int]:
    points = {start} | {p for s, e, _ in ivs for p in (s, e) if start <= p < end}
    return sorted(points)


@settings(max_examples=300, deadline=None)
@given(intervals, st.integers(0, 80), st.integers(1, 30), st.integers(0, 8))
def test_step_function_agrees_with_brute_force(ivs: list[tuple[int, int, int]], s: int, n: int, thr: int) -> None:
    f = _as_steps(ivs)
    e = s + n
    points = _instants(ivs, s, e)
    assert f.max_over(day(s), day(e)) == max(_load(ivs, p) for p in points)
    above = next((p for p in points if _load(ivs, p) > thr), None)
    assert f.first_above(day(s), day(e), thr) == (None if above is None else day(above))
    at_most = next((p for p in points if _load(ivs, p) <= thr), None)
    assert f.first_at_most(day(s), day(e), thr) == (None if at_most is None else day(at_most))
    for p in points:
        assert f.at(day(p)) == _load(ivs, p)


@settings(max_examples=300, deadline=None)
@given(intervals, st.integers(0, 80), st.integers(1, 30), st.integers(1, 4), st.integers(1, 8))
def test_admission_agrees_with_brute_force(
    ivs: list[tuple[int, int, int]], s: int, n: int, amount: int, cap: int
) -> None:
    check = Check(Limit("warships", cap), _as_steps(ivs), amount)
    e = s + n
    bad = next((p for p in _instants(ivs, s, e) if _load(ivs, p) + amount > cap), None)
    found = exceeded([check], day(s), day(e))
    if bad is None:
        assert found == []
    else:
        assert [(x.at, x.total, x.max) for x in found] == [(day(bad), _load(ivs, bad) + amount, cap)]


@settings(max_examples=200, deadline=None)
@given(intervals, st.integers(0, 40), st.integers(1, 15), st.integers(1, 4), st.integers(1, 8))
def test_earliest_window_agrees_with_brute_force(
    ivs: list[tuple[int, int, int]], s: int, n: int, amount: int, cap: int
) -> None:
    check = Check(Limit("warships", cap), _as_steps(ivs), amount)
    horizon = 120
    # any earliest feasible start is the requested start or the end of some interval
    candidates = sorted({s} | {e for _, e, _ in ivs if e > s})
    expected = None
    for c in candidates:
        if c + n > horizon:
            break
        if all(_load(ivs, p) + amount <= cap for p in _instants(ivs, c, c + n)):
            expected = (day(c), day(c + n))
            break
    got = earliest_window([check], start=day(s), length=timedelta(days=n), not_after=day(horizon))
    assert got == expected


plans = st.lists(
    st.tuples(
        st.integers(0, 50),
        st.integers(1, 15),
        st.sampled_from(["RUS", "USA"]),
        st.sampled_from(["A", "B"]),
        st.integers(0, 3),
        st.integers(0, 3),
    ),
    max_size=30,
)


def _fcfs_oracle(rows: list[tuple[int, int, str, str, int, int]], caps: dict[str, int]) -> list[bool]:
    """Row by row, against every admitted row before it, at every instant where anything changes."""
    admitted: list[tuple[int, int, str, str, int, int]] = []
    out: list[bool] = []
    for s, n, party, facility, ships, planes in rows:
        e = s + n
        points = {s} | {p for a, m, *_ in admitted for p in (a, a + m) if s <= p < e}
        ok = True
        for t in points:
            here = [r for r in admitted if r[0] <= t < r[0] + r[1]]
            if ships and sum(r[4] for r in here if r[2] == party) + ships > caps["warships"]:
                ok = False
            if ships and sum(r[4] for r in here if r[3] == facility) + ships > caps["berths"]:
                ok = False
            if planes and sum(r[5] for r in here if r[2] == party) + planes > caps["aircraft"]:
                ok = False
        out.append(ok)
        if ok:
            admitted.append((s, n, party, facility, ships, planes))
    return out


@settings(max_examples=300, deadline=None)
@given(plans, st.integers(1, 5), st.integers(1, 5), st.integers(1, 6))
def test_plan_engine_agrees_with_first_come_first_served_oracle(
    rows: list[tuple[int, int, str, str, int, int]], warships: int, berths: int, aircraft: int
) -> None:
    from relos.domain.deployments.plan import Demand, PlanItem, first_come_first_served

    caps = {"warships": warships, "berths": berths, "aircraft": aircraft}
    caps_limits = (Limit("warships", warships), Limit("aircraft", aircraft))
    berth_limits = (Limit("facility:berths", berths),)
    items = [
        PlanItem(
            day(s),
            day(s + n),
            (
                Demand(("cap", party), caps_limits, (ships, planes)),
                Demand(("facility", facility), berth_limits, (ships,)),
            ),
        )
        for s, n, party, facility, ships, planes in rows
    ]
    got = [not found for found in first_come_first_served(items)]
    assert got == _fcfs_oracle(rows, caps)
