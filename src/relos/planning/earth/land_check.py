"""Quality check of a drawn route: the longest stretch of it over land.

Sampled every ``step_nm`` along each great-circle segment against the country polygons. Segments
along a passage of the network (canals and narrow straits, which coarse coastlines close) are
exempt, and a run over land is measured across vertices.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence

import numpy as np

from relos.planning.earth.countries import country_shapes
from relos.planning.earth.geo import great_circle_points, normalize_lon
from relos.planning.sea.network import sea_network


@functools.lru_cache(maxsize=1)
def _passage_vertices() -> frozenset[tuple[float, float]]:
    net = sea_network()
    src = np.repeat(np.arange(net.node_count), np.diff(net.indptr))
    hit = np.nonzero(net.passage)[0]
    ends = np.concatenate((src[hit], net.indices[hit]))
    return frozenset(_key(float(net.lon[i]), float(net.lat[i])) for i in ends)


def _key(lon: float, lat: float) -> tuple[float, float]:
    return (round(normalize_lon(lon), 3), round(lat, 3))


def longest_land_run_nm(coords: Sequence[Sequence[float]], *, step_nm: float = 2.0) -> float:
    """The longest continuous run (nm) of a (lon, lat) line over land, passages exempt."""
    shapes = country_shapes()
    exempt = _passage_vertices()
    longest = run = 0
    for (x1, y1), (x2, y2) in itertools.pairwise(coords):
        if _key(x1, y1) in exempt and _key(x2, y2) in exempt:
            run = 0
            continue
        lat, lon = great_circle_points(y1, x1, y2, x2, step_nm=step_nm)
        for on in shapes.on_land(lat, (lon + 180.0) % 360.0 - 180.0):
            run = run + 1 if on else 0
            longest = max(longest, run)
    return longest * step_nm
