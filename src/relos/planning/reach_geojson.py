"""GeoJSON of a reach result: the sea area reached (network edges) and the facilities, per case."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from relos.planning.network import SeaNetwork

if TYPE_CHECKING:
    from relos.planning.reach import ReachResult


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
