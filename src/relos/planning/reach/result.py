"""The result of a reach search and its JSON and GeoJSON forms: facilities reached in each case, the
rows of "what the agreement adds", and the sea area reached (network edges) with each facility's status.

The JSON forms are ``TypedDict``s (``with`` is a Python keyword: ``ReachJson`` uses the functional form).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NotRequired

import numpy as np
from numpy.typing import NDArray
from typing_extensions import TypedDict

from relos.planning.sea.network import SeaNetwork


class FacilityReachJson(TypedDict):
    """A facility reached in one scenario: arrival (hours), distance (nm) and refuelling stops on the way."""

    id: str
    arrival_h: float
    distance_nm: float
    stops: int


class ScenarioJson(TypedDict):
    """What one scenario reaches: the facilities, soonest first, and the number of sea-network nodes."""

    facilities: list[FacilityReachJson]
    sea_nodes: int


class GainJson(TypedDict):
    """A row of "what the agreement adds": a facility newly reachable, or reached sooner or with fewer stops."""

    id: str
    change: str
    arrival_h_without: float | None
    arrival_h_with: float
    hours_saved: float | None
    stops_without: int | None
    stops_with: int
    stops_saved: int | None


class SeaAreaPropertiesJson(TypedDict):
    """The properties of a sea-area feature: the area reached without the agreement, or the area it adds."""

    kind: Literal["sea_area"]
    case: Literal["without", "added_by_agreement"]


class FacilityPropertiesJson(TypedDict):
    """The properties of a facility feature: its status and, when the agreement changes it, the gain row."""

    kind: Literal["facility"]
    id: str
    status: str
    change: NotRequired[str]
    arrival_h_without: NotRequired[float | None]
    arrival_h_with: NotRequired[float]
    hours_saved: NotRequired[float | None]
    stops_without: NotRequired[int | None]
    stops_with: NotRequired[int]
    stops_saved: NotRequired[int | None]


class MultiLineStringJson(TypedDict):
    """A GeoJSON MultiLineString: lines of (lon, lat) pairs."""

    type: Literal["MultiLineString"]
    coordinates: list[list[list[float]]]


class PointJson(TypedDict):
    """A GeoJSON Point: (lon, lat)."""

    type: Literal["Point"]
    coordinates: list[float]


class FeatureJson(TypedDict):
    """A GeoJSON Feature: a sea area (MultiLineString) or a facility and its reach status (Point)."""

    type: Literal["Feature"]
    properties: SeaAreaPropertiesJson | FacilityPropertiesJson
    geometry: MultiLineStringJson | PointJson


class FeatureCollectionJson(TypedDict):
    """The GeoJSON of a reach: the sea areas, then every facility with its status."""

    type: Literal["FeatureCollection"]
    features: list[FeatureJson]


ReachJson = TypedDict(
    "ReachJson",
    {
        "home": str,
        "days": float,
        "ship_class": str,
        "without": ScenarioJson,
        "with": ScenarioJson,
        "added": list[GainJson],
        "sea_nodes_added": int,
        "geojson": NotRequired[FeatureCollectionJson],
    },
)
ReachJson.__doc__ = "Reach without and with the agreement(s), the gain rows, and the GeoJSON when asked."


@dataclass(frozen=True, slots=True)
class FacilityReach:
    """How a facility is reached in one scenario."""

    id: str
    arrival_h: float
    distance_nm: float
    stops: int


@dataclass(frozen=True, slots=True, eq=False)
class Scenario:
    """What is reached in one scenario: facilities (by id) and the sea-area node mask."""

    facilities: dict[str, FacilityReach]
    area: NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Gain:
    """One row of "what the agreement adds"."""

    id: str
    change: str  # "newly_reachable" or "shortened"
    arrival_h_without: float | None
    arrival_h_with: float
    stops_without: int | None
    stops_with: int

    def to_json(self) -> GainJson:
        saved_h = None if self.arrival_h_without is None else self.arrival_h_without - self.arrival_h_with
        return {
            "id": self.id,
            "change": self.change,
            "arrival_h_without": None if self.arrival_h_without is None else round(self.arrival_h_without, 1),
            "arrival_h_with": round(self.arrival_h_with, 1),
            "hours_saved": None if saved_h is None else round(saved_h, 1),
            "stops_without": self.stops_without,
            "stops_with": self.stops_with,
            "stops_saved": None if self.stops_without is None else self.stops_without - self.stops_with,
        }


@dataclass(frozen=True, slots=True, eq=False)
class ReachResult:
    """Reach without and with the agreement, and the difference."""

    home: str
    days: float
    ship_class: str
    without: Scenario
    with_agreement: Scenario
    gains: tuple[Gain, ...]
    network: SeaNetwork
    positions: dict[str, tuple[float, float]]

    def to_json(self, *, geojson: bool = True) -> ReachJson:
        """Facilities reached in each case, the gain rows and (optionally) the GeoJSON."""

        def scen(s: Scenario) -> ScenarioJson:
            return {
                "facilities": [
                    {
                        "id": f.id,
                        "arrival_h": round(f.arrival_h, 1),
                        "distance_nm": round(f.distance_nm, 1),
                        "stops": f.stops,
                    }
                    for f in sorted(s.facilities.values(), key=lambda f: f.arrival_h)
                ],
                "sea_nodes": int(s.area.sum()),
            }

        out: ReachJson = {
            "home": self.home,
            "days": self.days,
            "ship_class": self.ship_class,
            "without": scen(self.without),
            "with": scen(self.with_agreement),
            "added": [g.to_json() for g in self.gains],
            "sea_nodes_added": int((self.with_agreement.area & ~self.without.area).sum()),
        }
        if geojson:
            out["geojson"] = reach_feature_collection(self)
        return out


def area_lines(net: SeaNetwork, mask: NDArray[np.bool_]) -> list[list[list[float]]]:
    """Network edges with both ends in ``mask``, as MultiLineString coordinates (each edge once)."""
    src = np.repeat(np.arange(net.node_count, dtype=np.int32), np.diff(net.indptr))
    dst = net.indices
    sel = (src < dst) & mask[src] & mask[dst]
    u, v = src[sel], dst[sel]
    lon_u, lon_v = net.lon[u], net.lon[v]
    # draw an edge across the antimeridian past +-180 rather than over the whole map
    lon_v = lon_v + np.where(lon_v - lon_u > 180, -360.0, 0.0) + np.where(lon_v - lon_u < -180, 360.0, 0.0)
    keep = np.abs(lon_v - lon_u) + np.abs(net.lat[v] - net.lat[u]) > 1e-9
    ends = np.round(np.column_stack((lon_u, net.lat[u], lon_v, net.lat[v]))[keep], 4)
    # nested lists made by numpy in one call: building them pair by pair in Python costs several times as much
    # (the many small lists set off the garbage collector over a large heap)
    lines: list[list[list[float]]] = ends.reshape(-1, 2, 2).tolist()
    return lines


def reach_feature_collection(result: ReachResult) -> FeatureCollectionJson:
    """Features: the area reached without, the area the agreement adds, and each facility's status."""
    net = result.network
    before = result.without.area
    after = result.with_agreement.area
    feats: list[FeatureJson] = [
        {
            "type": "Feature",
            "properties": {"kind": "sea_area", "case": "without"},
            "geometry": {"type": "MultiLineString", "coordinates": area_lines(net, before)},
        },
        {
            "type": "Feature",
            "properties": {"kind": "sea_area", "case": "added_by_agreement"},
            "geometry": {"type": "MultiLineString", "coordinates": area_lines(net, after & ~before)},
        },
    ]
    gains = {g.id: g for g in result.gains}
    for fid, (lat, lon) in result.positions.items():
        if fid == result.home:
            status = "home"
        elif fid in gains:
            status = gains[fid].change
        elif fid in result.without.facilities:
            status = "reachable"
        else:
            status = "unreachable"
        props: FacilityPropertiesJson = {"kind": "facility", "id": fid, "status": status}
        if fid in gains:
            props = {**props, **gains[fid].to_json()}
        feats.append(
            {
                "type": "Feature",
                "properties": props,
                "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
            }
        )
    return {"type": "FeatureCollection", "features": feats}
