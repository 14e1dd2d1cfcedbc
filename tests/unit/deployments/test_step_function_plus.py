"""A load with more added over some windows (`StepFunction.plus`, used for the deployments admitted earlier in
the same decision) is the load of all those windows together, at every instant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from relos.domain.deployments.presence import StepFunction

T0 = datetime(2027, 3, 1, tzinfo=UTC)
Windows = list[tuple[datetime, datetime, int]]

windows = st.lists(
    st.tuples(st.integers(0, 40), st.integers(1, 20), st.integers(-5, 50)).map(
        lambda w: (T0 + timedelta(days=w[0]), T0 + timedelta(days=w[0] + w[1]), w[2])
    ),
    max_size=8,
)


@given(windows, windows)
def test_plus_is_the_load_of_both_sets_of_windows(before: Windows, added: Windows) -> None:
    together = StepFunction.of(before + added)
    summed = StepFunction.of(before).plus(added)
    for day in range(-1, 62):
        instant = T0 + timedelta(days=day, hours=12)
        assert summed.at(instant) == together.at(instant)
    assert summed.max_over(T0, T0 + timedelta(days=61)) == together.max_over(T0, T0 + timedelta(days=61))


def test_nothing_added_is_the_same_load() -> None:
    load = StepFunction.of([(T0, T0 + timedelta(days=3), 5)])
    assert load.plus([]) is load
    assert load.plus([(T0, T0, 9), (T0, T0 + timedelta(days=1), 0)]) is load


def test_a_window_added_raises_the_load_only_within_it() -> None:
    load = StepFunction.of([(T0, T0 + timedelta(days=10), 100)]).plus(
        [(T0 + timedelta(days=5), T0 + timedelta(days=15), 40)]
    )
    assert [load.at(T0 + timedelta(days=d)) for d in (-1, 0, 5, 9, 10, 14, 15)] == [0, 100, 140, 140, 40, 40, 0]
