"""Natural Earth land (1:50m) from the npm package `world-atlas`, for the route quality test.

`world-atlas` (installed by scripts/setup from package.json, read from node_modules, never
committed) ships Natural Earth's land as TopoJSON: quantized, delta-encoded arcs shared by rings.
This decodes them into the engine's polygon arrays so the engine's land test can run against it.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from relos.planning.earth.countries import CountryShapes

ROOT = Path(__file__).resolve().parents[3]
LAND_50M = ROOT / "node_modules" / "world-atlas" / "land-50m.json"


def _arcs(topology: dict) -> list[np.ndarray]:  # type: ignore[type-arg]
    scale = np.asarray(topology["transform"]["scale"], dtype=np.float64)
    shift = np.asarray(topology["transform"]["translate"], dtype=np.float64)
    return [np.cumsum(np.asarray(a, dtype=np.float64), axis=0) * scale + shift for a in topology["arcs"]]


def _ring(arcs: list[np.ndarray], indices: list[int]) -> np.ndarray:
    parts = []
    for k, i in enumerate(indices):
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        parts.append(arc if k == 0 else arc[1:])
    return np.vstack(parts)


def _unwrapped(ring: np.ndarray) -> list[np.ndarray]:
    """A ring crossing the antimeridian (world-atlas keeps it whole) made continuous in longitude,
    plus a copy shifted by 360 degrees so points on either side of 180 are tested against it."""
    lon = ring[:, 0].copy()
    lon[1:] = lon[0] + np.cumsum((np.diff(lon) + 180.0) % 360.0 - 180.0)
    out = np.column_stack((lon, ring[:, 1]))
    if lon.max() > 180.0:
        return [out, out - np.array([360.0, 0.0])]
    if lon.min() < -180.0:
        return [out, out + np.array([360.0, 0.0])]
    return [out]


def natural_earth_land(path: Path = LAND_50M) -> CountryShapes:
    """Every land ring (holes too: the test is even-odd) as one pseudo-country ``LND``."""
    topology = json.loads(path.read_text(encoding="utf-8"))
    arcs = _arcs(topology)
    rings: list[np.ndarray] = []
    for geom in topology["objects"]["land"]["geometries"]:
        polys = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        for poly in polys:
            for r in poly:
                rings.extend(_unwrapped(_ring(arcs, r)))
    bbox = np.array([[r[:, 0].min(), r[:, 1].min(), r[:, 0].max(), r[:, 1].max()] for r in rings])
    return CountryShapes(
        iso3=("LND",),
        names=("Natural Earth land 1:50m",),
        ring_country=np.zeros(len(rings), dtype=np.int32),
        ring_bbox=bbox,
        ring_lon=tuple(r[:, 0] for r in rings),
        ring_lat=tuple(r[:, 1] for r in rings),
    )
