"""Great-circle distances and nearest-first search."""

from __future__ import annotations

import pytest

from relos.domain.facilities import Facility, FacilityKind, haversine_km, nearest


def at(fid: str, lat: float, lon: float) -> Facility:
    return Facility(fid, fid, "", "RUS", FacilityKind.PORT, lat, lon, "UTC", source="s")


def test_one_degree_of_the_equator_is_about_111_km() -> None:
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.195, abs=0.01)


def test_distance_across_the_antimeridian_is_short() -> None:
    assert haversine_km(0, 179.5, 0, -179.5) == pytest.approx(111.195, abs=0.01)


def test_distance_between_the_poles_is_half_the_circumference() -> None:
    assert haversine_km(90, 0, -90, 0) == pytest.approx(20_015.1, abs=1)


def test_nearest_orders_by_distance_and_limits() -> None:
    found = nearest(
        [at("RU-FAR", 50, 150), at("RU-NEAR", 43.2, 132), at("RU-MID", 45, 135)], lat=43.1, lon=131.9, limit=2
    )
    assert [n.facility.id for n in found] == ["RU-NEAR", "RU-MID"]
    assert found[0].distance_km < 20
