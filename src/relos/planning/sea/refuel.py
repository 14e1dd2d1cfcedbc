"""The fastest sea route for a ship class whose every leg fits its range (``relos route``).

Refuelling only at the points given as usable that supply the class's fuel; time is transit at
cruising speed plus a stop time per refuelling call. With no such route, the result says which
leg comes closest and by how much it exceeds the usable range.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Sequence

import numpy as np

from relos.planning.earth.geo import FloatArray
from relos.planning.hop_search import closest_shortfall, hop_tree
from relos.planning.inputs import Endpoint, RefuelPoint, ShipClass
from relos.planning.sea.distances import Site, leg_nodes, site_matrix, snap_site
from relos.planning.sea.network import SeaNetwork, sea_network
from relos.planning.sea.passages import Passage, PassagePolicy
from relos.planning.sea.result import (
    Figures,
    Leg,
    RouteResult,
    Shortfall,
    passages_on,
    path_coordinates,
    to_geojson_coords,
)
from relos.planning.sea.shortest import _no_sea_route


def usable_sites(
    net: SeaNetwork, points: Sequence[RefuelPoint], *, fuel_type: str | None, exclude: set[str]
) -> list[Site]:
    """Sites of the usable points with the right fuel (the ends of the route left out)."""
    return [
        snap_site(net, label=p.id, lat=p.lat, lon=p.lon)
        for p in points
        if p.usable and p.supplies(fuel_type) and p.id not in exclude
    ]


def refuel_route(
    *,
    origin: Endpoint,
    destination: Endpoint,
    ship: ShipClass,
    refuel_points: Sequence[RefuelPoint],
    policy: PassagePolicy = PassagePolicy(),
    when: dt.date | None = None,
    network: SeaNetwork | None = None,
) -> RouteResult:
    """The fastest route with every leg within ``ship.usable_range_nm``, refuelling at usable points."""
    net = network or sea_network()
    closed = policy.closed_at(when=when, ice_class=ship.ice_class)
    start = snap_site(net, label=origin.id, lat=origin.lat, lon=origin.lon)
    end = snap_site(net, label=destination.id, lat=destination.lat, lon=destination.lon)
    stations = usable_sites(net, refuel_points, fuel_type=ship.fuel_type, exclude={origin.id, destination.id})
    sites = [start, *stations, end]
    dist, dist_rows, preds = site_matrix(net, closed, sites)
    target = len(sites) - 1
    if not math.isfinite(dist[0, target]):
        return RouteResult(feasible=False, reason=_no_sea_route(origin.id, destination.id, closed))
    refuel = np.ones(len(sites), dtype=bool)
    refuel[target] = False
    usable = ship.usable_range_nm
    tree = hop_tree(
        dist, refuel=refuel, usable_range_nm=usable, speed_kn=ship.cruise_speed_kn, stop_hours=ship.stop_hours
    )
    chain = tree.chain(target)
    figures = Figures(
        speed_kn=ship.cruise_speed_kn, ship_class=ship.name, usable_range_nm=usable, stop_hours=ship.stop_hours
    )
    if chain is None:
        near = closest_shortfall(dist, tree, target)
        assert near is not None  # site 0 is always reached and the target is reachable by sea
        i, leg_nm = near
        gap = Shortfall(origin=sites[i].label, destination=destination.id, distance_nm=leg_nm, usable_range_nm=usable)
        reason = (
            f"no route within range: the shortest remaining leg, {gap.origin} -> {gap.destination}, "
            f"is {leg_nm:.1f} nm, {gap.beyond_nm:.1f} nm beyond the usable range of {usable:.1f} nm"
        )
        return RouteResult(feasible=False, reason=reason, shortfall=gap, figures=figures)

    legs: list[Leg] = []
    lat_parts: list[FloatArray] = []
    lon_parts: list[FloatArray] = []
    passages: dict[Passage, None] = {}
    for i, j in itertools.pairwise(chain):
        a, b = sites[i], sites[j]
        nodes = leg_nodes(preds[i], dist_rows[i], b) if dist[i, j] > 0 else []
        lat, lon = path_coordinates(net, nodes, start=(a.lat, a.lon), end=(b.lat, b.lon))
        lat_parts.append(lat if not lat_parts else lat[1:])
        lon_parts.append(lon if not lon_parts else lon[1:])
        legs.append(Leg(origin=a.label, destination=b.label, distance_nm=float(dist[i, j])))
        for p in passages_on(net, nodes):
            passages.setdefault(p, None)
    total = float(tree.distance_nm[target])
    return RouteResult(
        feasible=True,
        distance_nm=total,
        duration_h=float(tree.arrival_h[target]),
        stops=tuple(sites[k].label for k in chain[1:-1]),
        legs=tuple(legs),
        coordinates=to_geojson_coords((np.concatenate(lat_parts), np.concatenate(lon_parts))),
        passages=tuple(passages),
        figures=figures,
    )
