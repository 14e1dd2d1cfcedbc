"""The shortest sea route between two points, with no fuel limit (``relos route --unconstrained``)."""

from __future__ import annotations

import datetime as dt
import math

from relos.planning.inputs import Endpoint
from relos.planning.sea.distances import pair_distance, snap_site
from relos.planning.sea.network import SeaNetwork, sea_network
from relos.planning.sea.passages import Passage, PassagePolicy
from relos.planning.sea.result import (
    Figures,
    Leg,
    RouteResult,
    passages_on,
    path_coordinates,
    to_geojson_coords,
)


def shortest_sea_route(
    *,
    origin: Endpoint,
    destination: Endpoint,
    speed_kn: float,
    policy: PassagePolicy = PassagePolicy(),
    when: dt.date | None = None,
    ice_class: bool = False,
    network: SeaNetwork | None = None,
) -> RouteResult:
    """The shortest sea route: distance (nm), duration at ``speed_kn`` (h) and its LineString.

    Passages closed by ``policy`` (and the ice routes out of season or for ships without ice
    class) are avoided; with no way round, the result is infeasible with the reason.
    """
    if speed_kn <= 0:
        raise ValueError(f"speed_kn: must be positive, got {speed_kn}")
    net = network or sea_network()
    closed = policy.closed_at(when=when, ice_class=ice_class)
    a = snap_site(net, label=origin.id, lat=origin.lat, lon=origin.lon)
    b = snap_site(net, label=destination.id, lat=destination.lat, lon=destination.lon)
    dist, nodes = pair_distance(net, closed, a, b)
    if nodes is None or not math.isfinite(dist):
        return RouteResult(feasible=False, reason=_no_sea_route(origin.id, destination.id, closed))
    coords = to_geojson_coords(path_coordinates(net, nodes, start=(a.lat, a.lon), end=(b.lat, b.lon)))
    return RouteResult(
        feasible=True,
        distance_nm=dist,
        duration_h=dist / speed_kn,
        stops=(),
        legs=(Leg(origin=origin.id, destination=destination.id, distance_nm=dist),),
        coordinates=coords,
        passages=passages_on(net, nodes),
        figures=Figures(speed_kn=speed_kn),
    )


def _no_sea_route(a: str, b: str, closed: frozenset[Passage]) -> str:
    shut = ", ".join(sorted(p.value for p in closed)) or "none"
    return f"no sea route between {a} and {b} (closed passages: {shut})"
