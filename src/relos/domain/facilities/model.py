"""A facility of the catalogue (port, naval base, airfield, air base) and what it offers a visitor.

Unknown values are None (or Availability.UNKNOWN): the catalogue never guesses. A value that is an
estimate names its field in `estimated`; the basis is in `notes`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FacilityKind(StrEnum):
    PORT = "port"
    NAVAL_BASE = "naval_base"
    AIRFIELD = "airfield"  # civil or shared
    AIR_BASE = "air_base"  # military


class Availability(StrEnum):
    """Whether a service (water, rations, spares, repair, medical) is offered."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


#: The fuel types the catalogue names (facilities offer them; ships and aircraft burn them).
FUEL_TYPES = ("naval_distillate", "jet", "marine_fuel_oil", "diesel", "avgas")

#: A port's harbour size as the World Port Index grades it (NGA Pub. 150), smallest first; "" when not recorded.
HARBOUR_SIZES = ("very_small", "small", "medium", "large")

#: The services recorded as yes / no / unknown.
SERVICES = ("water", "rations", "spares", "repair", "medical")


@dataclass(frozen=True)
class Facility:
    """One facility. `id` is the country's ISO alpha-2 code, '-', and a short code (RU-VVO)."""

    id: str
    name_en: str
    name_local: str
    country: str  # ISO 3166-1 alpha-3 of the territory
    kind: FacilityKind
    lat: float
    lon: float
    timezone: str  # IANA name
    name_ru: str = ""  # the name in Russian ("" when none is recorded: a Russian page then shows the English)
    berths: int | None = None
    berth_max_length_m: float | None = None
    berth_max_draught_m: float | None = None
    harbour_size: str = ""  # one of HARBOUR_SIZES, "" when not recorded
    aircraft_stands: int | None = None
    fuel_types: tuple[str, ...] = ()
    fuel_capacity_m3: float | None = None
    water: Availability = Availability.UNKNOWN
    rations: Availability = Availability.UNKNOWN
    spares: Availability = Availability.UNKNOWN
    repair: Availability = Availability.UNKNOWN
    medical: Availability = Availability.UNKNOWN
    accommodation_beds: int | None = None
    open_under: tuple[str, ...] = ()  # agreement ids opening it to the partner
    estimated: tuple[str, ...] = ()  # names of the fields holding estimates
    source: str = ""
    notes: str = ""

    @property
    def name(self) -> str:
        return self.name_en

    @property
    def russian_name(self) -> str:
        """The name in Russian where one is recorded (a Russian facility's local name is Russian); "" when none."""
        return self.name_ru or (self.name_local if self.country == "RUS" else "")

    def is_estimate(self, field_name: str) -> bool:
        return field_name in self.estimated

    def offers_fuel(self, fuel_type: str) -> bool:
        return fuel_type in self.fuel_types

    def berth_fit(self, *, length_m: float, draught_m: float) -> BerthFit:
        """Does a ship of this length and draught fit a berth here? (see `berth_fit`)."""
        return berth_fit(self, length_m=length_m, draught_m=draught_m)


class FitVerdict(StrEnum):
    FITS = "fits"
    DOES_NOT_FIT = "does_not_fit"
    UNKNOWN = "unknown"  # a limit the answer depends on is not recorded


@dataclass(frozen=True)
class BerthFit:
    verdict: FitVerdict
    reasons: tuple[str, ...] = ()

    @property
    def fits(self) -> bool:
        return self.verdict is FitVerdict.FITS

    @property
    def refused(self) -> bool:
        """Definitely does not fit (an unknown limit is not a refusal)."""
        return self.verdict is FitVerdict.DOES_NOT_FIT


def berth_fit(facility: Facility, *, length_m: float, draught_m: float) -> BerthFit:
    """Whether a ship of `length_m` overall length and `draught_m` draught fits a berth at `facility`.

    DOES_NOT_FIT when the facility has no berths, or a recorded limit is exceeded (each reason named);
    UNKNOWN when no limit is exceeded but the berth count or a limit is not recorded; else FITS.
    """
    refusals: list[str] = []
    unknowns: list[str] = []
    if facility.berths == 0:
        refusals.append(f"{facility.id} has no berths")
    elif facility.berths is None:
        unknowns.append(f"the number of berths at {facility.id} is not recorded")
    limit_l = facility.berth_max_length_m
    if limit_l is None:
        unknowns.append(f"the longest ship a berth at {facility.id} takes is not recorded")
    elif length_m > limit_l:
        refusals.append(f"length {length_m:g} m exceeds the berth maximum of {limit_l:g} m at {facility.id}")
    limit_d = facility.berth_max_draught_m
    if limit_d is None:
        unknowns.append(f"the deepest draught alongside at {facility.id} is not recorded")
    elif draught_m > limit_d:
        refusals.append(f"draught {draught_m:g} m exceeds the berth maximum of {limit_d:g} m at {facility.id}")
    if refusals:
        return BerthFit(FitVerdict.DOES_NOT_FIT, tuple(refusals))
    if unknowns:
        return BerthFit(FitVerdict.UNKNOWN, tuple(unknowns))
    return BerthFit(FitVerdict.FITS)


def is_open_to(facility: Facility, *, party: str, agreement_id: str, agreement_parties: tuple[str, str]) -> bool:
    """May `party` use `facility` under the agreement? It must be party to it, the agreement must be in the
    facility's open_under, and the facility must not be in the party's own territory (that is not access
    under an agreement). Whether the agreement is in force is the caller's question."""
    return agreement_id in facility.open_under and party in agreement_parties and facility.country != party
