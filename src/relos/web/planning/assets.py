"""What the maps are drawn with, served by the application itself (no tile server, nothing from elsewhere):
Leaflet (npm `leaflet`) and Natural Earth land (npm `world-atlas`, TopoJSON turned into GeoJSON here), both
read from the `node_modules` folder `scripts/setup` fills (`RELOS_NODE_MODULES` names another). Without them
the planners' pages still work, with their tables, and say that the map is unavailable."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response

from relos.domain.errors import NotFound

router = APIRouter(include_in_schema=False)

#: The files of Leaflet's distribution a page may load (its script, its stylesheet and the stylesheet's images).
LEAFLET_FILES = {
    "leaflet.js": "application/javascript",
    "leaflet.css": "text/css",
    "images/layers.png": "image/png",
    "images/layers-2x.png": "image/png",
    "images/marker-icon.png": "image/png",
    "images/marker-icon-2x.png": "image/png",
    "images/marker-shadow.png": "image/png",
}
#: Served files change only when `npm ci` runs again: the browser may keep them for a day.
CACHED = {"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"}


def node_modules() -> Path:
    """The npm packages' folder: `RELOS_NODE_MODULES`, else the one beside the source checkout."""
    given = os.environ.get("RELOS_NODE_MODULES")
    return Path(given) if given else Path(__file__).resolve().parents[4] / "node_modules"


def leaflet_dir() -> Path:
    return node_modules() / "leaflet" / "dist"


def land_file() -> Path:
    return node_modules() / "world-atlas" / "land-50m.json"


def map_available() -> bool:
    """Whether the pages can draw maps: Leaflet and the land are installed."""
    return (leaflet_dir() / "leaflet.js").is_file() and land_file().is_file()


@router.get("/planning/assets/leaflet/{name:path}")
def leaflet_asset(name: str) -> Response:
    if name not in LEAFLET_FILES or not (leaflet_dir() / name).is_file():
        raise NotFound("file", name[:64])
    return FileResponse(leaflet_dir() / name, media_type=LEAFLET_FILES[name], headers=CACHED)


@router.get("/planning/map/land.geojson")
def land() -> Response:
    """Natural Earth 1:50m land as one GeoJSON MultiPolygon (rings crossing 180° kept continuous)."""
    path = land_file()
    if not path.is_file():
        raise NotFound("file", "land.geojson")
    return Response(_land_bytes(str(path), path.stat().st_mtime), media_type="application/geo+json", headers=CACHED)


@lru_cache(maxsize=2)
def _land_bytes(path: str, mtime: float) -> bytes:
    topology = json.loads(Path(path).read_text(encoding="utf-8"))
    polygons = [polygon for g in topology["objects"]["land"]["geometries"] for polygon in _polygons(g)]
    arcs = _decoded_arcs(topology)
    geometry = {"type": "MultiPolygon", "coordinates": [[_ring(arcs, ring) for ring in p] for p in polygons]}
    feature = {"type": "Feature", "properties": {"source": "Natural Earth 1:50m (world-atlas)"}, "geometry": geometry}
    return json.dumps({"type": "FeatureCollection", "features": [feature]}, separators=(",", ":")).encode()


def _polygons(geometry: dict[str, Any]) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["arcs"])
    return []


def _decoded_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """The topology's arcs as (lon, lat) pairs: quantized positions are delta-encoded under its transform."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    out = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(x * sx + tx, 3), round(y * sy + ty, 3)))
        out.append(points)
    return out


def _ring(arcs: list[list[tuple[float, float]]], indices: list[int]) -> list[list[float]]:
    """A ring from its arcs (a negative index ~i is arc i reversed), longitudes unwrapped across 180° and the
    ring then moved by whole turns so that its middle lies within [-180, 180] (Eurasia stays where India is)."""
    ring: list[tuple[float, float]] = []
    for index in indices:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points if not ring else points[1:])
    out: list[list[float]] = []
    shift = 0.0
    for i, (lon, lat) in enumerate(ring):
        if i:
            previous = ring[i - 1][0]
            if lon - previous > 180:
                shift -= 360
            elif previous - lon > 180:
                shift += 360
        out.append([round(lon + shift, 3), lat])
    middle = sorted(point[0] for point in out)[len(out) // 2]
    turns = -360 * round(middle / 360)
    return [[lon + turns, lat] for lon, lat in out] if turns else out
