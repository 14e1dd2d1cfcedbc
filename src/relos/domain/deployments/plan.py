"""Checking a whole deployment plan, first come first served: a row is admitted when, with every row admitted
before it, no limit it adds to is exceeded at any instant of its window; a rejected row takes no capacity.

The engine compresses the instants of the plan per load (a visiting party's warships in a host's territory,
a facility's berths, …) once — O(n log n) — and keeps each load as a list of step values over those instants.
A row then costs a dictionary look-up per limit to find its window's steps, a C-level `max` over them, and,
when it is admitted, one pass adding its amount to them. A row is never compared with another row, as the
straightforward all-pairs check does (see benchmarks/bench_deployments.py for the ratio between the two).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from relos.domain.deployments.admission import Exceeded, Limit


@dataclass(frozen=True)
class Demand:
    """What a row adds to one load, and the limit that load must respect for this row."""

    key: Hashable  # the load: e.g. ("cap", "RUS", "IND", "warships") or ("facility", "IN-VZG", "berths")
    limit: Limit
    amount: int


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
            if demand.amount:
                points = instants.setdefault(demand.key, set())
                points.add(item.start)
                points.add(item.end)
                for a, b, _ in demand.limit.raised:
                    if a < item.end and b > item.start:
                        points.update(t for t in (a, b) if item.start < t < item.end)
    times: dict[Hashable, list[datetime]] = {}
    index: dict[Hashable, dict[datetime, int]] = {}
    loads: dict[Hashable, list[int]] = {}
    for key, points in instants.items():
        ordered = sorted(points)
        times[key] = ordered
        index[key] = {t: i for i, t in enumerate(ordered)}
        loads[key] = [0] * len(ordered)

    results: list[list[Exceeded]] = []
    for item in items:
        found = list(item.refused)
        live = [d for d in item.demands if d.amount]
        for demand in live:
            bad = _exceeds(demand, item.start, item.end, index[demand.key], times[demand.key], loads[demand.key])
            if bad is not None:
                found.append(bad)
        if not found:
            for demand in live:
                at = index[demand.key]
                load = loads[demand.key]
                lo, hi = at[item.start], at[item.end]
                amount = demand.amount
                load[lo:hi] = [x + amount for x in load[lo:hi]]
        results.append(found)
    return results


def _exceeds(
    demand: Demand, start: datetime, end: datetime, at: dict[datetime, int], times: list[datetime], load: list[int]
) -> Exceeded | None:
    limit = demand.limit
    pieces = [(start, end, limit.base)] if not limit.raised else limit.pieces(start, end)
    for a, b, cap in pieces:
        if cap is None:
            continue
        lo, hi = at[a], at[b]
        threshold = cap - demand.amount
        if lo < hi and max(load[lo:hi]) > threshold:
            for i in range(lo, hi):
                if load[i] > threshold:
                    return Exceeded(limit.name, times[i], load[i] + demand.amount, cap)
    return None
