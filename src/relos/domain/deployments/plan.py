"""Checking a whole deployment plan, first come first served: a row is admitted when, with every row admitted
before it, no limit it adds to is exceeded at any instant of its window; a rejected row takes no capacity.

The engine compresses the instants of the plan once per group of loads that share them (a visiting party's
warships, aircraft and personnel in a host's territory; a facility's berths, stands and beds) — O(n log n) —
and keeps each load as a list of step values over those instants. A row then costs two dictionary look-ups per
group to find its window's steps, a C-level `max` over them per load, and, when it is admitted, one pass adding
its amounts. A row is never compared with another row, as the straightforward all-pairs check does (see
benchmarks/bench_deployments.py for the ratio between the two).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from relos.domain.deployments.admission import Exceeded, Limit


@dataclass(frozen=True)
class Demand:
    """What a row adds to a group of loads that share their instants, and the limits those loads respect."""

    group: Hashable  # e.g. ("cap", "RUS", "IND") or ("facility", "IN-VZG")
    limits: tuple[Limit, ...]  # one per load of the group (the same tuple for every row of the group)
    amounts: tuple[int, ...]


@dataclass(frozen=True)
class PlanItem:
    start: datetime
    end: datetime
    demands: tuple[Demand, ...]
    refused: tuple[Exceeded, ...] = field(default=())  # rules that refuse it whatever the loads (in force, purpose)


def first_come_first_served(items: Sequence[PlanItem]) -> list[list[Exceeded]]:
    """For each item in order, the limits it exceeds (empty: admitted and its amounts added to the loads)."""
    instants: dict[Hashable, set[datetime]] = {}
    for item in items:
        for demand in item.demands:
            points = instants.get(demand.group)
            if points is None:
                points = instants[demand.group] = set()
            points.add(item.start)
            points.add(item.end)
            for limit in demand.limits:
                for a, b, _ in limit.raised:
                    if a < item.end and b > item.start:
                        points.update(t for t in (a, b) if item.start < t < item.end)
    times: dict[Hashable, list[datetime]] = {}
    index: dict[Hashable, dict[datetime, int]] = {}
    loads: dict[Hashable, list[list[int]]] = {}
    sizes = {d.group: len(d.limits) for item in items for d in item.demands}
    for group, points in instants.items():
        ordered = sorted(points)
        times[group] = ordered
        index[group] = {t: i for i, t in enumerate(ordered)}
        loads[group] = [[0] * len(ordered) for _ in range(sizes[group])]

    results: list[list[Exceeded]] = []
    for item in items:
        found = list(item.refused)
        start, end = item.start, item.end
        for demand in item.demands:
            at = index[demand.group]
            lo, hi = at[start], at[end]
            group_loads = loads[demand.group]
            for k, amount in enumerate(demand.amounts):
                if not amount:
                    continue
                limit = demand.limits[k]
                if limit.raised:
                    bad = _exceeds_piecewise(limit, amount, start, end, at, times[demand.group], group_loads[k])
                elif limit.base is not None and max(group_loads[k][lo:hi]) + amount > limit.base:
                    bad = _first(limit.name, limit.base, amount, lo, hi, times[demand.group], group_loads[k])
                else:
                    continue
                if bad is not None:
                    found.append(bad)
        if not found:
            for demand in item.demands:
                at = index[demand.group]
                lo, hi = at[start], at[end]
                group_loads = loads[demand.group]
                for k, amount in enumerate(demand.amounts):
                    if amount:
                        load = group_loads[k]
                        load[lo:hi] = [x + amount for x in load[lo:hi]]
        results.append(found)
    return results


def _first(name: str, cap: int, amount: int, lo: int, hi: int, times: list[datetime], load: list[int]) -> Exceeded:
    threshold = cap - amount
    i = next(i for i in range(lo, hi) if load[i] > threshold)
    return Exceeded(name, times[i], load[i] + amount, cap)


def _exceeds_piecewise(
    limit: Limit,
    amount: int,
    start: datetime,
    end: datetime,
    at: dict[datetime, int],
    times: list[datetime],
    load: list[int],
) -> Exceeded | None:
    for a, b, cap in limit.pieces(start, end):
        lo, hi = at[a], at[b]
        if cap is not None and lo < hi and max(load[lo:hi]) + amount > cap:
            return _first(limit.name, cap, amount, lo, hi, times, load)
    return None
