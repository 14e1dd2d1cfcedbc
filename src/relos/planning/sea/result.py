"""Route results and their JSON form (the shape ``relos route --json`` prints, see INTERFACES.md)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from relos.planning.earth.geo import FloatArray, unwrap_lons
from relos.planning.sea.network import SeaNetwork
from relos.planning.sea.passages import Passage

Coordinates = tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class Leg:
    """One leg between refuelling points (or the ends)."""

    origin: str
    destination: str
    distance_nm: float
    countries: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "from": self.origin,
            "to": self.destination,
            "distance_nm": round(self.distance_nm, 1),
        }
        if self.countries:
            out["countries"] = list(self.countries)
        return out


@dataclass(frozen=True, slots=True)
class Shortfall:
    """Why no route fits: the leg that comes closest, and how far it exceeds the usable range."""

    origin: str
    destination: str
    distance_nm: float
    usable_range_nm: float

    @property
    def beyond_nm(self) -> float:
        return self.distance_nm - self.usable_range_nm


@dataclass(frozen=True, slots=True)
class RouteResult:
    """A route found (``feasible``) or the reason there is none."""

    feasible: bool
    distance_nm: float | None = None
    duration_h: float | None = None
    stops: tuple[str, ...] = ()
    legs: tuple[Leg, ...] = ()
    coordinates: Coordinates = ()
    reason: str | None = None
    shortfall: Shortfall | None = None
    passages: tuple[Passage, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """``{feasible, distance_nm, duration_h, stops, legs, geometry}`` and, when infeasible, ``reason``."""
        out: dict[str, Any] = {
            "feasible": self.feasible,
            "distance_nm": None if self.distance_nm is None else round(self.distance_nm, 1),
            "duration_h": None if self.duration_h is None else round(self.duration_h, 1),
            "stops": list(self.stops),
            "legs": [leg.to_json() for leg in self.legs],
            "geometry": (
                {"type": "LineString", "coordinates": [list(c) for c in self.coordinates]} if self.coordinates else None
            ),
        }
        if self.passages:
            out["passages"] = [p.value for p in self.passages]
        if self.reason is not None:
            out["reason"] = self.reason
        if self.shortfall is not None:
            s = self.shortfall
            out["shortfall"] = {
                "from": s.origin,
                "to": s.destination,
                "distance_nm": round(s.distance_nm, 1),
                "usable_range_nm": round(s.usable_range_nm, 1),
                "beyond_nm": round(s.beyond_nm, 1),
            }
        out.update(self.extra)
        return out


def path_coordinates(
    net: SeaNetwork,
    nodes: list[int],
    *,
    start: tuple[float, float],
    end: tuple[float, float],
) -> tuple[FloatArray, FloatArray]:
    """(lat, lon) vertex arrays: the start point, the network nodes, the end point.

    Repeated vertices (the two sides of the antimeridian seam, a point on its node) are dropped.
    """
    idx = np.asarray(nodes, dtype=np.int64)
    lat = np.concatenate(([start[0]], net.lat[idx], [end[0]]))
    lon = np.concatenate(([start[1]], net.lon[idx], [end[1]]))
    dlon = np.abs((np.diff(lon) + 180.0) % 360.0 - 180.0)
    keep = np.concatenate(([True], (np.abs(np.diff(lat)) > 1e-9) | (dlon > 1e-9)))
    lat, lon = lat[keep], lon[keep]
    if lat.size == 1:
        lat, lon = np.repeat(lat, 2), np.repeat(lon, 2)
    return lat, lon


def to_geojson_coords(latlon: tuple[FloatArray, FloatArray]) -> Coordinates:
    """GeoJSON (lon, lat) pairs, longitudes unwrapped so a line crossing 180 stays continuous."""
    lat, lon = latlon
    pairs = np.round(np.column_stack((unwrap_lons(lon), lat)), 5).tolist()
    return tuple((x, y) for x, y in pairs)


def passages_on(net: SeaNetwork, nodes: list[int]) -> tuple[Passage, ...]:
    """The passages a node path goes through, in order of first use."""
    seen: dict[Passage, None] = {}
    for u, v in itertools.pairwise(nodes):
        p = net.passage_of_edge(u, v)
        if p is not None:
            seen.setdefault(p, None)
    return tuple(seen)
