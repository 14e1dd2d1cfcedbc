"""A task group with a replenishment tanker: how far the group steams between port calls.

The rules, each a function named after it (docs/planning.md#a-task-group-with-a-tanker):

- ``burn_rate``: an escort burns its fuel capacity over its range at the range's speed (tonnes per nm).
- ``cargo_stretched_leg``: the tanker's cargo fuel is shared so that every escort can steam the same, longest
  leg: the cargo makes up what each escort burns beyond its own usable range.
- ``group_leg``: the group's leg is the shorter of that and the tanker's own usable range (the tanker steams
  on its own bunkers; its cargo is for the escorts).
- ``group_speed``: the group steams at the slowest ship's speed.
- At a port call every ship, and the tanker's cargo, fill up again; a call lasts the longest stop of any ship.

The group is then routed like one ship (relos.planning.reach.search) whose usable range is the group's leg.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from typing_extensions import TypedDict

from relos.planning.inputs import ShipClass


@dataclass(frozen=True, slots=True)
class Escort:
    """Ships of one class in the group: ``count`` of them, each with ``fuel_capacity_t`` of bunkers.

    ``ship`` gives the range (and reserve), speed and fuel; ``capacity_estimated`` says the capacity is not a
    published figure.
    """

    ship: ShipClass
    count: int
    fuel_capacity_t: float
    capacity_estimated: bool = True

    def __post_init__(self) -> None:
        if self.count < 1:
            raise ValueError(f"escorts.{self.ship.name}.count: must be at least 1, got {self.count}")
        if not self.fuel_capacity_t > 0:
            raise ValueError(f"escorts.{self.ship.name}.fuel_capacity_t: must be positive, got {self.fuel_capacity_t}")


@dataclass(frozen=True, slots=True)
class Tanker:
    """The replenishment tanker: its own range (and reserve) and speed, and the fuel it carries as cargo."""

    ship: ShipClass
    cargo_fuel_t: float
    cargo_estimated: bool = False

    def __post_init__(self) -> None:
        if self.cargo_fuel_t < 0:
            raise ValueError(f"tanker.cargo_fuel_t: must not be negative, got {self.cargo_fuel_t}")


class EscortFuelJson(TypedDict):
    """One escort class of the group: its burn and its own usable range."""

    ship_class: str
    count: int
    fuel_capacity_t: float
    capacity_estimated: bool
    burn_t_per_nm: float
    own_leg_nm: float


class TaskGroupJson(TypedDict):
    """The tanker arithmetic: each escort's burn, the legs the cargo and the tanker allow, and which binds."""

    tanker: str
    cargo_fuel_t: float
    cargo_estimated: bool
    escorts: list[EscortFuelJson]
    cargo_leg_nm: float
    tanker_leg_nm: float
    group_leg_nm: float
    bound_by: Literal["cargo", "tanker_range"]
    cargo_used_per_leg_t: float
    speed_kn: float


def burn_rate(fuel_capacity_t: float, range_nm: float) -> float:
    """Tonnes burnt per nautical mile: the capacity over the range (both at the range's speed)."""
    if not fuel_capacity_t > 0 or not range_nm > 0:
        raise ValueError(f"burn rate: capacity {fuel_capacity_t} t and range {range_nm} nm must be positive")
    return fuel_capacity_t / range_nm


def cargo_needed(escorts: Sequence[Escort], leg_nm: float) -> float:
    """Cargo fuel (t) the escorts need from the tanker to steam ``leg_nm``: each one's burn beyond its own leg."""
    return sum(
        e.count * burn_rate(e.fuel_capacity_t, e.ship.range_nm) * max(0.0, leg_nm - e.ship.usable_range_nm)
        for e in escorts
    )


