"""The global sea network (Eurostat marnet, as shipped by the `searoute` package) as arrays.

Loaded once, lazily, into numpy arrays forming a CSR graph (relos.planning.sea.search); the built arrays are cached as
memory-mapped ``.npy`` files under the user cache directory (relos.planning.earth.array_cache), named
by a hash of `searoute`'s network data and of this module's format, and rebuilt when either changes.
Points off the network snap to the nearest node of the main connected component
(the largest cosine over the nodes' 3-D unit vectors: a numpy scan is as fast as a KD-tree
at this size and spares importing scipy.spatial). Graphs with passages closed are derived
and cached per set of closed passages.
"""

from __future__ import annotations

import functools
import importlib.metadata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from relos.planning.earth.array_cache import Arrays, data_hash, load_or_build_mapped
from relos.planning.earth.geo import chord_to_nm, haversine_nm_arrays, normalize_lon, unit_vectors
from relos.planning.sea.passages import PASSAGE_BY_CODE, SEAROUTE_LABELS, Passage, arctic_passage
from relos.planning.sea.search import MIN_NM, Csr

_CACHE_FORMAT = 1
#: Weight given to zero-length edges (the antimeridian seams): csgraph ignores explicit zeros.
_SEAM_NM = MIN_NM


@dataclass(frozen=True, eq=False)
class SeaNetwork:
    """Nodes (lat, lon in [-180, 180)), directed symmetric edges in CSR order, passage codes."""

    lat: NDArray[np.float64]
    lon: NDArray[np.float64]
    indptr: NDArray[np.int32]
    indices: NDArray[np.int32]
    weight_nm: NDArray[np.float64]
    passage: NDArray[np.int8]
    snappable: NDArray[np.bool_]
    _snap_vectors: NDArray[np.float64] = field(repr=False)
    _snap_ids: NDArray[np.int64] = field(repr=False)

    @property
    def node_count(self) -> int:
        return int(self.lat.size)

    def snap(self, lat: float, lon: float) -> tuple[int, float]:
        """The nearest main-network node to a point, and its great-circle distance (nm)."""
        nodes, dists = self.nearest(lat, lon, k=1)
        return nodes[0], dists[0]

    def nearest(self, lat: float, lon: float, *, k: int) -> tuple[list[int], list[float]]:
        """The ``k`` nearest main-network nodes to a point, nearest first, and their distances (nm)."""
        v = unit_vectors(np.array([lat]), np.array([lon]))[0]
        cos = self._snap_vectors @ v  # nearest = largest cosine; a scan of 10k rows takes ~20 us
        k = min(k, cos.size)
        top = np.argpartition(-cos, k - 1)[:k] if k < cos.size else np.arange(cos.size)
        top = top[np.argsort(-cos[top])]
        chords = np.sqrt(np.maximum(0.0, 2.0 - 2.0 * cos[top]))
        return [int(self._snap_ids[i]) for i in top], [float(chord_to_nm(c)) for c in chords]

    def passage_of_edge(self, u: int, v: int) -> Passage | None:
        """The passage an edge u->v belongs to, if any."""
        return _passage_edges(self).get((u, v))

    def graph(self, closed: frozenset[Passage] = frozenset()) -> Csr:
        """The CSR graph (weights in nm) with the given passages' edges removed (cached per set)."""
        return _graph_for(self, closed)


@functools.lru_cache(maxsize=32)
def _graph_for(net: SeaNetwork, closed: frozenset[Passage]) -> Csr:
    n = net.node_count
    if not closed:
        return Csr(net.indptr, net.indices, net.weight_nm)
    codes = np.array([p.code for p in closed], dtype=np.int8)
    keep = ~np.isin(net.passage, codes)
    src = np.repeat(np.arange(n, dtype=np.int32), np.diff(net.indptr))[keep]
    indptr = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(np.bincount(src, minlength=n), out=indptr[1:])
    return Csr(indptr, net.indices[keep], net.weight_nm[keep])


@functools.lru_cache(maxsize=4)
def _passage_edges(net: SeaNetwork) -> dict[tuple[int, int], Passage]:
    """The few edges that belong to a passage, keyed by (from node, to node)."""
    src = np.repeat(np.arange(net.node_count, dtype=np.int32), np.diff(net.indptr))
    hits = np.nonzero(net.passage)[0]
    return {(int(src[i]), int(net.indices[i])): PASSAGE_BY_CODE[int(net.passage[i])] for i in hits}


#: The arrays of the network as cached.
ARRAY_NAMES = ("lat", "lon", "indptr", "indices", "weight_nm", "passage", "snappable")


