"""Fastest hops between refuelling points: the search shared by ship routes, reach and ferry flights.

Sites are indexed 0..k-1, site 0 the start. A hop i -> j is allowed when the distance fits the
usable range and i is the start or a refuelling point; it takes ``distance / speed`` hours plus,
when leaving a refuelling point, the stop time of the call there. Non-refuelling sites are
only ever ends of a hop.

The sites are a few dozen and every pair may be a hop, so the search runs over the dense matrix of hop
times: Dijkstra's algorithm with one numpy step per settled site (no scipy to import for a route).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

_MIN_HOURS = 1e-9  # the least hop: no hop takes no time
#: The previous site of the start and of a site not reached (as scipy's csgraph marks them).
NO_PREVIOUS = -9999


@dataclass(frozen=True, slots=True, eq=False)
class HopTree:
    """Earliest arrival (hours) at every site from site 0, and the previous site on the way (-1)."""

    arrival_h: NDArray[np.float64]
    previous: NDArray[np.int32]
    distance_nm: NDArray[np.float64]
    stops: NDArray[np.int32]

    def chain(self, target: int) -> list[int] | None:
        """Sites from 0 to ``target`` (None when unreachable)."""
        if not np.isfinite(self.arrival_h[target]):
            return None
        out = [target]
        while out[-1] != 0:
            out.append(int(self.previous[out[-1]]))
        out.reverse()
        return out


def hop_tree(
    dist_nm: NDArray[np.float64],
    *,
    refuel: NDArray[np.bool_],
    usable_range_nm: float,
    speed_kn: float,
    stop_hours: float,
) -> HopTree:
    """Fastest hop sequences from site 0 to every site (see the module docstring)."""
    k = dist_nm.shape[0]
    can_leave = refuel.copy()
    can_leave[0] = True
    ok = (dist_nm <= usable_range_nm) & can_leave[:, None] & np.isfinite(dist_nm)
    np.fill_diagonal(ok, False)
    hours = dist_nm / speed_kn + np.where(np.arange(k) == 0, 0.0, stop_hours)[:, None]
    weights = np.where(ok, np.maximum(hours, _MIN_HOURS), np.inf)
    arrival, pred = _dijkstra(weights)
    distance = np.full(k, np.inf)
    stops = np.full(k, -1, dtype=np.int32)
    distance[0], stops[0] = 0.0, 0
    order = np.argsort(arrival)
    for j in order[1:]:
        if not np.isfinite(arrival[j]):
            break
        i = pred[j]
        distance[j] = distance[i] + dist_nm[i, j]
        stops[j] = stops[i] + (1 if i != 0 else 0)
    return HopTree(arrival_h=arrival, previous=pred, distance_nm=distance, stops=stops)


def _dijkstra(weights: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.int32]]:
    """Earliest arrival at every site from site 0 over the dense matrix of hop times (inf: no hop), and the
    site each is reached from (NO_PREVIOUS for the start and the sites not reached). A site keeps the first
    strictly shorter way found to it."""
    k = weights.shape[0]
    arrival = np.full(k, np.inf)
    pred = np.full(k, NO_PREVIOUS, dtype=np.int32)
    open_ = np.ones(k, dtype=bool)
    arrival[0] = 0.0
    for _ in range(k):
        u = int(np.argmin(np.where(open_, arrival, np.inf)))
        if not open_[u] or not np.isfinite(arrival[u]):
            break
        open_[u] = False
        through = arrival[u] + weights[u]
        better = open_ & (through < arrival)
        arrival[better] = through[better]
        pred[better] = u
    return arrival, pred


def closest_shortfall(dist_nm: NDArray[np.float64], tree: HopTree, target: int) -> tuple[int, float] | None:
    """The reachable site (or start) nearest to ``target`` by a single leg: (site, leg nm)."""
    reached = np.isfinite(tree.arrival_h)
    reached[target] = False
    if not reached.any():
        return None
    legs = np.where(reached, dist_nm[:, target], np.inf)
    i = int(np.argmin(legs))
    if not np.isfinite(legs[i]):
        return None
    return i, float(legs[i])
