"""Sea distances between sites: cached single-source trees, site matrices, path extraction.

A *site* is a point (facility or LAT,LON) joined to the network by great-circle connectors to a
few nearby nodes whose connector stays off land (beyond the first miles, where a port lies
inside coarse coastlines): an island port can then leave on either side. Searches start from a
virtual node (index n) linked to those candidates, so a row holds the full sea distance from the
site, connector included.
"""

from __future__ import annotations

import functools
import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from relos.planning.earth.array_cache import data_hash, load_or_build_mapped
from relos.planning.earth.geo import great_circle_points, haversine_nm, haversine_nm_arrays
from relos.planning.sea import stored_rows, stored_sites
from relos.planning.sea.network import SeaNetwork, network_key, sea_network
from relos.planning.sea.passages import Passage
from relos.planning.sea.search import from_seeds, rows_from_nodes

#: Single-source trees kept (each about 120 kB): facilities are few, queries repeat.
ROW_CACHE_SIZE = 256
#: Nodes tried as connector ends, connectors kept, land tolerated near the point, sample step.
_SNAP_CANDIDATES = 12
_SNAP_KEEP = 6
_SNAP_COAST_NM = 6.0
_SNAP_STEP_NM = 2.0


@dataclass(frozen=True, slots=True)
class Site:
    """A labelled point and its connectors: candidate nodes and their lengths (nm), nearest first."""

    label: str
    lat: float
    lon: float
    nodes: tuple[int, ...]
    connectors_nm: tuple[float, ...]

    @property
    def key(self) -> tuple[float, float]:
        return (self.lat, self.lon)


def snap_site(net: SeaNetwork, *, label: str, lat: float, lon: float) -> Site:
    """The site for a point (see the module docstring for the choice of connectors)."""
    nodes, conns = _connectors(net, lat, lon)
    return Site(label=label, lat=lat, lon=lon, nodes=nodes, connectors_nm=conns)


#: The rules choosing a site's connectors, as they name the stored ones (relos.planning.sea.stored_sites).
_SNAP_RULES = f"snap {_SNAP_CANDIDATES} {_SNAP_KEEP} {_SNAP_COAST_NM!r} {_SNAP_STEP_NM!r}"


@functools.lru_cache(maxsize=4096)
def _connectors(net: SeaNetwork, lat: float, lon: float) -> tuple[tuple[int, ...], tuple[float, ...]]:
    """The site's connectors: read from disk when an earlier process chose them (relos.planning.sea.stored_sites)."""
    if not _installed(net):
        return _chosen_connectors(net, lat, lon)
    from relos.planning.earth.shapes_edition import shapes_edition

    edition = f"{shapes_edition()} {_SNAP_RULES}"
    found = stored_sites.load(network_key(), edition, lat, lon)
    if found is None:
        found = _chosen_connectors(net, lat, lon)
        stored_sites.store(network_key(), edition, lat, lon, found)
    return found


def _chosen_connectors(net: SeaNetwork, lat: float, lon: float) -> tuple[tuple[int, ...], tuple[float, ...]]:
    from relos.planning.earth.countries import country_shapes

    nodes, dists = net.nearest(lat, lon, k=_SNAP_CANDIDATES)
    shapes = country_shapes()
    kept: list[tuple[int, float]] = []
    for node, d in zip(nodes, dists, strict=True):
        if kept and d > 2.0 * kept[0][1] + 30.0:
            break
        if d > _SNAP_COAST_NM:
            la, lo = great_circle_points(lat, lon, float(net.lat[node]), float(net.lon[node]), step_nm=_SNAP_STEP_NM)
            far = haversine_nm_arrays(np.full(la.size, lat), np.full(la.size, lon), la, lo) > _SNAP_COAST_NM
            if shapes.on_land(la[far], lo[far]).any():
                continue
        kept.append((node, d))
        if len(kept) == _SNAP_KEEP:
            break
    if not kept:
        kept = [(nodes[0], dists[0])]
    return tuple(n for n, _ in kept), tuple(d for _, d in kept)


