"""Reach within N days, with and without an agreement's refuelling points."""

from __future__ import annotations

import pytest
from planning_ports import endpoint

from relos.planning.inputs import RefuelPoint, ShipClass
from relos.planning.reach.search import reach


@pytest.fixture()
def long_legged() -> ShipClass:
    return ShipClass("destroyer", range_nm=5500, cruise_speed_kn=16, reserve_fraction=0.15, fuel_type="F-76")


def test_agreement_makes_new_facilities_reachable(long_legged, indian_points, partner_points) -> None:
    r = reach(home=endpoint("IN-BOM"), ship=long_legged, days=30, baseline=indian_points, added=partner_points)
    new = {g.id for g in r.gains if g.change == "newly_reachable"}
    assert new
    assert new.isdisjoint(r.without.facilities)
    assert new <= set(r.with_agreement.facilities)


def test_agreement_never_shrinks_reach(long_legged, indian_points, partner_points) -> None:
    r = reach(home=endpoint("IN-VTZ"), ship=long_legged, days=20, baseline=indian_points, added=partner_points)
    assert set(r.without.facilities) <= set(r.with_agreement.facilities)
    assert not (r.without.area & ~r.with_agreement.area).any()
    for fid, w in r.with_agreement.facilities.items():
        if fid in r.without.facilities:
            assert w.arrival_h <= r.without.facilities[fid].arrival_h + 1e-9


def test_reach_is_bounded_by_the_days(long_legged, indian_points) -> None:
    r = reach(home=endpoint("IN-BOM"), ship=long_legged, days=2, baseline=indian_points)
    assert all(f.arrival_h <= 48 for f in r.without.facilities.values())
    assert "IN-VTZ" not in r.without.facilities  # about 1,800 nm away: 4.7 days at 16 kn


def test_shortened_route_counts_hours_and_stops_saved(indian_points) -> None:
    ship = ShipClass("short", range_nm=1500, cruise_speed_kn=15, fuel_type="F-76", stop_hours=12)
    midway = RefuelPoint("LK-CMB", 6.95, 79.85, "LKA", frozenset({"F-76"}))  # Colombo
    r = reach(home=endpoint("IN-BOM"), ship=ship, days=20, baseline=indian_points, added=[midway])
    rows = {g.id: g.to_json() for g in r.gains}
    assert any(row["change"] == "shortened" for row in rows.values())  # round India, via Colombo
    for row in rows.values():
        if row["change"] == "shortened":
            assert row["hours_saved"] > 0 or row["stops_saved"] > 0


def test_json_and_geojson_describe_both_cases(long_legged, indian_points, partner_points) -> None:
    out = reach(
        home=endpoint("IN-BOM"), ship=long_legged, days=30, baseline=indian_points, added=partner_points
    ).to_json()
    assert {"home", "days", "without", "with", "added", "geojson"} <= set(out)
    kinds = {(f["properties"]["kind"], f["properties"].get("case")) for f in out["geojson"]["features"]}
    assert ("sea_area", "without") in kinds and ("sea_area", "added_by_agreement") in kinds
    assert any(f["properties"].get("status") == "newly_reachable" for f in out["geojson"]["features"])


def test_days_must_be_positive(long_legged, indian_points) -> None:
    with pytest.raises(ValueError, match="days"):
        reach(home=endpoint("IN-BOM"), ship=long_legged, days=0, baseline=indian_points)
