"""Refuel-constrained routes: legs within range, usable points only, reasons when infeasible."""

from __future__ import annotations

import pytest
from planning_ports import endpoint

from relos.planning.facade import exit_status, parse_lat_lon, plan_route
from relos.planning.inputs import Endpoint, RefuelPoint, ShipClass
from relos.planning.sea.refuel import refuel_route


def test_no_leg_exceeds_the_usable_range(frigate, indian_points, partner_points) -> None:
    ship = ShipClass("long", range_nm=6000, cruise_speed_kn=14, reserve_fraction=0.2, fuel_type="F-76")
    for dest in ("RU-VVO", "RU-PKC", "RU-NVS"):
        r = refuel_route(
            origin=endpoint("IN-BOM"),
            destination=endpoint(dest),
            ship=ship,
            refuel_points=indian_points + partner_points,
        )
        assert r.feasible, r.reason
        assert all(leg.distance_nm <= ship.usable_range_nm for leg in r.legs)
        assert r.distance_nm == pytest.approx(sum(leg.distance_nm for leg in r.legs))


def test_time_counts_transit_and_a_stop_per_call(indian_points, partner_points) -> None:
    ship = ShipClass("long", range_nm=6000, cruise_speed_kn=14, reserve_fraction=0.2, stop_hours=24)
    r = refuel_route(
        origin=endpoint("IN-BOM"),
        destination=endpoint("RU-PKC"),
        ship=ship,
        refuel_points=indian_points + partner_points,
    )
    assert r.distance_nm is not None and r.duration_h is not None and r.stops
    assert r.duration_h == pytest.approx(r.distance_nm / 14 + 24 * len(r.stops))


def test_infeasible_names_the_leg_and_how_far_beyond_range(frigate, indian_points) -> None:
    r = refuel_route(
        origin=endpoint("IN-BOM"), destination=endpoint("RU-VVO"), ship=frigate, refuel_points=indian_points
    )
    assert not r.feasible and r.shortfall is not None
    assert r.shortfall.destination == "RU-VVO"
    assert r.shortfall.beyond_nm > 0
    assert r.shortfall.origin in r.reason and "beyond the usable range" in r.reason
    assert exit_status(r) == 1


def test_refuels_only_at_usable_points_with_the_right_fuel(indian_points) -> None:
    ship = ShipClass("s", range_nm=2500, cruise_speed_kn=14, fuel_type="F-76")
    blocked = [
        RefuelPoint("X-USABLE-WRONG-FUEL", 6.0, 80.0, "LKA", frozenset({"JP-5"})),
        RefuelPoint("X-NOT-USABLE", 5.9, 80.5, "LKA", frozenset({"F-76"}), usable=False),
    ]
    r = refuel_route(
        origin=endpoint("IN-BOM"),
        destination=endpoint("IN-VTZ"),
        ship=ship,
        refuel_points=blocked + indian_points,
    )
    assert r.feasible
    assert not set(r.stops) & {"X-USABLE-WRONG-FUEL", "X-NOT-USABLE"}


def test_a_given_range_is_used_as_is() -> None:
    ship = ShipClass.given_range(range_nm=3000, speed_kn=12)
    assert ship.usable_range_nm == 3000


def test_reserve_is_taken_off_the_class_range(frigate) -> None:
    assert frigate.usable_range_nm == pytest.approx(4850 * 0.8)


def test_json_has_the_interface_shape(indian_points, partner_points) -> None:
    ship = ShipClass("long", range_nm=6000, cruise_speed_kn=14, reserve_fraction=0.2)
    out = plan_route(
        origin=endpoint("IN-BOM"),
        destination=endpoint("RU-VVO"),
        ship=ship,
        refuel_points=indian_points + partner_points,
    ).to_json()
    assert {"feasible", "distance_nm", "duration_h", "stops", "legs", "geometry"} <= set(out)
    assert out["feasible"] is True
    assert set(out["legs"][0]) >= {"from", "to", "distance_nm"}
    assert out["legs"][0]["from"] == "IN-BOM" and out["legs"][-1]["to"] == "RU-VVO"
    assert out["geometry"]["type"] == "LineString"
    assert out["geometry"]["coordinates"][0] == [72.84, 18.95]


def test_unconstrained_route_ignores_range(frigate) -> None:
    r = plan_route(origin=endpoint("IN-BOM"), destination=endpoint("RU-MMK"), ship=frigate, unconstrained=True)
    assert r.feasible and r.stops == () and len(r.legs) == 1


def test_lat_lon_text_parses_and_rejects_out_of_range() -> None:
    assert parse_lat_lon("18.95,72.84") == (18.95, 72.84)
    assert parse_lat_lon("IN-BOM") is None
    with pytest.raises(ValueError, match="latitude"):
        parse_lat_lon("95,10")


def test_endpoint_out_of_range_names_the_field() -> None:
    with pytest.raises(ValueError, match="lat"):
        Endpoint("bad", 100.0, 0.0)


def test_relos_points_make_petropavlovsk_reachable(indian_points, partner_points) -> None:
    destroyer = ShipClass("destroyer", range_nm=5500, cruise_speed_kn=16, reserve_fraction=0.15)
    alone = refuel_route(
        origin=endpoint("IN-BOM"), destination=endpoint("RU-PKC"), ship=destroyer, refuel_points=indian_points
    )
    with_relos = refuel_route(
        origin=endpoint("IN-BOM"),
        destination=endpoint("RU-PKC"),
        ship=destroyer,
        refuel_points=indian_points + partner_points,
    )
    assert not alone.feasible
    assert with_relos.feasible and "RU-VVO" in with_relos.stops


def test_route_to_the_same_place_is_empty_and_feasible(frigate) -> None:
    here = endpoint("IN-BOM")
    there = Endpoint("IN-BOM-2", here.lat, here.lon)
    r = refuel_route(origin=here, destination=there, ship=frigate, refuel_points=[])
    assert r.feasible and r.distance_nm == 0 and r.stops == ()
