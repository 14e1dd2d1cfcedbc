"""Sustainment estimates: the fuel, water and rations a deployment needs, from sourced planning factors.

A deployment is ships by class, aircraft by type, extra personnel, a number of days and a climate.
Each quantity is factor x people (or hours underway) x days, computed with units (pint, with the
custom unit ``person`` as the planning-factor data defines it) and citing the factor ids it used.
Where no factor exists (e.g. a ship class without a fuel-burn figure) the line says so rather than
guess; ``gaps`` lists what could not be estimated.

Factor choice (ids from planning_factors.csv):
- water per person per day = drinking water for the climate (``water-drinking-<climate>``, else the
  climate-independent ``water-drinking-survival``) + ``water-hygiene-basic`` + ``water-cooking-basic``;
- rations: energy ``ration-energy-routine`` (or ``ration-energy-intense``) and individual meals
  ``ration-individual-meals`` per person per day;
- ship fuel: a ``fuel-burn-<ship type>-...`` factor (volume per hour underway) when one exists.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NotRequired

import pint
from typing_extensions import TypedDict

CLIMATES = ("temperate", "tropical", "arctic", "arid")


class LineJson(TypedDict):
    """One estimated need: item, quantity (a decimal string, null when unknown) in ``unit``, factors, basis."""

    item: str
    quantity: str | None
    unit: str
    factors: list[str]
    basis: str


class OrderLineJson(TypedDict):
    """A draft support-order line: category (``fuel``, ``water``, ``rations``), estimate line, quantity, basis."""

    item: str
    detail: str
    quantity: str
    unit: str
    basis: str
    factors: list[str]


class EstimateJson(TypedDict):
    """A deployment's needs: people, days, the lines, the factor ids used, the gaps (and order lines if asked)."""

    people: int
    days: int
    climate: str
    lines: list[LineJson]
    factors: list[str]
    gaps: list[str]
    order_lines: NotRequired[list[OrderLineJson]]


@functools.lru_cache(maxsize=1)
def unit_registry() -> pint.UnitRegistry:  # type: ignore[type-arg]
    """A pint registry knowing ``person`` (as the planning-factor data's README defines it)."""
    ureg: pint.UnitRegistry = pint.UnitRegistry()  # type: ignore[type-arg]
    ureg.define("person = [person]")
    return ureg


@dataclass(frozen=True, slots=True)
class Factor:
    """A planning factor as the data gives it (``unit`` parseable by pint with ``person`` defined)."""

    id: str
    value: Decimal
    unit: str
    climate: str = "any"


@dataclass(frozen=True, slots=True)
class ShipGroup:
    """``count`` ships of a class: crew each, type (for the fuel factor), hours underway per day."""

    class_id: str
    count: int
    crew: int | None
    ship_type: str
    underway_hours_per_day: float = 24.0

    @property
    def label(self) -> str:
        return self.class_id


@dataclass(frozen=True, slots=True)
class AircraftGroup:
    type_id: str
    count: int
    crew: int | None

    @property
    def label(self) -> str:
        return self.type_id


@dataclass(frozen=True, slots=True)
class Deployment:
    """What is sent, for how long, where. ``personnel`` are people beyond the ships' and aircraft crews."""

    days: int
    climate: str
    ships: tuple[ShipGroup, ...] = ()
    aircraft: tuple[AircraftGroup, ...] = ()
    personnel: int = 0
    intense: bool = False

    def __post_init__(self) -> None:
        if self.days < 1:
            raise ValueError(f"days: must be at least 1, got {self.days}")
        if self.climate not in CLIMATES:
            raise ValueError(f"climate: {self.climate!r} is not one of {', '.join(CLIMATES)}")
        if self.personnel < 0:
            raise ValueError(f"personnel: must not be negative, got {self.personnel}")
        groups: list[ShipGroup | AircraftGroup] = [*self.ships, *self.aircraft]
        for g in groups:
            if g.count < 1:
                raise ValueError(f"count: {g.count} for {g.label} must be at least 1")


@dataclass(frozen=True, slots=True)
class Line:
    """One estimated need: what, how much (in ``unit``), and the factor ids and people it rests on."""

    item: str
    quantity: Decimal | None
    unit: str
    factors: tuple[str, ...]
    basis: str

    def to_json(self) -> LineJson:
        return {
            "item": self.item,
            "quantity": None if self.quantity is None else str(self.quantity),
            "unit": self.unit,
            "factors": list(self.factors),
            "basis": self.basis,
        }


