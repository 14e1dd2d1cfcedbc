"""Route results and their JSON form (the shape ``relos route --json`` prints, see docs/planning.md).

The JSON forms are ``TypedDict``s; keys that are Python keywords (``from``) use the functional form.
A ``NotRequired`` key is absent, not null, when it does not apply.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Literal, NotRequired

import numpy as np
from typing_extensions import TypedDict

from relos.planning.earth.geo import FloatArray, unwrap_lons
from relos.planning.sea.network import SeaNetwork
from relos.planning.sea.passages import Passage

Coordinates = tuple[tuple[float, float], ...]

LegJson = TypedDict(
    "LegJson",
    {"from": str, "to": str, "distance_nm": float, "countries": NotRequired[list[str]]},
)
LegJson.__doc__ = "One leg: its ends, length and (ferry flights) the countries whose airspace it crosses."

ShortfallJson = TypedDict(
    "ShortfallJson",
    {"from": str, "to": str, "distance_nm": float, "usable_range_nm": float, "beyond_nm": float},
)
ShortfallJson.__doc__ = "The leg that comes closest when no route fits, and how far it exceeds the usable range."


class LineStringJson(TypedDict):
    """A GeoJSON LineString: (lon, lat) pairs."""

    type: Literal["LineString"]
    coordinates: list[list[float]]


class RouteJson(TypedDict):
    """``{feasible, distance_nm, duration_h, stops, legs, geometry}``, then what applies to the route."""

    feasible: bool
    distance_nm: float | None
    duration_h: float | None
    stops: list[str]
    legs: list[LegJson]
    geometry: LineStringJson | None
    passages: NotRequired[list[str]]
    reason: NotRequired[str]
    shortfall: NotRequired[ShortfallJson]
    ship_class: NotRequired[str]
    aircraft_type: NotRequired[str]
    speed_kn: NotRequired[float]
    usable_range_nm: NotRequired[float]
    stop_hours: NotRequired[float]
    countries: NotRequired[list[str]]


@dataclass(frozen=True, slots=True)
class Leg:
    """One leg between refuelling points (or the ends)."""

    origin: str
    destination: str
    distance_nm: float
    countries: tuple[str, ...] = ()

    def to_json(self) -> LegJson:
        out: LegJson = {
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

    def to_json(self) -> ShortfallJson:
        return {
            "from": self.origin,
            "to": self.destination,
            "distance_nm": round(self.distance_nm, 1),
            "usable_range_nm": round(self.usable_range_nm, 1),
            "beyond_nm": round(self.beyond_nm, 1),
        }


@dataclass(frozen=True, slots=True)
class Figures:
    """What a route was planned with: the ship class or aircraft type, speed, usable range and stop time."""

    speed_kn: float
    ship_class: str | None = None
    aircraft_type: str | None = None
    usable_range_nm: float | None = None
    stop_hours: float | None = None


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
    figures: Figures | None = None
    #: Countries whose airspace a ferry route crosses, in order of first crossing (None: not a flight).
    countries: tuple[str, ...] | None = None

    def to_json(self) -> RouteJson:
        """``{feasible, distance_nm, duration_h, stops, legs, geometry}`` and, when infeasible, ``reason``."""
        out: RouteJson = {
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
            out["shortfall"] = self.shortfall.to_json()
        f = self.figures
        if f is not None:
            if f.ship_class is not None:
                out["ship_class"] = f.ship_class
            if f.aircraft_type is not None:
                out["aircraft_type"] = f.aircraft_type
            out["speed_kn"] = f.speed_kn
            if f.usable_range_nm is not None:
                out["usable_range_nm"] = round(f.usable_range_nm, 1)
            if f.stop_hours is not None:
                out["stop_hours"] = f.stop_hours
        if self.countries is not None:
            out["countries"] = list(self.countries)
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
