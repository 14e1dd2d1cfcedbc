"""Property tests: the step-function engine and the admission decisions against a brute-force oracle that
evaluates every instant where anything changes, on random plans."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from relos.domain.deployments.admission import Check, Limit, earliest_window, exceeded
from relos.domain.deployments.presence import StepFunction

from .helpers import day

MICRO = timedelta(microseconds=1)

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


@settings(max_examples=400, deadline=None)
@given(
    intervals,
    intervals,
    st.integers(0, 40),
    st.integers(1, 15),
    st.integers(1, 4),
    st.integers(1, 8),
    st.one_of(st.none(), st.tuples(st.integers(0, 100), st.integers(1, 30), st.integers(1, 6))),
    st.sampled_from([0, 1, 2, 16]),
)
def test_earliest_window_agrees_with_brute_force(
    ivs: list[tuple[int, int, int]],
    others: list[tuple[int, int, int]],
    s: int,
    n: int,
    amount: int,
    cap: int,
    raised: tuple[int, int, int] | None,
    walk: int,
) -> None:
    """Two loads (the visiting party's and a facility's), the first with a cap an override may raise for a
    while; whether the window is found by jumping from run to run, by the vectorised pass over the whole
    horizon (walk=0), or by both in turn, it is the brute force's."""
    window = () if raised is None else ((day(raised[0]), day(raised[0] + raised[1]), cap + raised[2]),)
    checks = [
        Check(Limit("warships", cap, window), _as_steps(ivs), amount),
        Check(Limit("facility:berths", 6), _as_steps(others), 2),
    ]
    horizon = 120

    def cap_at(p: int) -> int:
        return cap + raised[2] if raised is not None and raised[0] <= p < raised[0] + raised[1] else cap

    def fits(c: int) -> bool:
        points = set(_instants(ivs, c, c + n)) | set(_instants(others, c, c + n))
        if raised is not None:
            points |= {p for p in (raised[0], raised[0] + raised[1]) if c <= p < c + n}
        return all(_load(ivs, p) + amount <= cap_at(p) and _load(others, p) + 2 <= 6 for p in points)

    # any earliest feasible start is the requested start or an instant where a load falls or a cap rises
    candidates = sorted(
        {s}
        | {e for _, e, _ in ivs + others if e > s}
        | ({raised[0], raised[0] + raised[1]} - set(range(s + 1)) if raised else set())
    )
    expected = next(((day(c), day(c + n)) for c in candidates if c + n <= horizon and fits(c)), None)
    got = earliest_window(checks, start=day(s), length=timedelta(days=n), not_after=day(horizon), walk=walk)
    assert got == expected


def _compare_engines(
    rows: list[tuple[int, int, str, str, int, int]],
    warships: int,
    berths: int,
    aircraft: int,
    raised: bool,
    parties: list[str],
    facilities: list[str],
) -> list[list[Any]]:
    """The compiled engine's verdicts and violations are the reference engine's; returns them per row."""
    import numpy as np

    from relos.domain.deployments.plan import Demand, PlanItem
    from relos.domain.deployments.plan import first_come_first_served as reference
    from relos.planning.engine.plan_engine import Grouping, LimitSteps
    from relos.planning.engine.plan_engine import first_come_first_served as compiled

    us = 86_400_000_000
    window = ((day(10), day(20), warships + 2),) if raised else ()
    cap_ships = Limit("warships", warships, window)
    cap_limits = (cap_ships, Limit("aircraft", aircraft), Limit("personnel", None))
    berth_limits = (Limit("berths", berths), Limit("stands", None), Limit("beds", None))
    items = [
        PlanItem(day(s), day(s + n),
                 (Demand(("cap", p), cap_limits, (w, a, 0)), Demand(("f", f), berth_limits, (w, 0, 0))))
        for s, n, p, f, w, a in rows
    ]  # fmt: skip
    expected = reference(items)

    def steps(limit: Limit) -> LimitSteps:
        base = day(0) - __import__("datetime").timedelta(days=0)
        return LimitSteps(
            limit.base,
            tuple(
                (int((a - base).total_seconds()) * 10**6, int((b - base).total_seconds()) * 10**6, v)
                for a, b, v in limit.raised
            ),
        )

    got = compiled(
        np.array([s * us for s, *_ in rows], dtype=np.int64),
        np.array([(s + n) * us for s, n, *_ in rows], dtype=np.int64),
        np.array([[w, a, 0] for *_, w, a in rows], dtype=np.int64).reshape(-1, 3),
        [
            Grouping(np.array([parties.index(p) for _, _, p, *_ in rows], dtype=np.int64),
                     [tuple(steps(x) for x in cap_limits)] * len(parties)),
            Grouping(np.array([facilities.index(f) for _, _, _, f, *_ in rows], dtype=np.int64),
                     [tuple(steps(x) for x in berth_limits)] * len(facilities)),
        ],
        np.zeros(len(rows), dtype=bool),
    )  # fmt: skip
    assert got.admitted.tolist() == [not r for r in expected]
    found = got.per_row()
    names = [["warships", "aircraft", "personnel"], ["berths", "stands", "beds"]]
    assert [[(names[e.grouping][e.resource], day(e.at / us), e.total, e.max) for e in r] for r in found] == [
        [(e.limit, e.at, e.total, e.max) for e in r] for r in expected
    ]
    return found