@dataclass(frozen=True, slots=True)
class Estimate:
    """What a deployment needs: the people and days counted, the estimated lines and what could not be estimated."""

    people: int
    days: int
    climate: str
    lines: tuple[Line, ...]
    gaps: tuple[str, ...] = field(default=())

    @property
    def factor_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f for line in self.lines for f in line.factors))

    def to_json(self, *, with_order_lines: bool = False) -> EstimateJson:
        """The estimate and, with ``with_order_lines``, its draft support-order lines (``order_lines``)."""
        out: EstimateJson = {
            "people": self.people,
            "days": self.days,
            "climate": self.climate,
            "lines": [line.to_json() for line in self.lines],
            "factors": list(self.factor_ids),
            "gaps": list(self.gaps),
        }
        if with_order_lines:
            out["order_lines"] = list(order_lines(self))
        return out


def _q(factor: Factor) -> Any:
    ureg = unit_registry()
    return ureg.Quantity(float(factor.value), factor.unit)


def _amount(q: Any, unit: str, places: int = 1) -> Decimal:
    value = float(q.to(unit).magnitude)
    return Decimal(round(value)) if places == 0 else Decimal(str(round(value, places)))


def estimate(deployment: Deployment, factors: Mapping[str, Factor]) -> Estimate:
    """The needs of ``deployment`` from ``factors`` (by id); missing factors become gaps, never guesses."""
    ureg = unit_registry()
    d = deployment
    groups: list[ShipGroup | AircraftGroup] = [*d.ships, *d.aircraft]
    crews = [g.crew * g.count for g in groups if g.crew is not None]
    unknown_crew = [g.label for g in groups if g.crew is None]
    people = d.personnel + sum(crews)
    gaps = [f"crew of {u} is not recorded: not counted in the people" for u in unknown_crew]
    person_days = people * ureg.person * d.days * ureg.day
    basis = f"{people} people x {d.days} days"
    lines: list[Line] = []

    drinking = factors.get(f"water-drinking-{d.climate}") or factors.get("water-drinking-survival")
    water_parts = [f for f in (drinking, factors.get("water-hygiene-basic"), factors.get("water-cooking-basic")) if f]
    if water_parts:
        per_day = sum((_q(f) for f in water_parts[1:]), _q(water_parts[0]))
        lines.append(Line("water", _amount(per_day * person_days, "L"), "L", tuple(f.id for f in water_parts), basis))
        if drinking is not None and drinking.climate != d.climate:
            gaps.append(f"no drinking-water factor for the {d.climate} climate: {drinking.id} used")
    else:
        gaps.append("no water factor")

    energy = factors.get("ration-energy-intense" if d.intense else "ration-energy-routine")
    if energy is not None:
        lines.append(Line("ration_energy", _amount(_q(energy) * person_days, "kcal", 0), "kcal", (energy.id,), basis))
    else:
        gaps.append("no ration energy factor")
    meals = factors.get("ration-individual-meals")
    if meals is not None:
        count = (_q(meals) * person_days).to("dimensionless").magnitude
        lines.append(Line("individual_rations", Decimal(round(count)), "meals", (meals.id,), basis))

    for g in d.ships:
        burn = _burn_factor(factors, g.ship_type)
        if burn is None:
            lines.append(Line(f"fuel:{g.class_id}", None, "L", (), f"{g.count} x {g.class_id}"))
            gaps.append(f"no fuel-burn factor for {g.ship_type} ({g.class_id}): fuel not estimated")
            continue
        hours = g.count * g.underway_hours_per_day * d.days * ureg.hour
        lines.append(
            Line(
                f"fuel:{g.class_id}",
                _amount(_q(burn) * hours, "L", 0),
                "L",
                (burn.id,),
                f"{g.count} x {g.class_id} x {g.underway_hours_per_day:g} h/day underway x {d.days} days",
            )
        )
    for a in d.aircraft:
        gaps.append(f"no fuel factor for aircraft ({a.type_id}): fuel not estimated")
    return Estimate(people, d.days, d.climate, tuple(lines), tuple(gaps))


def _burn_factor(factors: Mapping[str, Factor], ship_type: str) -> Factor | None:
    prefix = f"fuel-burn-{ship_type}"
    for fid in sorted(factors):
        if fid.startswith(prefix):
            return factors[fid]
    return None


def order_lines(result: Estimate) -> Sequence[OrderLineJson]:
    """The estimate as draft support-order lines (one per estimated quantity; unknown ones left out).

    Each dict: ``{"item", "quantity", "unit", "basis", "factors"}`` with ``quantity`` a decimal string,
    ready for the orders area to turn into the lines of a draft support order.
    """
    category = {"water": "water", "ration_energy": "rations", "individual_rations": "rations"}
    return [
        {
            "item": category.get(line.item, "fuel"),
            "detail": line.item,
            "quantity": str(line.quantity),
            "unit": line.unit,
            "basis": line.basis,
            "factors": list(line.factors),
        }
        for line in result.lines
        if line.quantity is not None
    ]
