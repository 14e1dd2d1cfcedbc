"""Shortest sea routes: agreement with `searoute`, passages, seasons, geometry, land."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from planning_ports import endpoint

from relos.planning.earth.land_check import longest_land_run_nm
from relos.planning.sea.passages import Passage, PassagePolicy, parse_passages
from relos.planning.sea.shortest import shortest_sea_route

INDIAN = ["IN-BOM", "IN-VTZ", "IN-COK"]
FAR = ["RU-VVO", "RU-MMK", "RU-NVS", "SY-TTS"]


def _searoute_nm(a: str, b: str) -> float:
    import searoute

    ea, eb = endpoint(a), endpoint(b)
    feat = searoute.searoute([ea.lon, ea.lat], [eb.lon, eb.lat], units="naut", append_orig_dest=True)
    return float(feat.properties["length"])


@pytest.mark.parametrize(
    ("a", "b"), [("IN-BOM", "RU-VVO"), ("IN-COK", "RU-MMK"), ("IN-VTZ", "SY-TTS"), ("IN-IXZ", "RU-VVO")]
)
def test_shortest_route_within_two_percent_of_searoute(a: str, b: str) -> None:
    ours = shortest_sea_route(origin=endpoint(a), destination=endpoint(b), speed_kn=15)
    assert ours.feasible and ours.distance_nm is not None
    theirs = _searoute_nm(a, b)
    assert abs(ours.distance_nm / theirs - 1.0) < 0.02


@pytest.mark.parametrize(
    ("a", "b"), [("IN-BOM", "RU-VVO"), ("IN-IXZ", "RU-PKC"), ("IN-VTZ", "RU-VVO"), ("IN-COK", "RU-MMK")]
)
def test_route_does_not_cross_land(a: str, b: str) -> None:
    route = shortest_sea_route(origin=endpoint(a), destination=endpoint(b), speed_kn=15)
    # the coastline data is coarse: tolerate a few miles at ports and in narrow straits
    assert longest_land_run_nm(route.coordinates) <= 20.0


def test_the_suez_canal_is_the_only_land_on_the_way_to_tartus() -> None:
    route = shortest_sea_route(origin=endpoint("IN-BOM"), destination=endpoint("SY-TTS"), speed_kn=15)
    assert Passage.SUEZ in route.passages
    assert longest_land_run_nm(route.coordinates) <= 20.0  # the canal itself is exempt


def test_closing_suez_sends_the_ship_round_the_cape() -> None:
    open_ = shortest_sea_route(origin=endpoint("IN-BOM"), destination=endpoint("SY-TTS"), speed_kn=15)
    shut = shortest_sea_route(
        origin=endpoint("IN-BOM"),
        destination=endpoint("SY-TTS"),
        speed_kn=15,
        policy=PassagePolicy(closed=frozenset({Passage.SUEZ})),
    )
    assert Passage.SUEZ not in shut.passages and Passage.GIBRALTAR in shut.passages
    assert shut.distance_nm is not None and open_.distance_nm is not None
    assert shut.distance_nm > 2 * open_.distance_nm


def test_closing_the_turkish_straits_cuts_off_the_black_sea() -> None:
    route = shortest_sea_route(
        origin=endpoint("IN-BOM"),
        destination=endpoint("RU-NVS"),
        speed_kn=15,
        policy=PassagePolicy(closed=frozenset({Passage.BOSPORUS})),
    )
    assert not route.feasible
    assert route.reason is not None and "bosporus" in route.reason


def test_northern_sea_route_only_for_ice_class_in_season() -> None:
    a, b = endpoint("RU-MMK"), endpoint("RU-PKC")
    summer = shortest_sea_route(origin=a, destination=b, speed_kn=12, when=dt.date(2026, 8, 1), ice_class=True)
    winter = shortest_sea_route(origin=a, destination=b, speed_kn=12, when=dt.date(2026, 1, 15), ice_class=True)
    no_ice = shortest_sea_route(origin=a, destination=b, speed_kn=12, when=dt.date(2026, 8, 1))
    assert Passage.NORTHERN_SEA_ROUTE in summer.passages
    assert Passage.NORTHERN_SEA_ROUTE not in winter.passages
    assert Passage.NORTHERN_SEA_ROUTE not in no_ice.passages
    assert summer.distance_nm is not None and winter.distance_nm is not None
    assert summer.distance_nm < 0.6 * winter.distance_nm


def test_northern_sea_route_season_is_configurable() -> None:
    policy = PassagePolicy(nsr_months=frozenset({1}))
    route = shortest_sea_route(
        origin=endpoint("RU-MMK"),
        destination=endpoint("RU-PKC"),
        speed_kn=12,
        when=dt.date(2026, 1, 15),
        ice_class=True,
        policy=policy,
    )
    assert Passage.NORTHERN_SEA_ROUTE in route.passages
    assert Passage.NORTHWEST_PASSAGE not in route.passages


def test_duration_is_distance_over_speed() -> None:
    route = shortest_sea_route(origin=endpoint("IN-BOM"), destination=endpoint("RU-VVO"), speed_kn=16)
    assert route.distance_nm is not None and route.duration_h is not None
    assert route.duration_h == pytest.approx(route.distance_nm / 16)


def test_geometry_crosses_the_antimeridian_without_a_jump() -> None:
    from relos.planning.inputs import Endpoint

    route = shortest_sea_route(origin=endpoint("RU-PKC"), destination=Endpoint("US-SFO", 37.80, -122.42), speed_kn=15)
    lons = np.array([c[0] for c in route.coordinates])
    assert np.abs(np.diff(lons)).max() < 60.0
    assert lons.max() > 180.0  # continues past 180 east instead of wrapping to -180


def test_geometry_starts_and_ends_at_the_points_in_lon_lat_order() -> None:
    route = shortest_sea_route(origin=endpoint("IN-BOM"), destination=endpoint("RU-VVO"), speed_kn=16)
    assert route.coordinates[0] == (72.84, 18.95)
    assert route.coordinates[-1] == (131.88, 43.11)


def test_passage_names_and_aliases_parse() -> None:
    assert parse_passages("suez, ormuz,nsr") == {Passage.SUEZ, Passage.HORMUZ, Passage.NORTHERN_SEA_ROUTE}
    with pytest.raises(ValueError, match="passage"):
        parse_passages("atlantis")


def test_season_months_out_of_range_are_rejected() -> None:
    with pytest.raises(ValueError, match="nsr_months"):
        PassagePolicy(nsr_months=frozenset({13}))
