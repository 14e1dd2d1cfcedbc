"""Aircraft ferry routes: great-circle legs between usable airfields within the ferry range.

The fastest sequence of legs (flight time at cruise speed plus a stop per refuelling landing);
each leg lists the countries whose airspace it crosses (over land; territorial seas are not
modelled), since each needs a diplomatic clearance.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from relos.planning.earth.countries import country_shapes
from relos.planning.earth.geo import FloatArray, great_circle_points, haversine_nm_arrays
from relos.planning.hop_search import closest_shortfall, hop_tree
from relos.planning.inputs import AircraftType, Endpoint, RefuelPoint
from relos.planning.sea.result import Figures, Leg, RouteResult, Shortfall, to_geojson_coords

#: Spacing of the points sampled along a leg for the airspace test.
SAMPLE_STEP_NM = 5.0


def ferry_route(
    *,
    origin: Endpoint,
    destination: Endpoint,
    aircraft: AircraftType,
    airfields: Sequence[RefuelPoint],
) -> RouteResult:
    """The fastest ferry route whose every leg is within ``aircraft.ferry_range_nm``."""
    stations = [
        a for a in airfields if a.usable and a.supplies(aircraft.fuel_type) and a.id not in (origin.id, destination.id)
    ]
    labels = [origin.id, *(a.id for a in stations), destination.id]
    lat = np.array([origin.lat, *(a.lat for a in stations), destination.lat])
    lon = np.array([origin.lon, *(a.lon for a in stations), destination.lon])
    dist = haversine_nm_arrays(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
    target = len(labels) - 1
    refuel = np.ones(len(labels), dtype=bool)
    refuel[target] = False
    tree = hop_tree(
        dist,
        refuel=refuel,
        usable_range_nm=aircraft.ferry_range_nm,
        speed_kn=aircraft.cruise_speed_kn,
        stop_hours=aircraft.stop_hours,
    )
    figures = Figures(
        speed_kn=aircraft.cruise_speed_kn,
        aircraft_type=aircraft.name,
        usable_range_nm=aircraft.ferry_range_nm,
        stop_hours=aircraft.stop_hours,
    )
    chain = tree.chain(target)
    if chain is None:
        near = closest_shortfall(dist, tree, target)
        assert near is not None
        i, leg_nm = near
        gap = Shortfall(labels[i], destination.id, leg_nm, aircraft.ferry_range_nm)
        reason = (
            f"no ferry route within range: the shortest remaining leg, {gap.origin} -> {gap.destination}, "
            f"is {leg_nm:.1f} nm, {gap.beyond_nm:.1f} nm beyond the ferry range "
            f"of {aircraft.ferry_range_nm:.1f} nm"
        )
        return RouteResult(feasible=False, reason=reason, shortfall=gap, figures=figures)
    shapes = country_shapes()
    legs: list[Leg] = []
    lat_parts: list[FloatArray] = []
    lon_parts: list[FloatArray] = []
    for i, j in itertools.pairwise(chain):
        la, lo = great_circle_points(lat[i], lon[i], lat[j], lon[j], step_nm=SAMPLE_STEP_NM)
        legs.append(Leg(labels[i], labels[j], float(dist[i, j]), countries=shapes.countries_along(la, lo)))
        # the drawn line needs fewer vertices than the airspace test
        dl, do = great_circle_points(lat[i], lon[i], lat[j], lon[j], step_nm=100.0)
        lat_parts.append(dl if not lat_parts else dl[1:])
        lon_parts.append(do if not lon_parts else do[1:])
    crossed: dict[str, None] = {}
    for leg in legs:
        for c in leg.countries:
            crossed.setdefault(c, None)
    return RouteResult(
        feasible=True,
        distance_nm=float(tree.distance_nm[target]),
        duration_h=float(tree.arrival_h[target]),
        stops=tuple(labels[k] for k in chain[1:-1]),
        legs=tuple(legs),
        coordinates=to_geojson_coords((np.concatenate(lat_parts), np.concatenate(lon_parts))),
        figures=figures,
        countries=tuple(crossed),
    )
