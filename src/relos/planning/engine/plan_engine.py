"""The first-come-first-served engine of `relos plan check`.

Rows are taken in order; a row is admitted when, with every row admitted before it, none of the loads it
adds to would exceed its limit at any instant of its window; a rejected row takes no capacity.

Loads come in groups that share their instants (a visiting party's warships, aircraft and personnel in a
host's territory; a facility's berths, stands and beds). Per group the instants are compressed once (one sort
for all groups, O(n log n)) and every group of every grouping is laid end to end in one table whose step c holds
the limits of its three loads (an override raising a limit for a window is just a higher limit there); a row's
window in a grouping is then a run of consecutive steps. The rows go through relos.planning.engine.plan_kernel, a
compiled loop (built ahead of time when it is, relos.planning.engine.plan_kernel_aot) over a segment tree of headroom
(limit − load): O(log m) per row and load, so O(n log n) for the plan, and no row is ever compared with
another row. The pure-Python reference engine is relos.domain.deployments.plan; property tests hold both to a
brute-force oracle.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from relos.planning.engine import plan_kernel_aot

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
UNLIMITED = 2**52


@dataclass(frozen=True)
class LimitSteps:
    """A limit over time: `base` (None: none) raised to `value` within each [start, end) of `raised` (µs)."""

    base: int | None
    raised: tuple[tuple[int, int, int], ...] = ()


@dataclass(frozen=True)
class Grouping:
    """Which group of loads each row adds to (-1: none), and each group's three limits."""

    row_group: IntArray  # (N,)
    limits: Sequence[tuple[LimitSteps, LimitSteps, LimitSteps]]


class Exceeded(NamedTuple):
    grouping: int
    resource: int  # 0, 1, 2: which of the group's three loads
    group: int
    at: int  # µs
    total: int
    max: int


@dataclass(frozen=True)
class Verdicts:
    """Which rows are admitted, and every limit a row would exceed, one entry per (row, grouping, resource)
    in that order, as parallel arrays (a refused row that exceeds nothing has no entry)."""

    admitted: BoolArray  # (N,)
    row: IntArray
    grouping: IntArray
    resource: IntArray
    group: IntArray
    at: IntArray  # µs: the first instant over the limit
    total: IntArray  # the load there with the row
    max: IntArray  # the limit there

    def per_row(self) -> list[list[Exceeded]]:
        out: list[list[Exceeded]] = [[] for _ in range(len(self.admitted))]
        columns = (self.grouping, self.resource, self.group, self.at, self.total, self.max)
        for i, *fields in zip(self.row.tolist(), *(c.tolist() for c in columns), strict=True):
            out[i].append(Exceeded(*fields))
        return out


@dataclass
class _Table:
    """One grouping's groups laid end to end, from step `offset` of the table of all groupings: step c is
    [coords[c - offset], next instant of its group)."""

    limit: IntArray  # (M, 3): the limits at each step
    coords: IntArray  # (M,) µs
    lo: IntArray  # (N,) each row's first step in the table of all groupings (-1: the row adds nothing here)
    hi: IntArray  # (N,) one past its last step
    row_group: IntArray  # (N,)


def _any_per_row(flags: BoolArray) -> BoolArray:
    return np.asarray(flags.any(axis=1), dtype=bool)


def _table(starts: IntArray, ends: IntArray, live: BoolArray, grouping: Grouping, offset: int) -> _Table:
    """One grouping's table: the instants of all its groups sorted at once, each group after the one before."""
    n = len(starts)
    if len(grouping.row_group) and int(grouping.row_group.max()) >= len(grouping.limits):
        raise ValueError("a row names a group that has no limits")
    row_group = np.where(live, grouping.row_group, -1)
    used = np.flatnonzero(row_group >= 0)
    groups = row_group[used]
    present = np.unique(groups).tolist()
    cut_group = [g for g in present for lim in grouping.limits[g] for _ in lim.raised for _ in (0, 1)]
    cut_time = [t for g in present for lim in grouping.limits[g] for a, b, _ in lim.raised for t in (a, b)]
    times = np.concatenate([starts[used], ends[used], np.array(cut_time, dtype=np.int64)])
    if not len(times) or len(grouping.limits) * (int(times.max()) - int(times.min()) + 1) >= 2**62:
        return _table_by_group(starts, ends, row_group, grouping, offset)
    first, span = int(times.min()), int(times.max()) - int(times.min()) + 1
    # Every group's instants in one sort: group g's steps are those of key g * span + (t - first), in order.
    every = np.concatenate([groups, groups, np.array(cut_group, dtype=np.int64)]) * span + (times - first)
    order = np.argsort(every)
    ordered = every[order]
    new = np.empty(len(ordered), dtype=bool)
    new[0], new[1:] = True, ordered[1:] != ordered[:-1]
    keys = ordered[new]
    step = np.empty(len(every), dtype=np.int64)
    step[order] = np.cumsum(new) - 1  # each instant's step
    group_of_step, coords = np.divmod(keys, span)
    coords += first
    lo = np.full(n, -1, dtype=np.int64)
    hi = np.full(n, -1, dtype=np.int64)
    lo[used] = step[: len(used)] + offset
    hi[used] = step[len(used) : 2 * len(used)] + offset
    bases = np.array(
        [[UNLIMITED if lim.base is None else lim.base for lim in limits] for limits in grouping.limits], dtype=np.int64
    ).reshape(-1, 3)
    limit = bases[group_of_step]
    for g in present:
        for k, lim in enumerate(grouping.limits[g]):
            for a, b, v in lim.raised:
                p, q = np.searchsorted(keys, [g * span + (a - first), g * span + (b - first)]).tolist()
                current = limit[p:q, k]
                limit[p:q, k] = np.where(current >= UNLIMITED, v, np.maximum(current, v))
    return _Table(limit, coords, lo, hi, row_group)