@functools.lru_cache(maxsize=1)
def searoute_data_file() -> Path:
    """`searoute`'s network data (found without importing it: that takes some 0.3 s), looked up once a process: a
    route asks for the network's key once for each of its sites (`network_key` still sees the file change)."""
    return Path(str(importlib.metadata.distribution("searoute").locate_file("searoute/data/marnet_dict.py")))


def network_key() -> str:
    """The hash the cached network is named by: the data it is built from and how it is built (hashed once per
    edition of the data file, as its size and time of change tell)."""
    path = searoute_data_file()
    seen = path.stat()
    edition = (str(path), seen.st_size, seen.st_mtime_ns)
    if edition not in _KEYS:
        _KEYS.clear()
        _KEYS[edition] = data_hash(path.read_bytes(), f"format {_CACHE_FORMAT}")
    return _KEYS[edition]


_KEYS: dict[tuple[str, int, int], str] = {}


def _build_arrays() -> Arrays:
    """Read `searoute`'s marnet node and edge dictionaries into plain arrays."""
    from scipy.sparse.csgraph import connected_components  # only to build the cache
    from searoute.data.marnet_dict import edge_list, node_list  # heavy: ~0.3 s

    keys = list(node_list)
    for nbrs in edge_list.values():
        keys.extend(v for v in nbrs if v not in node_list)
    index = {k: i for i, k in enumerate(dict.fromkeys(keys))}
    raw = np.array(list(index), dtype=np.float64)  # (n, 2) lon, lat as stored (lon may exceed 180)
    lat = raw[:, 1].copy()
    lon = np.array([normalize_lon(x) for x in raw[:, 0]])

    pairs: dict[tuple[int, int], int] = {}
    for u, nbrs in edge_list.items():
        iu = index[u]
        for v, attrs in nbrs.items():
            iv = index[v]
            if iu == iv:
                continue
            label = SEAROUTE_LABELS.get(str(attrs.get("passage")))
            max_lat = max(u[1], v[1])
            mid_lon = normalize_lon((u[0] + v[0]) / 2.0)
            arctic = arctic_passage(max_lat, mid_lon)
            if arctic is not None and (label is None or label in (Passage.NORTHWEST_PASSAGE,)):
                label = arctic
            label_code = label.code if label is not None else 0
            for a, b in ((iu, iv), (iv, iu)):  # make the graph symmetric
                pairs[(a, b)] = max(pairs.get((a, b), 0), label_code)
    src = np.fromiter((a for a, _ in pairs), dtype=np.int32, count=len(pairs))
    dst = np.fromiter((b for _, b in pairs), dtype=np.int32, count=len(pairs))
    code = np.fromiter(pairs.values(), dtype=np.int8, count=len(pairs))
    order = np.lexsort((dst, src))
    src, dst, code = src[order], dst[order], code[order]
    w = haversine_nm_arrays(lat[src], lon[src], lat[dst], lon[dst])
    w = np.where(w <= 0.0, _SEAM_NM, w)
    n = lat.size
    indptr = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(np.bincount(src, minlength=n), out=indptr[1:])
    _, labels = connected_components(Csr(indptr, dst, w).matrix(), directed=False)
    main = np.argmax(np.bincount(labels))
    return {
        "lat": lat,
        "lon": lon,
        "indptr": indptr,
        "indices": dst,
        "weight_nm": w,
        "passage": code,
        "snappable": labels == main,
    }


def _load_arrays() -> Arrays:
    return load_or_build_mapped("sea-network", network_key(), _build_arrays, names=ARRAY_NAMES)


@functools.lru_cache(maxsize=1)
def sea_network() -> SeaNetwork:
    """The sea network, built on first use and shared afterwards."""
    a = _load_arrays()  # memory-mapped: as stored, not copied
    lat = np.asarray(a["lat"], dtype=np.float64)
    lon = np.asarray(a["lon"], dtype=np.float64)
    snappable = np.asarray(a["snappable"], dtype=bool)
    ids = np.nonzero(snappable)[0]
    vectors = np.ascontiguousarray(unit_vectors(lat[ids], lon[ids]))
    return SeaNetwork(
        lat=lat,
        lon=lon,
        indptr=np.asarray(a["indptr"], dtype=np.int32),
        indices=np.asarray(a["indices"], dtype=np.int32),
        weight_nm=np.asarray(a["weight_nm"], dtype=np.float64),
        passage=np.asarray(a["passage"], dtype=np.int8),
        snappable=snappable,
        _snap_vectors=vectors,
        _snap_ids=ids,
    )
