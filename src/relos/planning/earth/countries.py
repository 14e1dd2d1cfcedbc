"""Country polygons and point-in-country tests, for the airspace a ferry leg crosses and for land tests.

The polygons are the world borders shipped with the `geopip` package (``globe.geo.json``:
thematicmapping.org's simplified World Borders 0.3, ISO 3166-1 codes), read once on first use
from the installed package (then kept as arrays in the user cache); nothing is downloaded.
The test is an even-odd ray cast on numpy arrays with a bounding-box filter.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from relos.planning.earth.array_cache import Arrays, load_or_build
from relos.planning.earth.shapes_edition import shapes_edition

SOURCE = "geopip globe.geo.json (thematicmapping.org World Borders 0.3, simplified)"


@dataclass(frozen=True, slots=True, eq=False)
class CountryShapes:
    """Rings of all countries: per ring its country index, bbox and vertex arrays."""

    iso3: tuple[str, ...]
    names: tuple[str, ...]
    ring_country: NDArray[np.int32]
    ring_bbox: NDArray[np.float64]  # (r, 4): min lon, min lat, max lon, max lat
    ring_lon: tuple[NDArray[np.float64], ...]
    ring_lat: tuple[NDArray[np.float64], ...]

    def country_index(self, lat: NDArray[np.float64], lon: NDArray[np.float64]) -> NDArray[np.int32]:
        """For each point, the index of the country containing it (-1 at sea)."""
        lat = np.asarray(lat, dtype=np.float64)
        lon = np.asarray(lon, dtype=np.float64)
        inside_count = np.zeros((len(self.iso3), lat.size), dtype=np.int32)
        b = self.ring_bbox
        cand = np.nonzero(
            (b[:, 0] <= lon.max()) & (b[:, 2] >= lon.min()) & (b[:, 1] <= lat.max()) & (b[:, 3] >= lat.min())
        )[0]
        for r in cand:
            sel = np.nonzero((lon >= b[r, 0]) & (lon <= b[r, 2]) & (lat >= b[r, 1]) & (lat <= b[r, 3]))[0]
            if sel.size == 0:
                continue
            hit = _ray_cast(self.ring_lon[r], self.ring_lat[r], lon[sel], lat[sel])
            inside_count[self.ring_country[r], sel] += hit
        odd = (inside_count % 2) == 1
        out = np.full(lat.size, -1, dtype=np.int32)
        any_in = odd.any(axis=0)
        out[any_in] = np.argmax(odd[:, any_in], axis=0)
        return out

    def countries_along(self, lat: NDArray[np.float64], lon: NDArray[np.float64]) -> tuple[str, ...]:
        """ISO 3166-1 alpha-3 codes of the countries the points fall in, in order, each once."""
        seen: dict[str, None] = {}
        for i in self.country_index(lat, lon):
            if i >= 0:
                seen.setdefault(self.iso3[i], None)
        return tuple(seen)

    def on_land(self, lat: NDArray[np.float64], lon: NDArray[np.float64]) -> NDArray[np.bool_]:
        """True for points inside some country's land."""
        return self.country_index(lat, lon) >= 0


def _ray_cast(
    xs: NDArray[np.float64], ys: NDArray[np.float64], px: NDArray[np.float64], py: NDArray[np.float64]
) -> NDArray[np.int32]:
    """1 where the point is inside the closed ring (even-odd rule), else 0."""
    x1, y1 = xs[:-1, None], ys[:-1, None]
    x2, y2 = xs[1:, None], ys[1:, None]
    straddle = (y1 > py) != (y2 > py)
    with np.errstate(divide="ignore", invalid="ignore"):
        xcross = x1 + (py - y1) * (x2 - x1) / (y2 - y1)
    crossings = (straddle & (px < xcross)).sum(axis=0)
    parity: NDArray[np.int32] = (crossings % 2).astype(np.int32)
    return parity


def _build_arrays() -> Arrays:
    """Read the GeoJSON into flat arrays: vertices, ring offsets, ring country, codes and names."""
    text = importlib.resources.files("geopip").joinpath("globe.geo.json").read_text(encoding="utf-8")
    iso3: list[str] = []
    names: list[str] = []
    ring_country: list[int] = []
    rings: list[NDArray[np.float64]] = []
    for feat in json.loads(text)["features"]:
        geom = feat.get("geometry") or {}
        polys = geom.get("coordinates", [])
        if geom.get("type") == "Polygon":
            polys = [polys]
        elif geom.get("type") != "MultiPolygon":
            continue
        ci = len(iso3)
        iso3.append(str(feat["properties"].get("ISO3", "")))
        names.append(str(feat["properties"].get("NAME", "")))
        for poly in polys:
            for ring in poly:  # holes count by the even-odd rule
                arr = np.asarray(ring, dtype=np.float64)
                if arr.shape[0] < 3:
                    continue
                if arr[0, 0] != arr[-1, 0] or arr[0, 1] != arr[-1, 1]:
                    arr = np.vstack((arr, arr[:1]))
                ring_country.append(ci)
                rings.append(arr)
    offsets = np.zeros(len(rings) + 1, dtype=np.int64)
    np.cumsum([r.shape[0] for r in rings], out=offsets[1:])
    return {
        "vertices": np.vstack(rings),
        "offsets": offsets,
        "ring_country": np.array(ring_country, dtype=np.int32),
        "iso3": np.array(iso3, dtype="U3"),
        "names": np.array(names),
    }


@functools.lru_cache(maxsize=1)
def country_shapes() -> CountryShapes:
    """The country polygons, read on first use (from the array cache after the first time)."""
    a = load_or_build(f"countries-{shapes_edition()}.npz", _build_arrays)
    vertices = a["vertices"].astype(np.float64)
    offsets = a["offsets"].astype(np.int64)
    starts = offsets[:-1]
    lon, lat = vertices[:, 0], vertices[:, 1]
    ring_lon = tuple(np.split(lon, offsets[1:-1]))
    ring_lat = tuple(np.split(lat, offsets[1:-1]))
    bbox = np.column_stack(
        (
            np.minimum.reduceat(lon, starts),
            np.minimum.reduceat(lat, starts),
            np.maximum.reduceat(lon, starts),
            np.maximum.reduceat(lat, starts),
        )
    )
    return CountryShapes(
        iso3=tuple(str(x) for x in a["iso3"]),
        names=tuple(str(x) for x in a["names"]),
        ring_country=a["ring_country"].astype(np.int32),
        ring_bbox=bbox,
        ring_lon=ring_lon,
        ring_lat=ring_lat,
    )
