"""The result of a reach search and its JSON and GeoJSON forms: facilities reached in each case, the
rows of "what the agreement adds", and the sea area reached (network edges) with each facility's status.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from relos.planning.sea.network import SeaNetwork


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

    def to_json(self) -> dict[str, Any]:
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

    def to_json(self, *, geojson: bool = True) -> dict[str, Any]:
        """Facilities reached in each case, the gain rows and (optionally) the GeoJSON."""

        def scen(s: Scenario) -> dict[str, Any]:
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

        out: dict[str, Any] = {
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
    a = np.round(np.column_stack((lon_u, net.lat[u], lon_v, net.lat[v]))[keep], 4).tolist()
    return [[[x1, y1], [x2, y2]] for x1, y1, x2, y2 in a]


def reach_feature_collection(result: ReachResult) -> dict[str, Any]:
    """Features: the area reached without, the area the agreement adds, and each facility's status."""
    net = result.network
    before = result.without.area
    after = result.with_agreement.area
    feats: list[dict[str, Any]] = [
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
        props: dict[str, Any] = {"kind": "facility", "id": fid, "status": status}
        if fid in gains:
            props.update(gains[fid].to_json())
        feats.append(
            {
                "type": "Feature",
                "properties": props,
                "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
            }
        )
    return {"type": "FeatureCollection", "features": feats}