def cargo_stretched_leg(escorts: Sequence[Escort], cargo_t: float) -> float:
    """The longest leg every escort can steam when ``cargo_t`` is shared among them as each one needs.

    ``cargo_needed`` grows piecewise linearly with the leg, faster past each escort's own usable range: walk the
    ranges in order and solve within the piece where the cargo runs out.
    """
    if not escorts:
        raise ValueError("escorts: a task group needs at least one escort")
    legs = sorted(escorts, key=lambda e: e.ship.usable_range_nm)
    left = cargo_t
    leg = legs[0].ship.usable_range_nm
    burning = 0.0  # t/nm of the escorts already past their own range
    for i, escort in enumerate(legs):
        burning += escort.count * burn_rate(escort.fuel_capacity_t, escort.ship.range_nm)
        upto = legs[i + 1].ship.usable_range_nm if i + 1 < len(legs) else float("inf")
        step = upto - leg
        if burning * step >= left:
            return leg + left / burning
        left -= burning * step
        leg = upto
    raise AssertionError("unreachable: the last piece is unbounded")


def group_leg(escorts: Sequence[Escort], tanker: Tanker) -> tuple[float, Literal["cargo", "tanker_range"]]:
    """The group's longest leg between port calls, and what limits it."""
    by_cargo = cargo_stretched_leg(escorts, tanker.cargo_fuel_t)
    own = tanker.ship.usable_range_nm
    return (by_cargo, "cargo") if by_cargo <= own else (own, "tanker_range")


def group_speed(escorts: Sequence[Escort], tanker: Tanker) -> float:
    """The slowest ship's speed."""
    return min([tanker.ship.cruise_speed_kn, *(e.ship.cruise_speed_kn for e in escorts)])


@dataclass(frozen=True, slots=True)
class TaskGroup:
    """Escorts and their tanker, routed as one ship (``as_ship``)."""

    escorts: tuple[Escort, ...]
    tanker: Tanker

    def __post_init__(self) -> None:
        if not self.escorts:
            raise ValueError("escorts: a task group needs at least one escort")
        fuels = {e.ship.fuel_type for e in self.escorts}
        if len(fuels) > 1:
            names = ", ".join(f"{e.ship.name} ({e.ship.fuel_type or 'unknown'})" for e in self.escorts)
            raise ValueError(f"escorts: every escort must burn the same fuel for one tanker's cargo; got {names}")

    def as_ship(self) -> ShipClass:
        """The group as one ship: the group's leg as its usable range (no further reserve), the group's speed,
        the escorts' fuel (the grade a port must supply to fill them and the cargo), the longest stop."""
        leg, _ = group_leg(self.escorts, self.tanker)
        ships = [self.tanker.ship, *(e.ship for e in self.escorts)]
        return ShipClass(
            name="+".join([*(f"{e.ship.name}x{e.count}" for e in self.escorts), self.tanker.ship.name]),
            range_nm=leg,
            cruise_speed_kn=group_speed(self.escorts, self.tanker),
            fuel_type=self.escorts[0].ship.fuel_type,
            ice_class=all(s.ice_class for s in ships),
            stop_hours=max(s.stop_hours for s in ships),
        )

    def to_json(self) -> TaskGroupJson:
        leg, bound = group_leg(self.escorts, self.tanker)
        return {
            "tanker": self.tanker.ship.name,
            "cargo_fuel_t": self.tanker.cargo_fuel_t,
            "cargo_estimated": self.tanker.cargo_estimated,
            "escorts": [
                {
                    "ship_class": e.ship.name,
                    "count": e.count,
                    "fuel_capacity_t": round(e.fuel_capacity_t, 1),
                    "capacity_estimated": e.capacity_estimated,
                    "burn_t_per_nm": round(burn_rate(e.fuel_capacity_t, e.ship.range_nm), 4),
                    "own_leg_nm": round(e.ship.usable_range_nm, 1),
                }
                for e in self.escorts
            ],
            "cargo_leg_nm": round(cargo_stretched_leg(self.escorts, self.tanker.cargo_fuel_t), 1),
            "tanker_leg_nm": round(self.tanker.ship.usable_range_nm, 1),
            "group_leg_nm": round(leg, 1),
            "bound_by": bound,
            "cargo_used_per_leg_t": round(cargo_needed(self.escorts, leg), 1),
            "speed_kn": group_speed(self.escorts, self.tanker),
        }