class _RowCache:
    """LRU cache of (distances, predecessors) rows keyed by (network, closed passages, site position)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._lock = threading.Lock()  # the API serves requests from several threads
        self._rows: OrderedDict[
            tuple[int, frozenset[Passage], tuple[float, float]], tuple[NDArray[np.float64], NDArray[np.int32]]
        ] = OrderedDict()

    def clear(self) -> None:
        with self._lock:
            self._rows.clear()

    def rows(
        self, net: SeaNetwork, closed: frozenset[Passage], sites: Sequence[Site]
    ) -> tuple[NDArray[np.float64], NDArray[np.int32]]:
        """Distances (len(sites), n) from each site to every node, and predecessor rows (n = site)."""
        out_d = np.empty((len(sites), net.node_count))
        out_p = np.empty((len(sites), net.node_count), dtype=np.int32)
        for i, s in enumerate(sites):
            key = (id(net), closed, s.key)
            with self._lock:
                hit = self._rows.get(key)
                if hit is not None:
                    self._rows.move_to_end(key)
            if hit is None:
                hit = _searched_row(net, closed, s)
                with self._lock:
                    self._rows[key] = hit
                    while len(self._rows) > self.size:
                        self._rows.popitem(last=False)
            out_d[i], out_p[i] = hit
        return out_d, out_p


ROWS = _RowCache(ROW_CACHE_SIZE)


def _installed(net: SeaNetwork) -> bool:
    """Whether `net` is the installed network, already loaded (a test's small network is not)."""
    return sea_network.cache_info().currsize > 0 and net is sea_network()


def _searched_row(
    net: SeaNetwork, closed: frozenset[Passage], site: Site
) -> tuple[NDArray[np.float64], NDArray[np.int32]]:
    """A site's row: read from disk when an earlier process searched it (relos.planning.sea.stored_rows)."""
    if not _installed(net):
        return from_seeds(net.graph(closed), site.nodes, site.connectors_nm)
    names = [p.value for p in closed]
    row = stored_rows.load(network_key(), names, site.nodes, site.connectors_nm)
    if row is None:
        row = from_seeds(net.graph(closed), site.nodes, site.connectors_nm)
        stored_rows.store(network_key(), names, site.nodes, site.connectors_nm, row)
    return row


def best_entry(row: NDArray[np.float64], site: Site) -> tuple[float, int]:
    """Distance from a row's source to ``site`` (through its best connector) and that connector's node."""
    cand = np.asarray(site.nodes)
    total = row[cand] + np.asarray(site.connectors_nm)
    k = int(np.argmin(total))
    return float(total[k]), int(cand[k])


def node_path(pred_row: NDArray[np.int32], target: int) -> list[int] | None:
    """Network nodes from the row's source site to ``target`` (None when unreachable)."""
    n = pred_row.size
    path = [target]
    cur = int(pred_row[target])
    while cur != n:
        if cur < 0:
            return None
        path.append(cur)
        cur = int(pred_row[cur])
    path.reverse()
    return path


def site_matrix(
    net: SeaNetwork, closed: frozenset[Passage], sites: Sequence[Site]
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.int32]]:
    """Pairwise sea distances (nm) between sites (inf when cut off), and each site's tree rows."""
    dist_rows, pred_rows = ROWS.rows(net, closed, sites)
    k = len(sites)
    mat = np.full((k, k), np.inf)
    for j, s in enumerate(sites):
        cand = np.asarray(s.nodes)
        mat[:, j] = (dist_rows[:, cand] + np.asarray(s.connectors_nm)[None, :]).min(axis=1)
    lat = np.array([s.lat for s in sites])
    lon = np.array([s.lon for s in sites])
    same = (lat[:, None] == lat[None, :]) & (lon[:, None] == lon[None, :])  # includes the diagonal
    mat[same] = 0.0
    return mat, dist_rows, pred_rows


#: Landmarks: a node of each passage, then nodes far from all chosen so far.
_LANDMARKS = 24


@functools.lru_cache(maxsize=16)
def _landmark_rows(net: SeaNetwork, closed: frozenset[Passage]) -> NDArray[np.float64]:
    """Distances from a few landmark nodes to every node (the graph is symmetric); those of the installed
    network are kept on disk beside it (relos.planning.earth.array_cache), one file per set of closed passages."""
    if net is not sea_network():
        return _search_landmark_rows(net, closed)
    which = data_hash(*sorted(p.value for p in closed))[:8]
    key = data_hash(network_key(), f"landmarks {_LANDMARKS}")
    stored = load_or_build_mapped(
        f"sea-landmarks-{which}", key, lambda: {"rows": _search_landmark_rows(net, closed)}, names=("rows",)
    )
    return np.asarray(stored["rows"], dtype=np.float64)


