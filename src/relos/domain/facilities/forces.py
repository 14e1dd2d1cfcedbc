"""Force data: ship classes and aircraft types, with their sources. Unknown figures are None."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class ShipType(StrEnum):
    FRIGATE = "frigate"
    DESTROYER = "destroyer"
    CORVETTE = "corvette"
    CRUISER = "cruiser"
    CARRIER = "carrier"
    TANKER = "tanker"
    LANDING_SHIP = "landing_ship"
    PATROL = "patrol"
    SUBMARINE = "submarine"


@dataclass(frozen=True)
class ShipClass:
    """A class of ship: dimensions, range at a speed, fuel and crew (slug id such as `talwar`)."""

    id: str
    name: str
    navy: str  # ISO alpha-3 of the operating navy
    type: ShipType
    displacement_t: float | None = None
    length_m: float | None = None
    beam_m: float | None = None
    draught_m: float | None = None
    range_nm: float | None = None
    range_speed_kn: float | None = None  # the speed at which range_nm applies
    cruise_speed_kn: float | None = None
    max_speed_kn: float | None = None
    fuel_type: str | None = None  # None: nuclear or unknown
    crew: int | None = None
    ice_class: str = ""
    estimated: tuple[str, ...] = ()
    source: str = ""
    notes: str = ""
    name_ru: str = ""  # the class's name in Russian ("" when none is recorded)


@dataclass(frozen=True)
class AircraftType:
    """A type of aircraft: ranges, speed, fuel and crew (slug id such as `su-30mki`)."""

    id: str
    name: str
    operators: tuple[str, ...]  # ISO alpha-3 codes
    role: str = ""
    ferry_range_km: float | None = None
    range_km: float | None = None
    cruise_speed_kmh: float | None = None
    fuel_type: str | None = None
    crew: int | None = None
    estimated: tuple[str, ...] = ()
    source: str = ""
    notes: str = ""


class Climate(StrEnum):
    TEMPERATE = "temperate"
    TROPICAL = "tropical"
    ARCTIC = "arctic"
    ARID = "arid"
    ANY = "any"


@dataclass(frozen=True)
class PlanningFactor:
    """A sourced planning figure, e.g. water per person per day in a climate."""

    id: str
    description: str
    value: Decimal
    unit: str  # e.g. L/person/day
    climate: Climate = Climate.ANY
    source: str = ""
    notes: str = ""
