"""Categories of support an order may ask for, and the units each category is counted in.

The categories are the logistics-support-agreement family's list (LEMOA: food, water, billeting,
transportation, petroleum/oils/lubricants, clothing, communications, medical, storage, use of
facilities, training, spare parts, repair and maintenance, calibration, port services). Units are
a small closed table per category, so a litre of fuel is never ordered in bed-nights; conversions
between units (pint) are the services' business, the domain only checks the unit is allowed.
"""

from __future__ import annotations

from enum import StrEnum
from types import MappingProxyType


class Category(StrEnum):
    FOOD = "food"
    WATER = "water"
    BILLETING = "billeting"
    TRANSPORTATION = "transportation"
    POL = "petroleum_oils_lubricants"
    CLOTHING = "clothing"
    COMMUNICATIONS = "communications"
    MEDICAL = "medical"
    STORAGE = "storage"
    USE_OF_FACILITIES = "use_of_facilities"
    TRAINING = "training"
    SPARE_PARTS = "spare_parts"
    REPAIR_AND_MAINTENANCE = "repair_and_maintenance"
    CALIBRATION = "calibration"
    PORT_SERVICES = "port_services"


_COUNT = ("each", "lot")
_MASS = ("kg", "t")
_VOLUME = ("L", "m3")
_TIME = ("hour", "day")

#: The units each category may be ordered in (symbols as pint spells them where pint knows them).
UNITS: MappingProxyType[Category, frozenset[str]] = MappingProxyType(
    {
        Category.FOOD: frozenset((*_COUNT, *_MASS, "ration_day", "meal")),
        Category.WATER: frozenset((*_VOLUME, "t")),
        Category.BILLETING: frozenset(("bed_night", "person_day", *_COUNT)),
        Category.TRANSPORTATION: frozenset(("km", "vehicle_day", "trip", *_TIME, *_COUNT)),
        Category.POL: frozenset((*_VOLUME, *_MASS)),
        Category.CLOTHING: frozenset(_COUNT),
        Category.COMMUNICATIONS: frozenset(("channel_day", "GB", *_TIME, *_COUNT)),
        Category.MEDICAL: frozenset(("patient_day", "consultation", *_COUNT, *_MASS)),
        Category.STORAGE: frozenset(("m2_day", "m3_day", "pallet_day", *_COUNT)),
        Category.USE_OF_FACILITIES: frozenset(("berth_day", "stand_day", *_TIME, *_COUNT)),
        Category.TRAINING: frozenset(("course", "person_day", *_TIME, *_COUNT)),
        Category.SPARE_PARTS: frozenset(_COUNT),
        Category.REPAIR_AND_MAINTENANCE: frozenset(("man_hour", *_TIME, *_COUNT)),
        Category.CALIBRATION: frozenset(_COUNT),
        Category.PORT_SERVICES: frozenset(("berth_day", "tug_hour", "pilotage", "t", "m3", *_TIME, *_COUNT)),
    }
)


def category_of(value: object) -> Category | None:
    """The category named by `value`, or None when it names none."""
    try:
        return Category(str(value))
    except ValueError:
        return None


def unit_allowed(category: Category, unit: str) -> bool:
    return unit in UNITS[category]
