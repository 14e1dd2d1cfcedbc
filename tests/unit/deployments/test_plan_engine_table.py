"""The plan engine's table of steps (relos.planning.engine.plan_engine._table): all groups' instants sorted at
once give the very table built group by group."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from relos.planning.engine.plan_engine import Grouping, LimitSteps, _table, _table_by_group

_LIMIT = st.builds(
    LimitSteps,
    st.one_of(st.none(), st.integers(0, 9)),
    st.lists(st.tuples(st.integers(-50, 50), st.integers(1, 30), st.integers(0, 12)), max_size=2).map(
        lambda raised: tuple((a, a + d, v) for a, d, v in raised)
    ),
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(-60, 60), st.integers(1, 40), st.integers(-1, 3), st.booleans()), max_size=30),
    st.lists(st.tuples(_LIMIT, _LIMIT, _LIMIT), min_size=4, max_size=4),
    st.integers(0, 5),
)
def test_one_sort_gives_the_table_built_group_by_group(
    rows: list[tuple[int, int, int, bool]], limits: list[tuple[LimitSteps, LimitSteps, LimitSteps]], offset: int
) -> None:
    starts = np.array([s for s, _, _, _ in rows], dtype=np.int64)
    ends = starts + np.array([d for _, d, _, _ in rows], dtype=np.int64)
    grouping = Grouping(np.array([g for _, _, g, _ in rows], dtype=np.int64), limits)
    live = np.array([on for *_, on in rows], dtype=bool)
    got = _table(starts, ends, live, grouping, offset)
    want = _table_by_group(starts, ends, np.where(live, grouping.row_group, -1), grouping, offset)
    for name in ("limit", "coords", "lo", "hi", "row_group"):
        assert np.array_equal(getattr(got, name), getattr(want, name)), name
        assert getattr(got, name).shape == getattr(want, name).shape, name
