"""The reach comparison: own facilities / + agreement / + commercial ports / + tanker (relos.planning.reach.tiers)."""

from __future__ import annotations

import pytest
from planning_ports import PORTS, endpoint

from relos.planning.inputs import RefuelPoint, ShipClass
from relos.planning.reach.task_group import Escort, Tanker, TaskGroup
from relos.planning.reach.tiers import ReachComparison, Tier, compare_reach

#: Commercial bunkering ports of other states (positions from the NGA World Port Index).
COMMERCIAL = {
    "LK-CMB": (6.95, 79.85, "LKA"),  # Colombo
    "OM-SLL": (16.94, 54.0, "OMN"),  # Salalah
    "MU-PLU": (-20.15, 57.5, "MUS"),  # Port Louis
    "SG-SIN": (1.27, 103.83, "SGP"),  # Singapore
    "ZA-DUR": (-29.87, 31.03, "ZAF"),  # Durban
}
#: The published range, used whole (as `--range-nm 4850`): with a 30 % reserve no Russian port lies within one leg
#: of an Indian one, and the agreement adds nothing from Mumbai in 30 days.
TALWAR = ShipClass("talwar", range_nm=4850, cruise_speed_kn=14, fuel_type="F-76")
DEEPAK = ShipClass("deepak", range_nm=10_000, cruise_speed_kn=16, reserve_fraction=0.3, stop_hours=24)


@pytest.fixture(scope="module")
def compared() -> ReachComparison:
    places = {**PORTS, **COMMERCIAL}
    points = [RefuelPoint(i, lat, lon, c, frozenset({"F-76"})) for i, (lat, lon, c) in places.items()]
    opened = {
        i: Tier.OWN if c == "IND" else Tier.AGREEMENT if c == "RUS" else Tier.COMMERCIAL
        for i, (_, _, c) in places.items()
    }
    opened.pop("SY-TTS")  # a partner's facility no agreement opens: never a refuelling point
    group = TaskGroup((Escort(TALWAR, 2, 485),), Tanker(DEEPAK, 15_250))
    return compare_reach(
        home=endpoint("IN-BOM"), ship=TALWAR, days=30, points=points, opened_by=opened, commercial=True, group=group
    )


def test_each_tier_reaches_more_facilities_and_sea_than_the_one_before(compared: ReachComparison) -> None:
    assert [t.tier for t in compared.tiers] == [Tier.OWN, Tier.AGREEMENT, Tier.COMMERCIAL, Tier.TANKER]
    for before, after in zip(compared.tiers, compared.tiers[1:], strict=False):
        assert set(before.scenario.facilities) <= set(after.scenario.facilities)
        assert not (before.scenario.area & ~after.scenario.area).any()
        assert after.scenario.area.sum() > before.scenario.area.sum(), after.tier


def test_commercial_stops_are_flagged_as_needing_the_port_states_consent(compared: ReachComparison) -> None:
    rows = {r["id"]: r for r in compared.rows()}
    assert rows["LK-CMB"]["consent_needed"] and rows["LK-CMB"]["opened_by"] == "commercial"
    assert not rows["IN-VTZ"]["consent_needed"]
    assert rows["LK-CMB"]["arrival_h"]["agreement"] is not None  # reached in every tier, a refuelling stop only later
    via = [r for r in rows.values() if r["consent_stops"].get("commercial")]
    assert via and all(set(r["consent_stops"]["commercial"]) <= set(COMMERCIAL) for r in via)


def test_json_and_geojson_hold_every_tier(compared: ReachComparison) -> None:
    data = compared.to_json()
    assert [t["tier"] for t in data["tiers"]] == ["own", "agreement", "commercial", "tanker"]
    assert data["task_group"] is not None and data["task_group"]["bound_by"] == "tanker_range"
    assert data["tiers"][-1]["leg_nm"] == pytest.approx(7000)
    areas = [f["properties"]["tier"] for f in compared.geojson()["features"] if f["properties"]["kind"] == "sea_area"]
    assert areas == ["own", "agreement", "commercial", "tanker"]
    feats = compared.geojson()["features"]
    statuses = {
        f["properties"]["id"]: f["properties"]["status"] for f in feats if f["properties"]["kind"] == "facility"
    }
    assert statuses["IN-BOM"] == "home" and statuses["IN-VTZ"] == "own"


def test_without_commercial_ports_none_is_a_stop_and_the_tier_is_left_out() -> None:
    points = [RefuelPoint(i, lat, lon, c, frozenset({"F-76"})) for i, (lat, lon, c) in COMMERCIAL.items()]
    opened = dict.fromkeys(COMMERCIAL, Tier.COMMERCIAL)
    off = compare_reach(home=endpoint("IN-BOM"), ship=TALWAR, days=10, points=points, opened_by=opened)
    assert [t.tier for t in off.tiers] == [Tier.OWN, Tier.AGREEMENT]
    assert all(r["consent_stops"] == {k: [] for k in r["consent_stops"]} for r in off.rows())
    assert not any(r["consent_needed"] for r in off.rows())
