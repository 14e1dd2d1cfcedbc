"""Presence over time: the step function of a load (a sum of intervals), built by one sorted sweep of the
intervals' ends, with a max and a min segment tree over its steps.

Building costs O(n log n) for n intervals; every query below costs O(log n): the value at an instant, the
maximum over a window, the first instant in a window above a threshold, the first instant at or after
another at or below one. That is what keeps an admission decision and the earliest-window search fast
against any number of approved deployments. For a search across a whole crowded horizon, `excess` gives every
step above a threshold in one vectorised pass (numpy) over arrays of the steps built on first use.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import numpy as np
import numpy.typing as npt

#: Before every instant a deployment can have: the left end of the first step (where the load is 0).
DAWN = datetime(1, 1, 1, tzinfo=UTC)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
_FOREVER = 2**62  # µs: the right end of the last step
Micros = npt.NDArray[np.int64]


def micros(instant: datetime) -> int:
    """µs since 1970-01-01 UTC."""
    return (instant - EPOCH) // MICROSECOND


def from_micros(value: int) -> datetime:
    return EPOCH + timedelta(microseconds=value)


def _changes(intervals: Iterable[tuple[datetime, datetime, int]]) -> dict[datetime, int]:
    """How a load of `amount` over each [start, end) changes at each instant."""
    delta: dict[datetime, int] = {}
    for start, end, amount in intervals:
        if amount and end > start:
            delta[start] = delta.get(start, 0) + amount
            delta[end] = delta.get(end, 0) - amount
    return delta


class StepFunction:
    """A piecewise-constant load: `values[i]` on [times[i], times[i+1]), the last step running on for ever."""

    __slots__ = ("_arrays", "_max", "_min", "_size", "times", "values")

    def __init__(self, times: list[datetime], values: list[int]) -> None:
        if not times or times[0] != DAWN:
            times, values = [DAWN, *times], [0, *values]
        self.times = times
        self.values = values
        size = 1
        while size < len(values):
            size *= 2
        self._size = size
        hi = [-(2**62)] * (2 * size)
        lo = [2**62] * (2 * size)
        hi[size : size + len(values)] = values
        lo[size : size + len(values)] = values
        for i in range(size - 1, 0, -1):
            a, b = hi[2 * i], hi[2 * i + 1]
            hi[i] = a if a > b else b
            c, d = lo[2 * i], lo[2 * i + 1]
            lo[i] = c if c < d else d
        self._max, self._min = hi, lo
        self._arrays: tuple[Micros, Micros, Micros] | None = None

    @classmethod
    def of(cls, intervals: Iterable[tuple[datetime, datetime, int]]) -> StepFunction:
        """The sum of `amount` over each [start, end) — one sorted sweep over the intervals' ends."""
        return cls.of_changes(_changes(intervals))

    @classmethod
    def of_changes(cls, delta: dict[datetime, int]) -> StepFunction:
        """The load whose value changes by `delta[t]` at each instant t (0 before the first)."""
        times: list[datetime] = [DAWN]
        values: list[int] = [0]
        running = 0
        for t in sorted(delta):
            change = delta[t]
            if not change:
                continue
            running += change
            if t == times[-1]:
                values[-1] = running
            elif running != values[-1]:
                times.append(t)
                values.append(running)
        return cls(times, values)

    def plus(self, intervals: Iterable[tuple[datetime, datetime, int]]) -> StepFunction:
        """This load with `amount` added over each [start, end) (itself when that adds nothing)."""
        delta = _changes(intervals)
        if not delta:
            return self
        previous = 0
        for t, value in zip(self.times, self.values, strict=True):
            delta[t] = delta.get(t, 0) + value - previous
            previous = value
        return self.of_changes(delta)

    # -- steps of a window --------------------------------------------------------------------------------
    def _span(self, start: datetime, end: datetime) -> tuple[int, int]:
        """Indices [lo, hi) of the steps that meet [start, end)."""
        return bisect_right(self.times, start) - 1, bisect_left(self.times, end)

    def at(self, instant: datetime) -> int:
        return self.values[bisect_right(self.times, instant) - 1]

    def max_over(self, start: datetime, end: datetime) -> int:
        lo, hi = self._span(start, end)
        best = -(2**62)
        t, size = self._max, self._size
        left, right = lo + size, hi + size
        while left < right:
            if left & 1:
                best = max(best, t[left])
                left += 1
            if right & 1:
                right -= 1
                best = max(best, t[right])
            left >>= 1
            right >>= 1
        return best

    def _first(self, lo: int, hi: int, threshold: int, *, above: bool) -> int | None:
        """The first step index in [lo, hi) whose value is > threshold (above) or ≤ threshold (not above)."""
        tree, size = (self._max, self._size) if above else (self._min, self._size)

        def hit(node: int) -> bool:
            return tree[node] > threshold if above else tree[node] <= threshold

        left, right = lo + size, hi + size
        lefts: list[int] = []
        rights: list[int] = []
        while left < right:
            if left & 1:
                lefts.append(left)
                left += 1
            if right & 1:
                right -= 1
                rights.append(right)
            left >>= 1
            right >>= 1
        for node in lefts + rights[::-1]:
            if hit(node):
                while node < size:
                    node = 2 * node if hit(2 * node) else 2 * node + 1
                return node - size
        return None

    def first_above(self, start: datetime, end: datetime, threshold: int) -> datetime | None:
        """The first instant of [start, end) at which the load exceeds `threshold`."""
        lo, hi = self._span(start, end)
        found = self._first(lo, hi, threshold, above=True)
        return None if found is None else max(self.times[found], start)

    def first_at_most(self, start: datetime, end: datetime, threshold: int) -> datetime | None:
        """The first instant of [start, end) at which the load is at most `threshold`."""
        lo, hi = self._span(start, end)
        found = self._first(lo, hi, threshold, above=False)
        return None if found is None else max(self.times[found], start)

    def excess(self, start: int, end: int, threshold: int) -> tuple[Micros, Micros]:
        """Where, within [start, end) (µs), the load exceeds `threshold`: each such step clipped to it, as the
        arrays of their starts and ends (µs), in order. One vectorised pass over the steps of the span."""
        if self._arrays is None:  # the steps as arrays, once: their starts and ends in µs, their values
            ends = np.array([micros(t) for t in self.times[1:]] + [_FOREVER], dtype=np.int64)
            starts = np.concatenate([np.array([micros(DAWN)], dtype=np.int64), ends[:-1]])
            self._arrays = (starts, ends, np.array(self.values, dtype=np.int64))
        starts, ends, values = self._arrays
        lo = int(np.searchsorted(starts, start, side="right")) - 1
        hi = int(np.searchsorted(starts, end, side="left"))
        over = lo + np.flatnonzero(values[lo:hi] > threshold)
        return np.maximum(starts[over], start), np.minimum(ends[over], end)

    def steps(self, start: datetime, end: datetime) -> list[tuple[datetime, datetime, int]]:
        """The steps of [start, end), each clipped to it: (from, until, value)."""
        lo, hi = self._span(start, end)
        out: list[tuple[datetime, datetime, int]] = []
        for i in range(lo, hi):
            a = max(self.times[i], start)
            b = min(self.times[i + 1], end) if i + 1 < len(self.times) else end
            if out and out[-1][2] == self.values[i]:
                out[-1] = (out[-1][0], b, self.values[i])
            else:
                out.append((a, b, self.values[i]))
        return out
