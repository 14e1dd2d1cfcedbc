"""Aircraft ferry routes over great-circle legs, with the airspace each leg crosses."""

from __future__ import annotations

import numpy as np
import pytest

from relos.planning.air_route import ferry_route
from relos.planning.earth.countries import country_shapes
from relos.planning.inputs import AircraftType, Endpoint, RefuelPoint

JET = AircraftType("fighter", ferry_range_nm=1600, cruise_speed_kn=450, fuel_type="JP-8", stop_hours=2)
AGRA = Endpoint("IN-AGR", 27.16, 77.96)
KUBINKA = Endpoint("RU-KBN", 55.61, 36.65)


def _field(fid: str, lat: float, lon: float, country: str, *, usable: bool = True) -> RefuelPoint:
    return RefuelPoint(fid, lat, lon, country, frozenset({"JP-8"}), usable=usable)


def test_ferry_route_hops_within_range_and_lists_countries() -> None:
    fields = [_field("IR-HMD", 35.21, 48.65, "IRN"), _field("KZ-AST", 51.02, 71.47, "KAZ")]
    r = ferry_route(origin=AGRA, destination=KUBINKA, aircraft=JET, airfields=fields)
    assert r.feasible, r.reason
    assert all(leg.distance_nm <= JET.ferry_range_nm for leg in r.legs)
    assert r.legs[0].countries[0] == "IND"
    assert r.legs[-1].countries[-1] == "RUS"
    assert r.duration_h is not None and r.distance_nm is not None
    assert r.duration_h == pytest.approx(r.distance_nm / 450 + 2 * len(r.stops))


def test_ferry_route_infeasible_when_no_usable_field_in_range() -> None:
    fields = [_field("KZ-AST", 51.02, 71.47, "KAZ", usable=False)]
    r = ferry_route(origin=AGRA, destination=KUBINKA, aircraft=JET, airfields=fields)
    assert not r.feasible and r.shortfall is not None and r.shortfall.beyond_nm > 0


def test_points_fall_in_the_right_country() -> None:
    shapes = country_shapes()
    lat = np.array([28.6, 55.75, 0.0, 48.85])
    lon = np.array([77.2, 37.6, -30.0, 2.35])
    idx = shapes.country_index(lat, lon)
    assert [shapes.iso3[i] if i >= 0 else None for i in idx] == ["IND", "RUS", None, "FRA"]
