"""Fuel grades and what stands in for what: the bundled table, its checks, and which fuel a stop supplies."""

from __future__ import annotations

import pytest

from relos.domain.errors import InvalidInput
from relos.domain.facilities.fuels import SubstitutionBasis
from relos.services.facilities.fuel_grades import fuel_table, parse_fuel_table

GRADE = 'id = "{id}"\nname = "n"\nname_ru = "н"\nstandard = "s"\nsource = "{source}"\n'


def _grade(grade_id: str, source: str = "Publisher, Title, 2020, https://example.org") -> str:
    return "[[grades]]\n" + GRADE.format(id=grade_id, source=source)


def _sub(burns: str, takes: str, basis: str = "assumption") -> str:
    return f'[[substitutes]]\nburns = "{burns}"\ntakes = "{takes}"\nbasis = "{basis}"\nnote = "n"\nsource = "s"\n'


def test_the_bundled_table_names_every_catalogue_fuel_with_a_source() -> None:
    table = fuel_table()
    assert {g.id for g in table.grades} == {"naval_distillate", "diesel", "marine_fuel_oil", "jet", "avgas"}
    assert "F-76" in table.grade("naval_distillate").name  # type: ignore[union-attr]
    assert "DMA" in table.grade("diesel").name  # type: ignore[union-attr]


def test_a_ship_takes_its_own_grade_where_it_is_offered() -> None:
    supply = fuel_table().supply(burns="naval_distillate", offered=("diesel", "naval_distillate"))
    assert supply is not None and supply.takes == "naval_distillate" and supply.substitution is None


def test_marine_gas_oil_stands_in_for_f76_only_as_an_assumption_the_planner_can_switch_off() -> None:
    table = fuel_table()
    supply = table.supply(burns="naval_distillate", offered=("diesel",))
    assert supply is not None and supply.takes == "diesel" and supply.assumed
    assert table.supply(burns="naval_distillate", offered=("diesel",), assumed_allowed=False) is None


def test_residual_fuel_oil_never_stands_in_for_f76() -> None:
    assert fuel_table().supply(burns="naval_distillate", offered=("marine_fuel_oil",)) is None


def test_a_ship_whose_fuel_is_unknown_takes_what_is_offered() -> None:
    supply = fuel_table().supply(burns=None, offered=("diesel", "marine_fuel_oil"))
    assert supply is not None and supply.takes == "marine_fuel_oil"  # the first in the catalogue's order
    assert fuel_table().supply(burns=None, offered=()) is None


def test_a_sourced_substitute_is_preferred_to_an_assumed_one() -> None:
    text = _grade("naval_distillate") + _grade("diesel") + _grade("jet")
    text += _sub("naval_distillate", "diesel") + _sub("naval_distillate", "jet", "sourced")
    supply = parse_fuel_table(text).supply(burns="naval_distillate", offered=("diesel", "jet"))
    assert supply is not None and supply.takes == "jet"
    assert supply.substitution is not None and supply.substitution.basis is SubstitutionBasis.SOURCED


@pytest.mark.parametrize(
    ("text", "field", "code"),
    [
        (_grade("kerosene"), "grades[0].id", "unknown_fuel_grade"),
        (_grade("jet") + _grade("jet"), "grades[1].id", "duplicate_fuel_grade"),
        (_grade("jet", source=" "), "grades[0].source", "fuel_table_text_required"),
        (_grade("jet") + _sub("jet", "jet"), "substitutes[0].takes", "substitute_for_itself"),
        (_grade("jet") + _sub("jet", "avgas") + _sub("jet", "avgas"), "substitutes[1]", "duplicate_substitution"),
        (_grade("jet") + _sub("jet", "avgas", "rumour"), "substitutes[0].basis", "fuel_basis_unknown"),
        ("grades = [", "fuel_grades.toml", "fuel_table_not_toml"),
    ],
)
def test_a_bad_table_is_refused_naming_the_entry_and_field(text: str, field: str, code: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_fuel_table(text)
    assert (field, code) in {(p.field, p.code) for p in caught.value.problems}
