"""Sustainment estimates from the bundled planning factors: units, climate, cited factors, gaps."""

from __future__ import annotations

import csv
from decimal import Decimal
from importlib.resources import files

import pytest

from relos.planning.sustainment import (
    AircraftGroup,
    Deployment,
    Factor,
    ShipGroup,
    estimate,
    order_lines,
    unit_registry,
)


@pytest.fixture(scope="module")
def factors() -> dict[str, Factor]:
    text = files("relos.data").joinpath("reference/planning_factors.csv").read_text(encoding="utf-8")
    return {
        r["id"]: Factor(r["id"], Decimal(r["value"]), r["unit"], r["climate"])
        for r in csv.DictReader(text.splitlines())
    }


def _line(result, item):  # type: ignore[no-untyped-def]
    return next(line for line in result.lines if line.item == item)


def test_every_bundled_factor_unit_parses_with_person_defined(factors: dict[str, Factor]) -> None:
    ureg = unit_registry()
    for f in factors.values():
        ureg.Quantity(float(f.value), f.unit)


def test_water_is_climate_drinking_plus_hygiene_plus_cooking_per_person_day(factors: dict[str, Factor]) -> None:
    result = estimate(Deployment(days=10, climate="tropical", personnel=100), factors)
    water = _line(result, "water")
    assert water.quantity == Decimal("17000.0") and water.unit == "L"  # (5 + 6 + 6) L x 100 x 10
    assert water.factors == ("water-drinking-tropical", "water-hygiene-basic", "water-cooking-basic")


def test_a_climate_without_its_own_factor_uses_the_general_one_and_says_so(factors: dict[str, Factor]) -> None:
    result = estimate(Deployment(days=1, climate="arctic", personnel=1), factors)
    assert _line(result, "water").factors[0] == "water-drinking-survival"
    assert any("arctic" in g for g in result.gaps)


def test_crews_of_ships_and_aircraft_count_as_people(factors: dict[str, Factor]) -> None:
    d = Deployment(
        days=2,
        climate="temperate",
        personnel=10,
        ships=(ShipGroup("talwar", 2, 180, "frigate"),),
        aircraft=(AircraftGroup("su-30mki", 3, 2),),
    )
    result = estimate(d, factors)
    assert result.people == 10 + 360 + 6
    assert _line(result, "individual_rations").quantity == Decimal(376 * 3 * 2)
    assert _line(result, "ration_energy").quantity == Decimal(376 * 3600 * 2)


def test_ship_fuel_from_a_burn_factor_in_litres_else_a_gap(factors: dict[str, Factor]) -> None:
    d = Deployment(
        days=1,
        climate="temperate",
        ships=(ShipGroup("arleigh-burke", 1, 323, "destroyer", 10), ShipGroup("talwar", 1, 180, "frigate")),
    )
    result = estimate(d, factors)
    burke = _line(result, "fuel:arleigh-burke")
    assert burke.quantity == Decimal(round(1000 * 10 * 3.785411784)) and burke.factors == ("fuel-burn-destroyer-20kn",)
    assert _line(result, "fuel:talwar").quantity is None
    assert any("talwar" in g for g in result.gaps)


def test_order_lines_carry_category_quantity_unit_and_factors(factors: dict[str, Factor]) -> None:
    result = estimate(Deployment(days=3, climate="arid", personnel=5), factors)
    lines = order_lines(result)
    assert {line["item"] for line in lines} == {"water", "rations"}
    assert all(line["factors"] and Decimal(line["quantity"]) > 0 for line in lines)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"days": 0}, "days"), ({"climate": "lunar"}, "climate"), ({"personnel": -1}, "personnel")],
)
def test_bad_deployment_names_the_field(kwargs: dict[str, object], field: str) -> None:
    args: dict[str, object] = {"days": 1, "climate": "temperate"} | kwargs
    with pytest.raises(ValueError, match=f"^{field}:"):
        Deployment(**args)  # type: ignore[arg-type]