def _table_by_group(starts: IntArray, ends: IntArray, row_group: IntArray, grouping: Grouping, offset: int) -> _Table:
    """_table group by group (for instants too far apart to share one sort key)."""
    n = len(starts)
    lo = np.full(n, -1, dtype=np.int64)
    hi = np.full(n, -1, dtype=np.int64)
    coords_parts: list[IntArray] = [np.empty(0, dtype=np.int64)]
    limit_parts: list[IntArray] = [np.empty((0, 3), dtype=np.int64)]
    order = np.argsort(row_group, kind="stable")
    bounds = np.searchsorted(row_group[order], np.arange(len(grouping.limits) + 1)).tolist()
    for g, limits in enumerate(grouping.limits):
        rows = order[bounds[g] : bounds[g + 1]]
        if not len(rows):
            continue
        cuts = np.array([t for lim in limits for a, b, _ in lim.raised for t in (a, b)], dtype=np.int64)
        coords = np.unique(np.concatenate([starts[rows], ends[rows], cuts]))
        lo[rows] = np.searchsorted(coords, starts[rows]) + offset
        hi[rows] = np.searchsorted(coords, ends[rows]) + offset
        limit = np.empty((len(coords), 3), dtype=np.int64)
        for k, lim in enumerate(limits):
            limit[:, k] = UNLIMITED if lim.base is None else lim.base
            for a, b, v in lim.raised:
                p, q = np.searchsorted(coords, [a, b]).tolist()
                current = limit[p:q, k]
                limit[p:q, k] = np.where(current >= UNLIMITED, v, np.maximum(current, v))
        coords_parts.append(coords)
        limit_parts.append(limit)
        offset += len(coords)
    limit = np.concatenate(limit_parts)
    return _Table(limit, np.concatenate(coords_parts), lo, hi, row_group)


def _by_grouping(columns: list[IntArray], n: int) -> IntArray:
    """Per-row columns of each grouping as one (G × N) array."""
    return np.stack(columns) if columns else np.empty((0, n), dtype=np.int64)


@functools.cache
def kernel() -> plan_kernel_aot.Kernel:
    """The compiled loop: built ahead of time when it is (relos.planning.engine.plan_kernel_aot), else numba's."""
    compiled = plan_kernel_aot.load_compiled()
    if compiled is not None:
        return compiled
    from relos.planning.engine import plan_kernel

    jitted: plan_kernel_aot.Kernel = plan_kernel.first_come_first_served
    return jitted


def first_come_first_served(
    starts: IntArray,
    ends: IntArray,
    amounts: IntArray,
    groupings: Sequence[Grouping],
    refused: BoolArray,
) -> Verdicts:
    """Each row's verdict in order: admitted unless `refused` or over a limit; a row not admitted takes nothing."""
    n = len(starts)
    live = _any_per_row(amounts != 0)
    tables: list[_Table] = []
    for grouping in groupings:
        tables.append(_table(starts, ends, live, grouping, sum(len(t.coords) for t in tables)))
    limit = np.concatenate([np.empty((0, 3), dtype=np.int64), *(t.limit for t in tables)])
    coords = np.concatenate([np.empty(0, dtype=np.int64), *(t.coords for t in tables)])
    lo, hi, row_group = (_by_grouping([t.lo for t in tables], n), _by_grouping([t.hi for t in tables], n),
                         _by_grouping([t.row_group for t in tables], n))  # fmt: skip
    admitted, found = kernel()(
        np.ascontiguousarray(limit), lo, hi,
        np.ascontiguousarray(amounts, dtype=np.int64), np.asarray(refused, dtype=np.bool_),
    )  # fmt: skip
    row, grouping, resource, step, headroom = found.T
    cap = limit[step, resource]
    return Verdicts(
        admitted,
        row,
        grouping,
        resource,
        row_group[grouping, row],
        coords[step],
        cap - headroom + amounts[row, resource],
        cap,
    )
