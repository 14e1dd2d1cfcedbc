"""Which fuel each refuelling stop supplies to the ship, and whether the stop counts at all for the fuel it burns.

The facility offers grades (its ``fuel_types``); the ship burns one (its class's ``fuel_type``, unknown for a
``--range-nm`` ship without a class). The fuel table (relos/data/reference/fuel_grades.toml) says what may stand
in for what; assumed substitutions count only while the planner allows them (``assumed_fuels``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NotRequired

from typing_extensions import TypedDict

from relos.domain.facilities import Facility
from relos.domain.facilities.fuels import FuelSupply
from relos.services.facilities.fuel_grades import fuel_table
from relos.services.results import record


@record
class StopFuelJson(TypedDict):
    """One stop: the grades it offers, the grade the ship takes there, and the substitution used if any."""

    facility: str
    offered: list[str]
    takes: str
    substitute_for: NotRequired[str]
    substitution_basis: NotRequired[str]


def supply_at(facility: Facility, *, burns: str | None, assumed_fuels: bool) -> FuelSupply | None:
    """What ``facility`` supplies to a ship burning ``burns`` (None: nothing it can take)."""
    return fuel_table().supply(burns=burns, offered=facility.fuel_types, assumed_allowed=assumed_fuels)


def serving_fuels(facility: Facility, *, burns: str | None, assumed_fuels: bool) -> frozenset[str]:
    """The facility's grades as the routing engine should see them: with the ship's own grade added when a
    substitute stands in for it here, and none at all when nothing here serves the ship."""
    supply = supply_at(facility, burns=burns, assumed_fuels=assumed_fuels)
    if supply is None:
        return frozenset()
    extra = {burns} if burns is not None and supply.substitution is not None else set()
    return frozenset(facility.fuel_types) | extra


@dataclass(frozen=True)
class StopFuel:
    facility: Facility
    supply: FuelSupply

    def to_json(self) -> StopFuelJson:
        out: StopFuelJson = {
            "facility": self.facility.id,
            "offered": list(self.facility.fuel_types),
            "takes": self.supply.takes,
        }
        if self.supply.substitution is not None:
            out["substitute_for"] = self.supply.substitution.burns
            out["substitution_basis"] = self.supply.substitution.basis.value
        return out


def stop_fuels(
    stops: Sequence[str], facilities: Mapping[str, Facility], *, burns: str | None, assumed_fuels: bool
) -> tuple[StopFuel, ...]:
    """The fuel at each stop of a route, in order (a stop that is not a facility, or serves nothing, is left out)."""
    out = []
    for stop in stops:
        facility = facilities.get(stop)
        supply = supply_at(facility, burns=burns, assumed_fuels=assumed_fuels) if facility else None
        if facility is not None and supply is not None:
            out.append(StopFuel(facility, supply))
    return tuple(out)