def test_compiled_plan_engine_on_large_plans_agrees_with_reference_engine() -> None:
    """Plans of thousands of rows, so that the segment tree is deep and its pending amounts travel far."""
    import random

    for seed in range(3):
        rng = random.Random(seed)
        rows = [
            (rng.randrange(0, 3000), rng.randrange(1, 40), rng.choice("PQRS"), rng.choice("ABCDEF"),
             rng.randrange(0, 3), rng.randrange(0, 4))
            for _ in range(2500)
        ]  # fmt: skip
        found = _compare_engines(rows, 6, 4, 9, seed == 1, list("PQRS"), list("ABCDEF"))
        assert 0 < sum(1 for r in found if not r) < len(rows)  # some admitted, some refused


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


def _fcfs_oracle(
    rows: list[tuple[int, int, str, str, int, int]], caps: dict[str, int], refused: list[bool] | None = None
) -> list[bool]:
    """Row by row, against every admitted row before it, at every instant where anything changes; a refused
    row is not admitted and takes nothing."""
    admitted: list[tuple[int, int, str, str, int, int]] = []
    out: list[bool] = []
    for i, (s, n, party, facility, ships, planes) in enumerate(rows):
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
        ok = ok and not (refused and refused[i])
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


@settings(max_examples=400, deadline=None)
@given(plans, st.integers(1, 5), st.integers(1, 5), st.integers(1, 6), st.booleans())
def test_compiled_plan_engine_agrees_with_oracle_and_reference_engine(
    rows: list[tuple[int, int, str, str, int, int]],
    warships: int,
    berths: int,
    aircraft: int,
    raised: bool,
) -> None:
    """relos.planning.engine.plan_engine (its compiled segment-tree loop, used by `relos plan check`) against the
    oracle and, violation by violation (limit, first instant, total, max), against the pure-Python reference
    engine."""
    got = _compare_engines(rows, warships, berths, aircraft, raised, ["RUS", "USA"], ["A", "B"])
    if not raised:
        assert [not r for r in got] == _fcfs_oracle(
            rows, {"warships": warships, "berths": berths, "aircraft": aircraft}
        )


@settings(max_examples=300, deadline=None)
@given(plans, st.data(), st.integers(1, 5), st.integers(1, 5), st.integers(1, 6))
def test_compiled_plan_engine_refused_rows_take_no_capacity(
    rows: list[tuple[int, int, str, str, int, int]],
    data: st.DataObject,
    warships: int,
    berths: int,
    aircraft: int,
) -> None:
    """A row refused before the caps are looked at (not in force, purpose not allowed) is not admitted and
    leaves its capacity to the rows after it; rows with no facility add to no facility's load."""
    import numpy as np

    from relos.planning.engine.plan_engine import Grouping, LimitSteps
    from relos.planning.engine.plan_engine import first_come_first_served as compiled

    refused = data.draw(st.lists(st.booleans(), min_size=len(rows), max_size=len(rows)))
    us = 86_400_000_000
    caps = (LimitSteps(warships), LimitSteps(aircraft), LimitSteps(None))
    berth = (LimitSteps(berths), LimitSteps(None), LimitSteps(None))
    got = compiled(
        np.array([s * us for s, *_ in rows], dtype=np.int64),
        np.array([(s + n) * us for s, n, *_ in rows], dtype=np.int64),
        np.array([[w, a, 0] for *_, w, a in rows], dtype=np.int64).reshape(-1, 3),
        [
            Grouping(np.array([["RUS", "USA"].index(p) for _, _, p, *_ in rows], dtype=np.int64), [caps, caps]),
            Grouping(np.array([0 if f == "A" else -1 for _, _, _, f, *_ in rows], dtype=np.int64), [berth]),
        ],
        np.array(refused, dtype=bool),
    )  # fmt: skip
    admitted: list[tuple[int, int, str, str, int, int]] = []
    expected = []
    for (s, n, party, facility, ships, planes), no in zip(rows, refused, strict=True):
        e = s + n
        ok = not no
        for t in {s} | {p for a, m, *_ in admitted for p in (a, a + m) if s <= p < e}:
            here = [r for r in admitted if r[0] <= t < r[0] + r[1]]
            ok = ok and not (ships and sum(r[4] for r in here if r[2] == party) + ships > warships)
            ok = ok and not (planes and sum(r[5] for r in here if r[2] == party) + planes > aircraft)
            ok = ok and not (ships and facility == "A" and sum(r[4] for r in here if r[3] == "A") + ships > berths)
        expected.append(ok)
        if ok:
            admitted.append((s, n, party, facility, ships, planes))
    assert got.admitted.tolist() == expected
    for i, found in enumerate(got.per_row()):
        assert got.admitted[i] == (not found and not refused[i])
        assert all(e.group == 0 for e in found if e.grouping == 1)
