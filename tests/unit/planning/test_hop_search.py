"""The hop search over refuelling points (relos.planning.hop_search) finds what scipy's Dijkstra finds over
the same hops: the same earliest arrivals and the same previous site, bit for bit. Where two ways arrive at
exactly the same time (sites at the same place), scipy's heap settles them in no documented order; the search
here settles the lower-numbered site first."""

from __future__ import annotations

import numpy as np
import pytest

from relos.planning.hop_search import NO_PREVIOUS, hop_tree


def _scipy_tree(dist: np.ndarray, refuel: np.ndarray, usable: float, speed: float, stop: float):  # type: ignore[no-untyped-def]
    """The search as it was written with scipy's csgraph."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    k = dist.shape[0]
    can_leave = refuel.copy()
    can_leave[0] = True
    ok = (dist <= usable) & can_leave[:, None] & np.isfinite(dist)
    np.fill_diagonal(ok, False)
    hours = dist / speed + np.where(np.arange(k) == 0, 0.0, stop)[:, None]
    rows, cols = np.nonzero(ok)
    g = csr_matrix((np.maximum(hours[rows, cols], 1e-9), (rows, cols)), shape=(k, k))
    return dijkstra(g, indices=0, return_predecessors=True)


def _sites(rng: np.random.Generator, k: int) -> np.ndarray:
    """Distances between k points of a plane (symmetric, with some pairs cut off)."""
    xy = rng.uniform(0, 6000, size=(k, 2))
    dist = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1)) * rng.uniform(1.0, 1.3, size=(k, k))
    dist = np.minimum(dist, dist.T)
    cut = rng.random((k, k)) < 0.1
    dist[cut | cut.T] = np.inf
    np.fill_diagonal(dist, 0.0)
    return dist


@pytest.mark.parametrize("seed", range(12))
def test_the_hop_search_agrees_with_scipy(seed: int) -> None:
    rng = np.random.default_rng(seed)
    k = int(rng.integers(2, 80))
    dist = _sites(rng, k)
    refuel = rng.random(k) < 0.7
    usable, speed, stop = float(rng.uniform(800, 4000)), float(rng.uniform(10, 20)), float(rng.choice([0.0, 12.0]))
    tree = hop_tree(dist, refuel=refuel, usable_range_nm=usable, speed_kn=speed, stop_hours=stop)
    arrival, pred = _scipy_tree(dist, refuel, usable, speed, stop)
    assert np.array_equal(tree.arrival_h, arrival)
    assert np.array_equal(tree.previous, pred.astype(np.int32))
    assert tree.previous[0] == NO_PREVIOUS


def test_a_site_out_of_range_is_not_reached() -> None:
    dist = np.array([[0.0, 500.0, 2000.0], [500.0, 0.0, 1600.0], [2000.0, 1600.0, 0.0]])
    tree = hop_tree(dist, refuel=np.array([True, False, True]), usable_range_nm=1000, speed_kn=10, stop_hours=12)
    assert tree.chain(1) == [0, 1]
    assert tree.chain(2) is None
    assert tree.previous[2] == NO_PREVIOUS and not np.isfinite(tree.arrival_h[2])


def test_of_two_sites_at_the_same_place_the_lower_numbered_is_the_way_on() -> None:
    dist = np.array(
        [[0.0, 900.0, 900.0, 1500.0], [900.0, 0.0, 0.0, 700.0], [900.0, 0.0, 0.0, 700.0], [1500.0, 700.0, 700.0, 0.0]]
    )
    tree = hop_tree(dist, refuel=np.array([True, True, True, False]), usable_range_nm=1000, speed_kn=10, stop_hours=12)
    assert tree.chain(3) == [0, 1, 3]
