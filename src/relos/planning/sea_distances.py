"""Sea distances from network nodes: cached single-source trees, site matrices, path extraction.

A *site* is a point (facility or LAT,LON) snapped to its nearest network node; the distance
between two sites is the connector from each to its node plus the network distance between the
nodes (the great circle, when both snap to the same node).
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.sparse.csgraph import dijkstra

from relos.planning.geo import haversine_nm, haversine_nm_arrays
from relos.planning.network import SeaNetwork
from relos.planning.passages import Passage

#: Single-source trees kept (each about 120 kB): facilities are few, queries repeat.
ROW_CACHE_SIZE = 256


@dataclass(frozen=True, slots=True)
class Site:
    """A labelled point snapped to the network."""

    label: str
    lat: float
    lon: float
    node: int
    connector_nm: float


def snap_site(net: SeaNetwork, *, label: str, lat: float, lon: float) -> Site:
    """The site for a point: its nearest network node and the connector length."""
    node, conn = net.snap(lat, lon)
    return Site(label=label, lat=lat, lon=lon, node=node, connector_nm=conn)


class _RowCache:
    """LRU cache of (distances, predecessors) rows keyed by (closed passages, source node)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._rows: OrderedDict[
            tuple[int, frozenset[Passage], int], tuple[NDArray[np.float64], NDArray[np.int32]]
        ] = OrderedDict()

    def clear(self) -> None:
        self._rows.clear()

    def rows(
        self, net: SeaNetwork, closed: frozenset[Passage], sources: Sequence[int]
    ) -> tuple[NDArray[np.float64], NDArray[np.int32]]:
        """Distances (len(sources), n) and predecessor rows, computing the missing ones at once."""
        key0 = id(net)
        missing = list(dict.fromkeys(s for s in sources if (key0, closed, s) not in self._rows))
        if missing:
            dist, pred = dijkstra(net.graph(closed), indices=missing, return_predecessors=True)
            for i, s in enumerate(missing):
                self._rows[(key0, closed, s)] = (dist[i], pred[i].astype(np.int32))
        out_d = np.empty((len(sources), net.node_count))
        out_p = np.empty((len(sources), net.node_count), dtype=np.int32)
        for i, s in enumerate(sources):
            d, p = self._rows[(key0, closed, s)]
            self._rows.move_to_end((key0, closed, s))
            out_d[i], out_p[i] = d, p
        while len(self._rows) > self.size:
            self._rows.popitem(last=False)
        return out_d, out_p


ROWS = _RowCache(ROW_CACHE_SIZE)


def node_path(pred_row: NDArray[np.int32], source: int, target: int) -> list[int] | None:
    """Nodes from source to target along a predecessor row (None when unreachable)."""
    if source == target:
        return [source]
    path = [target]
    cur = target
    while cur != source:
        cur = int(pred_row[cur])
        if cur < 0:
            return None
        path.append(cur)
    path.reverse()
    return path


def site_matrix(
    net: SeaNetwork, closed: frozenset[Passage], sites: Sequence[Site]
) -> tuple[NDArray[np.float64], NDArray[np.int32]]:
    """Pairwise sea distances (nm) between sites (inf when cut off), and the predecessor rows."""
    nodes = [s.node for s in sites]
    dist_rows, pred_rows = ROWS.rows(net, closed, nodes)
    node_arr = np.array(nodes, dtype=np.int64)
    conn = np.array([s.connector_nm for s in sites])
    mat = dist_rows[:, node_arr] + conn[:, None] + conn[None, :]
    same = node_arr[:, None] == node_arr[None, :]
    if same.any():
        lat = np.array([s.lat for s in sites])
        lon = np.array([s.lon for s in sites])
        direct = haversine_nm_arrays(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
        mat = np.where(same, direct, mat)
    return mat, pred_rows


def pair_distance(
    net: SeaNetwork, closed: frozenset[Passage], a: Site, b: Site
) -> tuple[float, list[int] | None]:
    """Sea distance (nm) and network node path between two sites, searching no further than needed.

    The search is first bounded by a multiple of the great-circle distance (most sea routes are
    well within it) and repeated unbounded only when the target lies beyond.
    """
    if a.node == b.node:
        return haversine_nm(a.lat, a.lon, b.lat, b.lon), [a.node]
    g = net.graph(closed)
    gc = haversine_nm(
        float(net.lat[a.node]), float(net.lon[a.node]), float(net.lat[b.node]), float(net.lon[b.node])
    )
    for limit in (1.6 * gc + 300.0, math.inf):
        dist, pred = dijkstra(g, indices=a.node, return_predecessors=True, limit=limit)
        d = float(dist[b.node])
        if math.isfinite(d):
            path = node_path(pred.astype(np.int32), a.node, b.node)
            return d + a.connector_nm + b.connector_nm, path
    return math.inf, None
