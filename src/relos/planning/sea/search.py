"""Shortest paths over the sea network's CSR arrays, from a site's connectors, with or without scipy.

A command asking one route makes one or two searches: there a search in plain Python over the arrays (some
10–20 ms) costs far less than importing scipy (some 0.2 s of processor time, most of it scipy loading every
numpy submodule). A process that searches more (a refuelling route, the reach, the API) pays that import once
and searches with scipy's compiled Dijkstra from then on: the first PURE_SEARCHES searches of a process run in
Python, and every search once scipy is loaded. Both give the same distances (tests/unit/planning/test_search.py).
"""

from __future__ import annotations

import heapq
import math
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

#: Searches a process makes in plain Python before it loads scipy for the rest.
PURE_SEARCHES = 3
#: The least length of an edge: scipy's graph routines drop explicit zeros.
MIN_NM = 1e-6

_lock = threading.Lock()
_pure_left = [PURE_SEARCHES]


@dataclass(frozen=True, eq=False)
class Csr:
    """A directed graph in compressed sparse rows: node u's edges go to indices[indptr[u]:indptr[u+1]]."""

    indptr: NDArray[np.int32]
    indices: NDArray[np.int32]
    data: NDArray[np.float64]

    @property
    def node_count(self) -> int:
        return int(self.indptr.size - 1)

    @property
    def nnz(self) -> int:
        return int(self.indices.size)

    def matrix(self) -> csr_matrix:
        """The same graph as scipy's sparse matrix (imports scipy)."""
        from scipy.sparse import csr_matrix

        n = self.node_count
        return csr_matrix((self.data, self.indices, self.indptr), shape=(n, n))

    @cached_property
    def _lists(self) -> tuple[list[int], list[int], list[float]]:
        return self.indptr.tolist(), self.indices.tolist(), self.data.tolist()


def use_scipy() -> bool:
    """Whether the next search runs with scipy: once it is loaded, or after this process's plain searches."""
    if "scipy.sparse.csgraph" in sys.modules:
        return True
    with _lock:
        if _pure_left[0] > 0:
            _pure_left[0] -= 1
            return False
    return True


def from_seeds(
    graph: Csr, seeds: Sequence[int], seed_nm: Sequence[float], *, limit: float = math.inf
) -> tuple[NDArray[np.float64], NDArray[np.int32]]:
    """Distances from a source outside the graph joined to `seeds` by edges `seed_nm` long (at least MIN_NM),
    and each node's predecessor on its shortest path: graph.node_count for the source itself, negative when
    unreached. Nodes further than `limit` count as unreached (distance inf)."""
    lengths = [max(float(d), MIN_NM) for d in seed_nm]
    if use_scipy():
        return _scipy_search(graph, list(seeds), lengths, limit)
    return _python_search(graph, list(seeds), lengths, limit)


def _python_search(
    graph: Csr, seeds: list[int], lengths: list[float], limit: float
) -> tuple[NDArray[np.float64], NDArray[np.int32]]:
    indptr, indices, data = graph._lists
    n = graph.node_count
    inf = math.inf
    dist = [inf] * n
    pred = [-9999] * n
    heap: list[tuple[float, int]] = []
    for node, d in zip(seeds, lengths, strict=True):
        if d <= limit and d < dist[node]:
            dist[node], pred[node] = d, n
            heap.append((d, node))
    heapq.heapify(heap)
    pop, push = heapq.heappop, heapq.heappush
    while heap:
        d, u = pop(heap)
        if d > dist[u]:
            continue
        for k in range(indptr[u], indptr[u + 1]):
            v = indices[k]
            nd = d + data[k]
            if nd < dist[v] and nd <= limit:
                dist[v], pred[v] = nd, u
                push(heap, (nd, v))
    return np.array(dist), np.array(pred, dtype=np.int32)


def _scipy_search(
    graph: Csr, seeds: list[int], lengths: list[float], limit: float
) -> tuple[NDArray[np.float64], NDArray[np.int32]]:
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    n = graph.node_count
    indptr = np.empty(n + 2, dtype=graph.indptr.dtype)
    indptr[: n + 1] = graph.indptr
    indptr[n + 1] = graph.indptr[-1] + len(seeds)
    indices = np.concatenate((graph.indices, np.asarray(seeds, dtype=graph.indices.dtype)))
    data = np.concatenate((graph.data, np.asarray(lengths, dtype=np.float64)))
    g = csr_matrix((data, indices, indptr), shape=(n + 1, n + 1))
    found: Any = dijkstra(g, indices=n, return_predecessors=True, limit=limit, min_only=True)
    dist, pred = found[0], found[1]
    return np.asarray(dist[:-1], dtype=np.float64), pred[:-1].astype(np.int32)


def rows_from_nodes(graph: Csr, sources: int | Sequence[int]) -> NDArray[np.float64]:
    """Distances from each of `sources` (one row each, or one row for a single source), with scipy: for the
    many searches that set up the landmarks."""
    from scipy.sparse.csgraph import dijkstra

    return np.asarray(dijkstra(graph.matrix(), indices=sources), dtype=np.float64)
