"""Property tests: the loads the presence index keeps up to date (relos.domain.deployments.loads, kept by
relos.db.repositories.presence_index) give the admission decisions and earliest windows that checks built from
the occupying deployments of each window give, whatever deployments come, change and go, and whenever."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from relos.db.repositories.presence_index import HostIndex
from relos.domain.deployments.admission import Limit, build_checks, checks_of, earliest_window, exceeded
from relos.domain.deployments.loads import LoadSums
from relos.domain.deployments.model import Capacity, DeploymentStatus, Occupancy, Totals
from relos.domain.deployments.presence import StepFunction

from .helpers import day

S = DeploymentStatus
spans = st.tuples(st.integers(0, 60), st.integers(1, 20), st.integers(-3, 4))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("ab"), spans, st.booleans()), max_size=30), st.lists(spans, max_size=3))
def test_load_sums_are_the_step_function_of_the_intervals_held(
    steps: list[tuple[str, tuple[int, int, int], bool]], extra: list[tuple[int, int, int]]
) -> None:
    sums = LoadSums()
    held: dict[str, list[tuple[int, int, int]]] = {"a": [], "b": []}
    for key, (s, n, amount), take_back in steps:
        if take_back and held[key]:
            s, e, amount = held[key].pop(0)
            sums.add(key, day(s), day(e), -amount)
        else:
            held[key].append((s, s + n, amount))
            sums.add(key, day(s), day(s + n), amount)
        for k in held:
            want = StepFunction.of((day(a), day(b), x) for a, b, x in held[k])
            got = sums.load(k)
            assert (got.times, got.values) == (want.times, want.values)
    more = [(day(s), day(s + n), x) for s, n, x in extra]
    want = StepFunction.of([(day(a), day(b), x) for a, b, x in held["a"]] + more)
    got = sums.load("a", more)
    assert (got.times, got.values) == (want.times, want.values)


def _occupancy(key: int, party: str, facility: str, status: DeploymentStatus, start: int, length: int, ships: int,
               people: int, early: int, stay: int) -> Occupancy:  # fmt: skip
    """A deployment as the index holds it: arrived `early` days after its start, departed `stay` days after."""
    arrived = None if status is S.APPROVED else day(start + early)
    departed = day(start + early + stay) if status in (S.DEPARTED, S.CLOSED) else None
    window = day(start), day(start + length)
    return Occupancy(f"d{key}", party, facility, status, *window, Totals(ships, 0, people), arrived, departed)


occupancies = st.builds(
    _occupancy,
    st.integers(0, 12),
    st.sampled_from(["RUS", "USA"]),
    st.sampled_from(["F1", "F2"]),
    st.sampled_from([S.APPROVED, S.ARRIVED, S.DEPARTED, S.CLOSED, S.CANCELLED]),
    st.integers(0, 60),
    st.integers(1, 20),
    st.integers(0, 3),
    st.integers(0, 30),
    st.integers(-4, 4),
    st.integers(-2, 30),
)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(occupancies, max_size=25),
    st.integers(0, 12),
    st.integers(0, 90),
    st.integers(0, 60),
    st.integers(1, 15),
    st.integers(1, 3),
    st.integers(1, 40),
    st.integers(1, 6),
    st.integers(20, 80),
)
def test_kept_loads_decide_as_the_occupying_deployments_do(
    written: list[Occupancy],
    excluded: int,
    now_day: int,
    start: int,
    length: int,
    ships: int,
    people: int,
    warship_cap: int,
    beds: int,
) -> None:
    index = HostIndex()
    for o in written:  # each write of a deployment, as the index applies it (its latest state replaces the last)
        index._put(o)
    now, excluding = day(now_day), f"d{excluded}"
    caps = {"warships": Limit("warships", warship_cap), "aircraft": Limit("aircraft", None),
            "personnel": Limit("personnel", 60, ((day(20), day(30), 90),))}  # fmt: skip
    capacity = Capacity("F1", berths=4, beds=beds)
    totals = Totals(ships, 0, people)
    kept = checks_of(
        totals=totals,
        caps=caps,
        capacity=capacity,
        party_load=lambda name: index.load("party", "RUS", name, now=now, excluding=excluding),
        facility_load=lambda name: index.load("facility", "F1", name, now=now, excluding=excluding),
    )

    def occupying(a: int, b: int) -> list:  # type: ignore[type-arg]
        return build_checks(
            totals=totals, visiting_party="RUS", facility_id="F1", caps=caps, capacity=capacity,
            others=[o for o in index.occupying(day(a), day(b), "RUS", "F1") if o.id != excluding], now=now,
        )  # fmt: skip

    end, horizon = start + length, 120
    assert exceeded(kept, day(start), day(end)) == exceeded(occupying(start, end), day(start), day(end))
    for walk in (0, 16):
        assert earliest_window(
            kept, start=day(start), length=timedelta(days=length), not_after=day(horizon), walk=walk
        ) == earliest_window(
            occupying(start, horizon), start=day(start), length=timedelta(days=length), not_after=day(horizon),
            walk=walk,
        )  # fmt: skip
