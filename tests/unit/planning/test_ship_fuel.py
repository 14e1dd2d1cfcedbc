"""The ship-fuel table: the bundled one reads whole; a bad one is refused naming every field at fault."""

from __future__ import annotations

import pytest

from relos.domain.errors import InvalidInput
from relos.domain.facilities import ShipClass, ShipType
from relos.services.planning.ship_fuel import parse_ship_fuel, ship_fuel_table

TALWAR = ShipClass("talwar", "Talwar", "IND", ShipType.FRIGATE, displacement_t=4035, range_nm=4850)


def test_the_bundled_table_gives_deepaks_published_cargo_and_estimates_escorts() -> None:
    table = ship_fuel_table()
    deepak = ShipClass("deepak", "Deepak", "IND", ShipType.TANKER, displacement_t=27500)
    cargo = table.cargo(deepak, field="--tanker")
    assert cargo.tonnes == 15250 and not cargo.estimated and "stratpost.com" in cargo.basis
    capacity = table.capacity(TALWAR, field="--ship-class")
    assert capacity.estimated and capacity.tonnes == pytest.approx(4035 * table.capacity_share)


def test_a_published_capacity_replaces_the_estimate() -> None:
    text = """
[estimate]
capacity_share_of_displacement = 0.1
note = "assumed"
[[ships]]
class = "talwar"
fuel_capacity_t = 500
source = "a publisher, a title, 2020, https://example.org"
"""
    figure = parse_ship_fuel(text).capacity(TALWAR, field="--ship-class")
    assert (figure.tonnes, figure.estimated) == (500, False)


def test_without_displacement_or_capacity_or_cargo_the_class_is_refused_naming_the_option() -> None:
    table = ship_fuel_table()
    bare = ShipClass("bare", "Bare", "IND", ShipType.FRIGATE)
    with pytest.raises(InvalidInput) as caught:
        table.capacity(bare, field="--ship-class")
    assert caught.value.problems[0].field == "--ship-class"
    with pytest.raises(InvalidInput) as caught:
        table.cargo(TALWAR, field="--tanker")
    assert caught.value.problems[0].code == "tanker_no_cargo_fuel"


def test_a_bad_table_names_every_field_at_fault() -> None:
    text = """
[estimate]
capacity_share_of_displacement = 1.5
[[tankers]]
class = "deepak"
cargo_fuel_t = "lots"
"""
    with pytest.raises(InvalidInput) as caught:
        parse_ship_fuel(text)
    fields = {p.field for p in caught.value.problems}
    assert {"estimate.capacity_share_of_displacement", "estimate.note", "tankers[0].cargo_fuel_t"} <= fields
    assert "tankers[0].source" in fields
    with pytest.raises(InvalidInput, match="TOML"):
        parse_ship_fuel("[estimate")
