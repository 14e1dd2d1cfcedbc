"""The tanker arithmetic of a task group, rule by rule (relos.planning.reach.task_group)."""

from __future__ import annotations

import pytest

from relos.planning.inputs import ShipClass
from relos.planning.reach.task_group import (
    Escort,
    Tanker,
    TaskGroup,
    burn_rate,
    cargo_needed,
    cargo_stretched_leg,
    group_leg,
    group_speed,
)

#: Talwar: 4,850 nm at 14 kn, 30 % reserve (planning_factors.csv), 400 t of fuel (a test figure).
TALWAR = ShipClass("talwar", range_nm=4850, cruise_speed_kn=14, reserve_fraction=0.3, fuel_type="naval_distillate")
#: Deepak: 10,000 nm at 16 kn (StratPost, 21 January 2011), 30 % reserve.
DEEPAK = ShipClass("deepak", range_nm=10_000, cruise_speed_kn=16, reserve_fraction=0.3, stop_hours=24)


def escort(ship: ShipClass = TALWAR, count: int = 1, capacity: float = 400.0) -> Escort:
    return Escort(ship, count, capacity)


def test_burn_rate_is_capacity_over_range() -> None:
    assert burn_rate(485, 4850) == pytest.approx(0.1)
    with pytest.raises(ValueError, match="must be positive"):
        burn_rate(0, 4850)


def test_cargo_stretched_leg_with_one_class_adds_cargo_over_the_group_burn() -> None:
    two = [escort(count=2, capacity=485)]  # 0.1 t/nm each: 0.2 t/nm for the pair
    own = TALWAR.usable_range_nm  # 3,395 nm
    assert cargo_stretched_leg(two, 100.0) == pytest.approx(own + 100.0 / 0.2)
    assert cargo_stretched_leg(two, 0.0) == pytest.approx(own)  # no cargo: the escorts' own leg


def test_cargo_stretched_leg_tops_up_the_shortest_legged_escort_first() -> None:
    short = ShipClass("short", range_nm=2000, cruise_speed_kn=14, fuel_type="naval_distillate")  # 1 t/nm
    long_ = ShipClass("long", range_nm=3000, cruise_speed_kn=14, fuel_type="naval_distillate")  # 1 t/nm
    group = [Escort(long_, 1, 3000), Escort(short, 1, 2000)]
    assert cargo_stretched_leg(group, 500) == pytest.approx(2500)  # only the short one needs cargo
    assert cargo_stretched_leg(group, 1000) == pytest.approx(3000)  # the short one made up to the long one
    assert cargo_stretched_leg(group, 1400) == pytest.approx(3200)  # then both draw: 2 t/nm
    assert cargo_needed(group, cargo_stretched_leg(group, 1400)) == pytest.approx(1400)


def test_group_leg_is_bound_by_the_tanker_range_when_cargo_is_ample() -> None:
    tanker = Tanker(DEEPAK, cargo_fuel_t=15_250)  # StratPost, 21 January 2011
    leg, bound = group_leg([escort(count=4)], tanker)
    assert (leg, bound) == (pytest.approx(DEEPAK.usable_range_nm), "tanker_range")


def test_group_leg_is_bound_by_cargo_when_the_tanker_carries_little() -> None:
    tanker = Tanker(DEEPAK, cargo_fuel_t=200)
    leg, bound = group_leg([escort(count=4, capacity=485)], tanker)  # 0.4 t/nm
    assert bound == "cargo" and leg == pytest.approx(TALWAR.usable_range_nm + 200 / 0.4)


def test_group_speed_is_the_slowest_ships() -> None:
    assert group_speed([escort()], Tanker(DEEPAK, 1000)) == 14
    slow_tanker = ShipClass("slow", range_nm=8000, cruise_speed_kn=12)
    assert group_speed([escort()], Tanker(slow_tanker, 1000)) == 12


def test_group_as_one_ship_carries_the_leg_speed_fuel_and_longest_stop() -> None:
    group = TaskGroup((escort(count=2),), Tanker(DEEPAK, 15_250))
    ship = group.as_ship()
    assert ship.usable_range_nm == pytest.approx(7000) and ship.reserve_fraction == 0
    assert (ship.cruise_speed_kn, ship.fuel_type, ship.stop_hours) == (14, "naval_distillate", 24)
    data = group.to_json()
    assert data["bound_by"] == "tanker_range" and data["group_leg_nm"] == 7000.0
    assert data["escorts"][0]["burn_t_per_nm"] == pytest.approx(400 / 4850, abs=1e-4)
    assert data["cargo_used_per_leg_t"] == pytest.approx(2 * 400 / 4850 * (7000 - 3395), abs=0.1)


def test_escorts_of_different_fuels_cannot_share_one_tankers_cargo() -> None:
    diesel = ShipClass("diesel-ship", range_nm=3000, cruise_speed_kn=14, fuel_type="diesel")
    with pytest.raises(ValueError, match="same fuel"):
        TaskGroup((escort(), Escort(diesel, 1, 300)), Tanker(DEEPAK, 1000))


def test_bad_figures_are_refused_naming_the_field() -> None:
    with pytest.raises(ValueError, match="count"):
        escort(count=0)
    with pytest.raises(ValueError, match="fuel_capacity_t"):
        escort(capacity=0)
    with pytest.raises(ValueError, match="cargo_fuel_t"):
        Tanker(DEEPAK, -1)
    with pytest.raises(ValueError, match="at least one escort"):
        TaskGroup((), Tanker(DEEPAK, 1000))
