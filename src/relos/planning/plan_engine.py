"""The vectorised first-come-first-served engine of `relos plan check` (numpy).

Rows are taken in order; a row is admitted when, with every row admitted before it, none of the loads it
adds to would exceed its limit at any instant of its window; a rejected row takes no capacity.

Loads come in groups that share their instants (a visiting party's warships, aircraft and personnel in a
host's territory; a facility's berths, stands and beds). Per group the instants are compressed once
(sort, O(n log n)) and the group keeps its *headroom* — limit minus load — as a 3 × m integer array over
them, so a limit raised by an override for a window is just more headroom there. A row then costs, per group,
one comparison of its amounts with the headroom of its window's steps (a numpy view, compared in C) and, when
admitted, one subtraction. No row is ever compared with another row. The pure-Python reference engine is
relos.domain.deployments.plan; property tests hold both to a brute-force oracle.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
UNLIMITED = 2**52
_RESOURCES = np.arange(3)


@dataclass(frozen=True)
class LimitSteps:
    """A limit over time: `base` (None: none) raised to `value` within each [start, end) of `raised` (µs)."""

    base: int | None
    raised: tuple[tuple[int, int, int], ...] = ()

    def at(self, instant: int) -> int | None:
        if not self.raised:
            return self.base
        values = [v for a, b, v in self.raised if a <= instant < b]
        return max(values) if values else self.base


@dataclass(frozen=True)
class Grouping:
    """Which group of loads each row adds to (-1: none), and each group's three limits."""

    row_group: IntArray  # (N,)
    limits: Sequence[tuple[LimitSteps, LimitSteps, LimitSteps]]


@dataclass(frozen=True)
class Exceeded:
    grouping: int
    resource: int  # 0, 1, 2: which of the group's three loads
    group: int
    at: int  # µs
    total: int
    max: int


@dataclass
class _Group:
    coords: IntArray
    headroom: IntArray  # (3, m)
    limits: tuple[LimitSteps, LimitSteps, LimitSteps]
    lo: dict[int, int] = field(default_factory=dict)


def first_come_first_served(
    starts: IntArray, ends: IntArray, amounts: IntArray, groupings: Sequence[Grouping], refused: npt.NDArray[np.bool_]
) -> list[list[Exceeded]]:
    """For each row, the loads it would push over their limits (empty and not `refused`: admitted)."""
    n = len(starts)
    live = amounts.any(axis=1)
    tables: list[tuple[list[_Group | None], list[int], list[int], list[int]]] = []
    for grouping in groupings:
        groups: list[_Group | None] = []
        lo = np.full(n, -1, dtype=np.int64)
        hi = np.full(n, -1, dtype=np.int64)
        row_group = np.where(live, grouping.row_group, -1)
        for g, limits in enumerate(grouping.limits):
            rows = np.flatnonzero(row_group == g)
            if not len(rows):
                groups.append(None)
                continue
            cuts = [t for lim in limits for a, b, _ in lim.raised for t in (a, b)]
            coords = np.unique(np.concatenate([starts[rows], ends[rows], np.array(cuts, dtype=np.int64)]))
            lo[rows] = np.searchsorted(coords, starts[rows])
            hi[rows] = np.searchsorted(coords, ends[rows])
            headroom = np.empty((3, len(coords)), dtype=np.int64)
            for k, lim in enumerate(limits):
                headroom[k] = UNLIMITED if lim.base is None else lim.base
                for a, b, v in lim.raised:
                    p, q = int(np.searchsorted(coords, a)), int(np.searchsorted(coords, b))
                    current = headroom[k, p:q]
                    headroom[k, p:q] = np.where(current >= UNLIMITED, v, np.maximum(current, v))
            groups.append(_Group(coords, headroom, limits))
        tables.append((groups, row_group.tolist(), lo.tolist(), hi.tolist()))

    need = amounts[:, :, None]  # (N, 3, 1): broadcast against a (3, w) window
    # per grouping and row: the group's headroom (None: the row adds nothing there) and its window's steps
    per_row = [
        list(zip([groups[g].headroom if g >= 0 else None for g in row_groups], los, his, strict=True))  # type: ignore[union-attr]
        for groups, row_groups, los, his in tables
    ]
    results: list[list[Exceeded]] = []
    for i, (need_i, refused_i, *spans) in enumerate(zip(need, refused.tolist(), *per_row, strict=True)):
        found: list[Exceeded] = []
        touched: list[IntArray] = []
        for t, (headroom, first, last) in enumerate(spans):
            if headroom is None:
                continue
            window = headroom[:, first:last]
            bad = window < need_i
            if bad.any():
                found += _explain(t, tables[t][1][i], tables[t][0][tables[t][1][i]], bad, first, amounts[i])  # type: ignore[arg-type]
            touched.append(window)
        if not found and not refused_i:
            for window in touched:
                window -= need_i
        results.append(found)
    return results


def _explain(
    grouping: int, g: int, group: _Group, bad: npt.NDArray[np.bool_], lo: int, amounts: IntArray
) -> list[Exceeded]:
    out = []
    first_bad = bad.argmax(axis=1).tolist()  # per load: its first step over the limit (0 when none is)
    flags = bad[_RESOURCES, first_bad].tolist()
    for k in (k for k in range(3) if flags[k]):
        col = lo + first_bad[k]
        at = int(group.coords[col])
        cap = group.limits[k].at(at)
        assert cap is not None
        total = cap - int(group.headroom[k, col]) + int(amounts[k])
        out.append(Exceeded(grouping, k, g, at, total, cap))
    return out