def _search_landmark_rows(net: SeaNetwork, closed: frozenset[Passage]) -> NDArray[np.float64]:
    g = net.graph(closed)
    src = np.repeat(np.arange(net.node_count), np.diff(net.indptr))
    chosen: list[int] = []
    for code in np.unique(net.passage[net.passage > 0]):
        if not any(p.code == code for p in closed):
            chosen.append(int(src[np.argmax(net.passage == code)]))
    rows = rows_from_nodes(g, chosen)
    seen = rows.copy()
    seen[~np.isfinite(seen)] = -1.0  # unreachable parts never become landmarks
    nearest = seen.min(axis=0) if len(chosen) else np.zeros(net.node_count)
    nearest[~net.snappable] = -1.0
    while len(chosen) < _LANDMARKS:
        far = int(np.argmax(nearest))
        if nearest[far] <= 0:
            break
        chosen.append(far)
        row = rows_from_nodes(g, far)
        rows = np.vstack((rows, row))
        nearest = np.minimum(nearest, np.where(np.isfinite(row), row, np.inf))
    return np.asarray(rows, dtype=np.float64)


_landmark_asks: dict[tuple[int, frozenset[Passage]], int] = {}


def upper_bound_nm(net: SeaNetwork, closed: frozenset[Passage], a: Site, b: Site) -> float:
    """A sea distance no shorter than the true one: the best detour through a landmark.

    The landmarks (some 50 ms of searches) are set up on the second query for a set of closed
    passages, so a one-shot command does not pay for them; until then the bound is infinite.
    """
    key = (id(net), closed)
    asked = _landmark_asks.get(key, 0) + 1
    _landmark_asks[key] = asked
    if asked < 2:
        return math.inf
    rows = _landmark_rows(net, closed)
    via_a = (rows[:, np.asarray(a.nodes)] + np.asarray(a.connectors_nm)).min(axis=1)
    via_b = (rows[:, np.asarray(b.nodes)] + np.asarray(b.connectors_nm)).min(axis=1)
    return float((via_a + via_b).min())


#: Pairs kept answered: a server is asked the same routes again and again (each answer a few kB).
PAIR_CACHE_SIZE = 1024


def pair_distance(net: SeaNetwork, closed: frozenset[Passage], a: Site, b: Site) -> tuple[float, list[int] | None]:
    """Sea distance (nm) and network node path between two sites, searching no further than needed.

    The search radius is the detour through the best landmark (never shorter than the route)
    or, when that detour is much longer, first a multiple of the great-circle distance; only with
    no landmark in reach at all is it unbounded. The answer for the same network, closed passages and sites
    is kept (PAIR_CACHE_SIZE pairs): asked again, it is not searched again.
    """
    d, path = _pair(net, closed, a, b)
    return d, None if path is None else list(path)


@functools.lru_cache(maxsize=PAIR_CACHE_SIZE)
def _pair(net: SeaNetwork, closed: frozenset[Passage], a: Site, b: Site) -> tuple[float, tuple[int, ...] | None]:
    if a.key == b.key:
        return 0.0, ()
    g = net.graph(closed)
    gc = haversine_nm(a.lat, a.lon, b.lat, b.lon) + max(a.connectors_nm) + max(b.connectors_nm)
    upper = upper_bound_nm(net, closed, a, b) * (1 + 1e-9) + 1e-6
    guess = 1.6 * gc + 300.0
    if not math.isfinite(upper):  # cut off from every landmark: perhaps from the target too
        limits: tuple[float, ...] = (guess, math.inf)
    elif upper <= 1.5 * guess:  # one search a little wider beats two
        limits = (upper,)
    else:
        limits = (guess, upper)
    for limit in limits:
        dist, pred = from_seeds(g, a.nodes, a.connectors_nm, limit=limit)
        d, node = best_entry(dist, b)
        if math.isfinite(d):
            path = node_path(pred, node)
            return d, None if path is None else tuple(path)
    return math.inf, None


def leg_nodes(pred_row: NDArray[np.float64] | NDArray[np.int32], dist_row: NDArray[np.float64], b: Site) -> list[int]:
    """Network nodes of the leg from a row's source site to site ``b``."""
    _, node = best_entry(dist_row, b)
    return node_path(np.asarray(pred_row, dtype=np.int32), node) or []
