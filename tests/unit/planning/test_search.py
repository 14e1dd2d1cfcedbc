"""The sea searches in plain Python and with scipy agree (relos.planning.sea.search), and a one-route command
searches without loading scipy."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import numpy as np
import pytest

from relos.planning.sea import search
from relos.planning.sea.network import sea_network
from relos.planning.sea.passages import Passage

SEEDS = [((0, 1, 2), (3.0, 0.0, 7.5)), ((4000,), (12.0,)), ((9000, 9100), (1.0, 2.0))]


def _check_tree(graph: search.Csr, seeds: tuple[int, ...], lengths: tuple[float, ...], dist, pred) -> None:  # type: ignore[no-untyped-def]
    """Every reached node's distance is its predecessor's plus the edge between them."""
    n = graph.node_count
    start = {s: max(d, search.MIN_NM) for s, d in zip(seeds, lengths, strict=True)}
    for v in np.flatnonzero(np.isfinite(dist))[::37]:
        u = int(pred[v])
        if u == n:
            assert dist[v] == pytest.approx(start[int(v)])
            continue
        edges = range(graph.indptr[u], graph.indptr[u + 1])
        via = min(dist[u] + graph.data[k] for k in edges if graph.indices[k] == v)
        assert dist[v] == pytest.approx(via, rel=1e-12)


@pytest.mark.parametrize("closed", [frozenset(), frozenset({Passage.SUEZ, Passage.PANAMA})])
@pytest.mark.parametrize(("seeds", "lengths"), SEEDS)
@pytest.mark.parametrize("limit", [math.inf, 900.0])
def test_python_and_scipy_searches_give_the_same_distances(
    closed: frozenset[Passage], seeds: tuple[int, ...], lengths: tuple[float, ...], limit: float
) -> None:
    graph = sea_network().graph(closed)
    floors = [max(d, search.MIN_NM) for d in lengths]
    plain_d, plain_p = search._python_search(graph, list(seeds), floors, limit)
    fast_d, fast_p = search._scipy_search(graph, list(seeds), floors, limit)
    assert np.array_equal(np.isfinite(plain_d), np.isfinite(fast_d))
    reached = np.isfinite(fast_d)
    assert reached.sum() > 50
    np.testing.assert_allclose(plain_d[reached], fast_d[reached], rtol=1e-12)
    assert (plain_d[reached] <= limit).all()
    assert (plain_p[~reached] < 0).all() and (fast_p[~reached] < 0).all()
    _check_tree(graph, seeds, lengths, plain_d, plain_p)
    _check_tree(graph, seeds, lengths, fast_d, fast_p)


def test_a_process_searches_in_python_first_then_with_scipy() -> None:
    probe = (
        "import json, sys\n"
        "from relos.planning.sea import search\n"
        "from relos.planning.sea.network import sea_network\n"
        "g = sea_network().graph()\n"
        "seen = []\n"
        "for _ in range(search.PURE_SEARCHES + 2):\n"
        "    search.from_seeds(g, [5], [1.0])\n"
        "    seen.append('scipy.sparse.csgraph' in sys.modules)\n"
        "print(json.dumps(seen))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120)
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen == [False] * search.PURE_SEARCHES + [True, True]


def test_a_pair_asked_again_is_not_searched_again(monkeypatch: pytest.MonkeyPatch) -> None:
    from relos.planning.sea import distances

    net = sea_network()
    a = distances.snap_site(net, label="A", lat=18.95, lon=72.84)
    b = distances.snap_site(net, label="B", lat=1.26, lon=103.82)
    searched: list[float] = []

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        searched.append(kwargs.get("limit", math.inf))
        return search.from_seeds(*args, **kwargs)

    monkeypatch.setattr(distances, "from_seeds", counting)
    distances._pair.cache_clear()
    first, path = distances.pair_distance(net, frozenset(), a, b)
    assert searched and path
    searches = len(searched)
    path.clear()  # the caller's copy: the kept answer is not changed
    again, path_again = distances.pair_distance(net, frozenset(), a, b)
    assert len(searched) == searches and again == first and path_again
    closed = frozenset({Passage.MALACCA})
    distances.pair_distance(net, closed, a, b)
    assert len(searched) > searches  # another set of closed passages is another question
