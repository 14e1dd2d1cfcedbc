"""The bundled ship-fuel table (relos/data/reference/ship_fuel.toml): each escort class's bunker capacity (published,
else estimated from its displacement) and each replenishment tanker's cargo fuel, read once and checked whole.

A table with a problem is refused naming every problem (field and reason), never half-read.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from relos.domain.errors import FieldProblem, InvalidInput
from relos.domain.facilities import ShipClass as CatalogueShip

SHIP_FUEL_FILE = "ship_fuel.toml"


@dataclass(frozen=True)
class FuelFigure:
    """Tonnes of fuel, where the figure comes from and whether it is estimated."""

    tonnes: float
    estimated: bool
    basis: str


@dataclass(frozen=True)
class ShipFuelTable:
    """Published bunker capacities and tanker cargoes by class id, and the share used to estimate the rest."""

    capacity_share: float
    estimate_note: str
    capacities: dict[str, FuelFigure]
    cargoes: dict[str, FuelFigure]

    def capacity(self, ship: CatalogueShip, *, field: str) -> FuelFigure:
        """The class's bunker capacity: published, else the share of its full-load displacement (estimated)."""
        if ship.id in self.capacities:
            return self.capacities[ship.id]
        if ship.displacement_t is None:
            raise InvalidInput.of(
                field,
                "ship_fuel_no_displacement",
                "class {class_id} records neither its fuel capacity nor its displacement to estimate it from",
                class_id=ship.id,
            )
        return FuelFigure(ship.displacement_t * self.capacity_share, True, self.estimate_note)

    def cargo(self, tanker: CatalogueShip, *, field: str) -> FuelFigure:
        """The tanker's cargo fuel; a class without a recorded cargo is refused naming ``field``."""
        found = self.cargoes.get(tanker.id)
        if found is None:
            raise InvalidInput.of(
                field,
                "tanker_no_cargo_fuel",
                "class {class_id} records no cargo fuel: it cannot refuel escorts at sea",
                class_id=tanker.id,
            )
        return found


def _tonnes(entry: dict[str, Any], key: str, where: str, problems: list[FieldProblem]) -> float:
    value = entry.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        problems.append(FieldProblem.of(f"{where}.{key}", "ship_fuel_not_positive", "must be a positive number"))
        return 0.0
    return float(value)


def _text(entry: dict[str, Any], key: str, where: str, problems: list[FieldProblem]) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(FieldProblem.of(f"{where}.{key}", "ship_fuel_text_required", "must be a non-empty text"))
        return ""
    return value.strip()


def _figures(data: dict[str, Any], section: str, key: str, problems: list[FieldProblem]) -> dict[str, FuelFigure]:
    out: dict[str, FuelFigure] = {}
    for i, entry in enumerate(data.get(section, [])):
        where = f"{section}[{i}]"
        class_id = _text(entry, "class", where, problems)
        tonnes = _tonnes(entry, key, where, problems)
        source = _text(entry, "source", where, problems)
        if class_id in out:
            problems.append(
                FieldProblem.of(
                    f"{where}.class", "ship_fuel_duplicate", "{class_id} is listed twice", class_id=class_id
                )
            )
        out[class_id] = FuelFigure(tonnes, False, source)
    return out


def parse_ship_fuel(text: str, *, source: str = SHIP_FUEL_FILE) -> ShipFuelTable:
    """The table in ``text`` (TOML: [estimate], [[ships]], [[tankers]]), or InvalidInput naming every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput.of(source, "ship_fuel_not_toml", "is not TOML: {reason}", reason=str(exc)) from None
    problems: list[FieldProblem] = []
    estimate = data.get("estimate", {})
    share = _tonnes(estimate, "capacity_share_of_displacement", "estimate", problems)
    if share >= 1:
        problems.append(
            FieldProblem.of("estimate.capacity_share_of_displacement", "ship_fuel_share_above_one", "must be below 1")
        )
    note = _text(estimate, "note", "estimate", problems)
    table = ShipFuelTable(
        share,
        note,
        _figures(data, "ships", "fuel_capacity_t", problems),
        _figures(data, "tankers", "cargo_fuel_t", problems),
    )
    if problems:
        raise InvalidInput(problems)
    return table


@cache
def ship_fuel_table() -> ShipFuelTable:
    """The bundled table (read once)."""
    text = resources.files("relos.data").joinpath("reference", SHIP_FUEL_FILE).read_text(encoding="utf-8")
    return parse_ship_fuel(text)
