"""The vectorised first-come-first-served engine of `relos plan check` (numpy).

Rows are taken in order; a row is admitted when, with every row admitted before it, none of the loads it
adds to would exceed its limit at any instant of its window; a rejected row takes no capacity.

Loads come in groups that share their instants (a visiting party's warships, aircraft and personnel in a
host's territory; a facility's berths, stands and beds). Per grouping, each group's instants are compressed
once (sort, O(n log n)) and the groups are laid end to end in one table whose step c holds the *headroom* —
limit minus load — of its three loads (an override raising a limit for a window is just more headroom there).
A row's window is then a run of consecutive steps of that table.

Rows go through in blocks. A row of a block that shares no step with an earlier row of the same block, in any
grouping, sees exactly the headroom of the block's start: its verdict, and the first step over each limit, are
computed for all such rows at once (one gather, one comparison, one segmented minimum), and the admitted ones
take their capacity in one scatter — their windows are disjoint, so no step is written twice. The few rows
that do share steps with an earlier row of their block are then decided one by one, in order, each against
the headroom as it stands. No row is ever compared with another row's load. The pure-Python reference
engine is relos.domain.deployments.plan; property tests hold both to a brute-force oracle.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
UNLIMITED = 2**52
BLOCK = 128
_STEP = np.dtype((np.void, 24))  # one step's three int64 headrooms as a single record, gathered and scattered whole
_RESOURCES = np.arange(3)


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
    """One grouping's groups laid end to end: step c is [coords[c], next instant of its group)."""

    headroom: IntArray  # (M, 3), C order
    limit: IntArray  # (M, 3): the limits at each step
    coords: IntArray  # (M,) µs
    lo: IntArray  # (N,) each row's first step (-1: the row adds nothing here)
    hi: IntArray  # (N,) one past its last step
    row_group: IntArray  # (N,)

    def gather(self, steps: IntArray) -> IntArray:
        return np.take(self.headroom.view(_STEP).ravel(), steps).view(np.int64).reshape(-1, 3)

    def scatter(self, steps: IntArray, values: IntArray) -> None:
        np.put(self.headroom.view(_STEP).ravel(), steps, np.ascontiguousarray(values).view(_STEP).ravel())


def _any_per_row(flags: BoolArray) -> BoolArray:
    return np.asarray(flags.any(axis=1), dtype=bool)


def _table(starts: IntArray, ends: IntArray, live: BoolArray, grouping: Grouping) -> _Table:
    n = len(starts)
    row_group = np.where(live, grouping.row_group, -1)
    lo = np.full(n, -1, dtype=np.int64)
    hi = np.full(n, -1, dtype=np.int64)
    coords_parts: list[IntArray] = [np.empty(0, dtype=np.int64)]
    limit_parts: list[IntArray] = [np.empty((0, 3), dtype=np.int64)]
    order = np.argsort(row_group, kind="stable")
    bounds = np.searchsorted(row_group[order], np.arange(len(grouping.limits) + 1)).tolist()
    offset = 0
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
    return _Table(limit.copy(), limit, np.concatenate(coords_parts), lo, hi, row_group)


class _Found:
    """Violations as they are found: chunks of parallel arrays (row, grouping, resource, group, at, total, max)."""

    def __init__(self) -> None:
        self.chunks: list[IntArray] = []
        self.single: list[tuple[int, int, int, int, int, int, int]] = []

    def verdicts(self, admitted: BoolArray) -> Verdicts:
        if self.single:
            self.chunks.append(np.array(self.single, dtype=np.int64).T)
        table = np.concatenate(self.chunks, axis=1) if self.chunks else np.empty((7, 0), dtype=np.int64)
        table = table[:, np.lexsort((table[2], table[1], table[0]))]
        return Verdicts(admitted, *table)


