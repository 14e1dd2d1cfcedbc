"""Loads kept up to date as forces come and go: for each key (whose forces, which total), the changes of the
load at each instant, added to and taken from one interval at a time, and its step function built on first use
after a change — the same step function as StepFunction.of over the intervals held.

An admission decision checks a request against the loads of its visiting party and of its facility: kept so,
they cost it O(changes of that load) instead of a pass over every deployment occupying the host's territory.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from datetime import datetime

from relos.domain.deployments.presence import StepFunction


class LoadSums:
    """Step functions of sums of intervals, by key, with intervals added and removed one at a time."""

    __slots__ = ("_built", "_changes")

    def __init__(self) -> None:
        self._changes: dict[Hashable, dict[datetime, int]] = {}
        self._built: dict[Hashable, StepFunction] = {}

    def add(self, key: Hashable, start: datetime, end: datetime, amount: int) -> None:
        """`amount` more on [start, end) (a negative amount takes it away again)."""
        if not amount or end <= start:
            return
        changes = self._changes.setdefault(key, {})
        for instant, change in ((start, amount), (end, -amount)):
            value = changes.get(instant, 0) + change
            if value:
                changes[instant] = value
            else:
                del changes[instant]
        self._built.pop(key, None)

    def changes(self, key: Hashable) -> dict[datetime, int]:
        """The changes of the load of `key` (a copy)."""
        return dict(self._changes.get(key, {}))

    def load(self, key: Hashable, extra: Iterable[tuple[datetime, datetime, int]] = ()) -> StepFunction:
        """The load of `key`, with the `extra` intervals added for this answer only."""
        more = [(a, b, n) for a, b, n in extra if n and b > a]
        if more:
            changes = self.changes(key)
            for a, b, n in more:
                changes[a] = changes.get(a, 0) + n
                changes[b] = changes.get(b, 0) - n
            return StepFunction.of_changes(changes)
        built = self._built.get(key)
        if built is None:
            built = self._built[key] = StepFunction.of_changes(self._changes.get(key, {}))
        return built

    def clear(self) -> None:
        self._changes.clear()
        self._built.clear()
