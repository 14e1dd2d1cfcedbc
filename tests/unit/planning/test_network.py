"""The sea network: loading, caching, snapping and passage labels."""

from __future__ import annotations

import numpy as np

from relos.planning.sea import network as network_module
from relos.planning.sea.network import sea_network
from relos.planning.sea.passages import Passage, PassagePolicy


def _counting_builds(monkeypatch) -> list[int]:
    built: list[int] = []
    build = network_module._build_arrays

    def counted():
        built.append(1)
        return build()

    monkeypatch.setattr(network_module, "_build_arrays", counted)
    return built


def test_cache_is_built_when_missing_then_reused_memory_mapped(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("RELOS_CACHE_DIR", str(tmp_path))
    built = _counting_builds(monkeypatch)
    first = network_module._load_arrays()
    folders = list(tmp_path.glob("sea-network-*"))
    assert len(folders) == 1 and {f.name for f in folders[0].iterdir()} == {
        f"{n}.npy" for n in network_module.ARRAY_NAMES
    }
    again = network_module._load_arrays()
    assert built == [1]
    assert isinstance(again["indices"], np.memmap)
    assert np.array_equal(first["indices"], again["indices"])


def test_cache_is_rebuilt_when_the_network_data_changes(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("RELOS_CACHE_DIR", str(tmp_path / "cache"))
    data = tmp_path / "marnet_dict.py"
    data.write_bytes(network_module.searoute_data_file().read_bytes())
    monkeypatch.setattr(network_module, "searoute_data_file", lambda: data)
    built = _counting_builds(monkeypatch)
    network_module._load_arrays()
    before = {f.name for f in (tmp_path / "cache").glob("sea-network-*")}
    network_module._load_arrays()
    assert built == [1]
    data.write_bytes(data.read_bytes() + b"\n# another edition of the network\n")
    network_module._load_arrays()
    after = {f.name for f in (tmp_path / "cache").glob("sea-network-*")}
    assert built == [1, 1]
    assert len(after) == 1 and after != before  # the old data's folder is gone


def test_landmarks_are_kept_on_disk_per_set_of_closed_passages(tmp_path, monkeypatch) -> None:
    from relos.planning.sea import distances

    monkeypatch.setenv("RELOS_CACHE_DIR", str(tmp_path))
    net = sea_network()
    rows = {}
    for closed in (frozenset(), frozenset({Passage.SUEZ})):
        distances._landmark_rows.cache_clear()
        rows[closed] = distances._landmark_rows(net, closed)
        distances._landmark_rows.cache_clear()
        assert np.array_equal(distances._landmark_rows(net, closed), rows[closed])
        assert np.array_equal(rows[closed], distances._search_landmark_rows(net, closed))
    assert len(list(tmp_path.glob("sea-landmarks-*"))) == 2


def test_every_labelled_passage_is_present_in_the_network() -> None:
    net = sea_network()
    present = {int(c) for c in np.unique(net.passage) if c}
    assert {p.code for p in Passage} <= present


def test_closing_a_passage_removes_only_its_edges() -> None:
    net = sea_network()
    full = net.graph()
    shut = net.graph(frozenset({Passage.SUEZ}))
    assert full.nnz - shut.nnz == int((net.passage == Passage.SUEZ.code).sum())


def test_points_snap_to_a_nearby_node() -> None:
    _node, dist = sea_network().snap(18.95, 72.84)
    assert dist < 30


def test_ice_routes_closed_without_ice_class_or_date() -> None:
    shut = PassagePolicy().closed_at(when=None, ice_class=True)
    assert {Passage.NORTHERN_SEA_ROUTE, Passage.NORTHWEST_PASSAGE} <= shut


def test_landmark_bound_is_never_shorter_than_the_route() -> None:
    from relos.planning.sea.distances import _landmark_rows, pair_distance, snap_site
    from relos.planning.sea.passages import PassagePolicy

    net = sea_network()
    closed = PassagePolicy().closed_at(when=None, ice_class=False)
    rows = _landmark_rows(net, closed)
    a = snap_site(net, label="a", lat=18.95, lon=72.84)
    for lat, lon in [(68.97, 33.08), (43.11, 131.88), (34.89, 35.88), (-33.9, 18.4)]:
        b = snap_site(net, label="b", lat=lat, lon=lon)
        exact, _ = pair_distance(net, closed, a, b)
        via = (rows[:, list(a.nodes)] + np.array(a.connectors_nm)).min(axis=1) + (
            rows[:, list(b.nodes)] + np.array(b.connectors_nm)
        ).min(axis=1)
        assert via.min() >= exact - 1e-6


def test_a_sites_searched_row_is_kept_on_disk_and_read_again(tmp_path, monkeypatch) -> None:
    from relos.planning.sea import distances

    monkeypatch.setenv("RELOS_CACHE_DIR", str(tmp_path))
    net = sea_network()
    site = distances.snap_site(net, label="IN-BOM", lat=18.95, lon=72.84)
    searched = []
    search = distances.from_seeds

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        searched.append(1)
        return search(*args, **kwargs)

    monkeypatch.setattr(distances, "from_seeds", counted)
    for closed in (frozenset(), frozenset({Passage.SUEZ}), frozenset()):
        dist, pred = distances._searched_row(net, closed, site)
        expected = search(net.graph(closed), site.nodes, site.connectors_nm)
        assert np.array_equal(dist, expected[0]) and np.array_equal(pred, expected[1]) and pred.dtype == np.int32
    assert searched == [1, 1]  # the third read the first's row from disk
    assert len(list(tmp_path.glob("sea-rows-*/*.npy"))) == 2


def test_a_sites_connectors_are_kept_on_disk_and_read_again(tmp_path, monkeypatch) -> None:
    from relos.planning.sea import distances

    monkeypatch.setenv("RELOS_CACHE_DIR", str(tmp_path))
    net = sea_network()
    points = [(18.95, 72.84), (43.11, 131.88), (1.2655, 103.8198)]
    chosen = [distances._chosen_connectors(net, lat, lon) for lat, lon in points]
    distances._connectors.cache_clear()
    assert [distances._connectors(net, lat, lon) for lat, lon in points] == chosen
    assert len(list(tmp_path.glob("sea-sites-*/*.json"))) == 3
    distances._connectors.cache_clear()

    def refused(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("chosen again")

    monkeypatch.setattr(distances, "_chosen_connectors", refused)
    try:
        assert [distances._connectors(net, lat, lon) for lat, lon in points] == chosen  # read from disk, exactly
    finally:
        distances._connectors.cache_clear()