def first_come_first_served(
    starts: IntArray,
    ends: IntArray,
    amounts: IntArray,
    groupings: Sequence[Grouping],
    refused: BoolArray,
    *,
    block: int = BLOCK,
) -> Verdicts:
    """Each row's verdict in order: admitted unless `refused` or over a limit; a row not admitted takes nothing."""
    n = len(starts)
    live = _any_per_row(amounts != 0)
    tables = [_table(starts, ends, live, grouping) for grouping in groupings]
    admitted = np.zeros(n, dtype=bool)
    found = _Found()
    earlier = np.tri(block, k=-1, dtype=bool)  # earlier[j, i]: row i comes before row j in the block
    for b0 in range(0, n, block):
        b1 = min(n, b0 + block)
        shared = np.zeros(b1 - b0, dtype=bool)
        over = np.zeros(b1 - b0, dtype=bool)
        guesses = []
        for table in tables:
            guess = _Guess.of(table, amounts, b0, b1, earlier)
            if guess is not None:
                shared[guess.sel] |= guess.shared
                over[guess.sel] |= guess.over
            guesses.append(guess)
        alone = ~shared
        admitted[b0:b1] = alone & ~over & ~refused[b0:b1]
        for t, guess in enumerate(guesses):
            if guess is not None:
                guess.settle(t, tables[t], alone, admitted[b0:b1], amounts, found)
        for i in (b0 + np.flatnonzero(shared)).tolist():
            admitted[i] = _one_by_one(i, tables, amounts[i], bool(refused[i]), found)
    return found.verdicts(admitted)


@dataclass
class _Guess:
    """One grouping's verdicts for a block's rows as at the block's start (exact for rows sharing no step with
    an earlier row of the block): `sel` the block's rows that add to this grouping."""

    b0: int
    sel: IntArray  # positions in the block
    shared: BoolArray  # per selected row: shares a step with an earlier row of the block
    over: BoolArray  # per selected row: over a limit as at the block's start
    widths: IntArray
    steps: IntArray  # the selected rows' windows, end to end
    need: IntArray  # (len(steps), 3): each step's row's amounts
    seen: IntArray  # (len(steps), 3): the headroom there
    first: IntArray  # (len(sel), 3): per row and load, its first step over the limit (len(steps): none)

    @classmethod
    def of(cls, table: _Table, amounts: IntArray, b0: int, b1: int, earlier: BoolArray) -> _Guess | None:
        lo, hi = table.lo[b0:b1], table.hi[b0:b1]
        sel = np.flatnonzero(lo >= 0)
        r = len(sel)
        if not r:
            return None
        lo, hi = lo[sel], hi[sel]
        shared = _any_per_row((lo[:, None] < hi) & (lo < hi[:, None]) & earlier[:r, :r])
        widths = hi - lo
        offsets = np.cumsum(widths) - widths
        size = int(offsets[-1] + widths[-1])
        steps = np.arange(size) + np.repeat(lo - offsets, widths)
        need = np.repeat(amounts[b0 + sel], widths, axis=0)
        seen = table.gather(steps)
        position = np.where(seen < need, np.arange(size)[:, None], size)
        first = np.minimum.reduceat(position, offsets, axis=0)
        over = _any_per_row(first < size)
        return cls(b0, sel, shared, over, widths, steps, need, seen, first)

    def settle(
        self, t: int, table: _Table, alone: BoolArray, admitted: BoolArray, amounts: IntArray, found: _Found
    ) -> None:
        """Record the violations of this grouping's rows that stand alone, and take the admitted rows' capacity."""
        explain = np.flatnonzero(self.over & alone[self.sel])
        if len(explain):
            size = len(self.steps)
            which, k = np.nonzero(self.first[explain] < size)
            p = self.first[explain][which, k]
            step = self.steps[p]
            rows = self.b0 + self.sel[explain[which]]
            cap = table.limit[step, k]
            total = cap - self.seen[p, k] + amounts[rows, k]
            found.chunks.append(
                np.stack([rows, np.full_like(rows, t), k, table.row_group[rows], table.coords[step], total, cap])
            )
        take = admitted[self.sel]
        if take.any():
            mask = np.repeat(take, self.widths)
            table.scatter(self.steps[mask], self.seen[mask] - self.need[mask])


def _one_by_one(i: int, tables: Sequence[_Table], need: IntArray, refused: bool, found: _Found) -> bool:
    """Row i against the headroom as it stands; its capacity taken when admitted."""
    windows = []
    over = False
    for t, table in enumerate(tables):
        lo = int(table.lo[i])
        if lo < 0:
            continue
        window = table.headroom[lo : int(table.hi[i])]
        bad = window < need
        if bad.any():
            over = True
            first = bad.argmax(axis=0).tolist()
            for k in np.flatnonzero(bad[first, _RESOURCES]).tolist():
                step = lo + first[k]
                cap = int(table.limit[step, k])
                total = cap - int(table.headroom[step, k]) + int(need[k])
                found.single.append((i, t, k, int(table.row_group[i]), int(table.coords[step]), total, cap))
        windows.append(window)
    if over or refused:
        return False
    for window in windows:
        window -= need
    return True
