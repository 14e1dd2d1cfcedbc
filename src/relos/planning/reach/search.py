"""Reach: what a ship class reaches from a home port within N days, with and without an agreement.

Without the agreement the ship refuels only at the ``baseline`` points (its own, and those of
agreements already in force); with it, also at the ``added`` points the agreement opens.
A facility is reached when its earliest arrival (transit at cruising speed, plus a stop time per
refuelling call on the way) is within the time; the sea area reached is the set of network nodes
within the usable range of a reached refuelling point (or home) and within the time.
The difference is "what the agreement adds": facilities newly reachable, routes shortened and
refuelling stops saved, as rows and as GeoJSON.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from relos.planning.hop_search import HopTree, hop_tree
from relos.planning.inputs import Endpoint, RefuelPoint, ShipClass
from relos.planning.reach.result import FacilityReach, Gain, ReachResult, Scenario
from relos.planning.sea.distances import ROWS, Site, site_matrix, snap_site
from relos.planning.sea.network import SeaNetwork, sea_network
from relos.planning.sea.passages import Passage, PassagePolicy

#: Arrival earlier by less than this is not counted as a shorter route.
_SHORTER_EPS_H = 0.05


def reach(
    *,
    home: Endpoint,
    ship: ShipClass,
    days: float,
    baseline: Sequence[RefuelPoint],
    added: Sequence[RefuelPoint] = (),
    policy: PassagePolicy = PassagePolicy(),
    when: dt.date | None = None,
    network: SeaNetwork | None = None,
) -> ReachResult:
    """Reach within ``days`` from ``home``, refuelling at ``baseline`` points, then also at ``added`` ones.

    Every point passed (baseline or added, usable or not) is a facility whose reach is reported;
    only points marked usable with the class's fuel refuel the ship.
    """
    if days <= 0:
        raise ValueError(f"days: must be positive, got {days}")
    net = network or sea_network()
    closed = policy.closed_at(when=when, ice_class=ship.ice_class)
    points: dict[str, RefuelPoint] = {}
    for p in [*baseline, *added]:
        points.setdefault(p.id, p)
    points.pop(home.id, None)
    ids = list(points)
    sites = [snap_site(net, label=home.id, lat=home.lat, lon=home.lon)]
    sites += [snap_site(net, label=i, lat=points[i].lat, lon=points[i].lon) for i in ids]
    dist, _, _ = site_matrix(net, closed, sites)
    base_ids = {p.id for p in baseline}
    fuel_ok = np.array([False] + [points[i].usable and points[i].supplies(ship.fuel_type) for i in ids])
    in_base = np.array([True] + [i in base_ids for i in ids])
    hours = days * 24.0
    without, _ = scenario(net, closed, sites, dist, fuel_ok & in_base, ship, hours)
    with_, _ = scenario(net, closed, sites, dist, fuel_ok, ship, hours)
    return ReachResult(
        home=home.id,
        days=days,
        ship_class=ship.name,
        without=without,
        with_agreement=with_,
        gains=_gains(without, with_),
        network=net,
        positions={s.label: (s.lat, s.lon) for s in sites},
    )


def scenario(
    net: SeaNetwork,
    closed: frozenset[Passage],
    sites: list[Site],
    dist: NDArray[np.float64],
    refuel: NDArray[np.bool_],
    ship: ShipClass,
    hours: float,
) -> tuple[Scenario, HopTree]:
    """What ``ship`` reaches within ``hours`` from site 0, refuelling where ``refuel`` is set; and the hop tree."""
    tree: HopTree = hop_tree(
        dist,
        refuel=refuel,
        usable_range_nm=ship.usable_range_nm,
        speed_kn=ship.cruise_speed_kn,
        stop_hours=ship.stop_hours,
    )
    reached = {
        sites[k].label: FacilityReach(
            id=sites[k].label,
            arrival_h=float(tree.arrival_h[k]),
            distance_nm=float(tree.distance_nm[k]),
            stops=int(tree.stops[k]),
        )
        for k in range(1, len(sites))
        if tree.arrival_h[k] <= hours
    }
    # sea area: from home and every refuelling point reached in time, as far as range and time allow
    bases = [k for k in range(len(sites)) if (k == 0 or refuel[k]) and tree.arrival_h[k] <= hours]
    reach_nm, _ = ROWS.rows(net, closed, [sites[k] for k in bases])
    depart = np.array([0.0 if k == 0 else tree.arrival_h[k] + ship.stop_hours for k in bases])
    left_nm = np.minimum(ship.usable_range_nm, (hours - depart) * ship.cruise_speed_kn)
    area: NDArray[np.bool_] = np.asarray((reach_nm <= left_nm[:, None]).any(axis=0), dtype=bool)
    return Scenario(facilities=reached, area=area), tree


def _gains(without: Scenario, with_: Scenario) -> tuple[Gain, ...]:
    rows: list[Gain] = []
    for fid, w in with_.facilities.items():
        before = without.facilities.get(fid)
        if before is None:
            rows.append(Gain(fid, "newly_reachable", None, w.arrival_h, None, w.stops))
        elif w.arrival_h < before.arrival_h - _SHORTER_EPS_H or w.stops < before.stops:
            rows.append(Gain(fid, "shortened", before.arrival_h, w.arrival_h, before.stops, w.stops))
    rows.sort(key=lambda g: (g.change != "newly_reachable", g.arrival_h_with))
    return tuple(rows)
