"""The facility catalogue and force data: facilities (ports, bases, airfields), ship classes,
aircraft types and planning factors — pure value objects, the columns of their files, the rules
that check them, the berth-fit check and great-circle search.
"""

from relos.domain.facilities.columns import (
    AIRCRAFT_TYPE_COLUMNS,
    FACILITY_COLUMNS,
    PLANNING_FACTOR_COLUMNS,
    SHIP_CLASS_COLUMNS,
)
from relos.domain.facilities.countries import ALPHA3_TO_ALPHA2, alpha2_of
from relos.domain.facilities.fields import Column, ColumnType
from relos.domain.facilities.forces import AircraftType, Climate, PlanningFactor, ShipClass, ShipType
from relos.domain.facilities.geo import KM_PER_NM, Nearby, haversine_km, nearest
from relos.domain.facilities.model import (
    FUEL_TYPES,
    SERVICES,
    Availability,
    BerthFit,
    Facility,
    FacilityKind,
    FitVerdict,
    berth_fit,
    is_open_to,
)
from relos.domain.facilities.records import (
    AIRCRAFT_TYPES,
    FACILITIES,
    PLANNING_FACTORS,
    SHIP_CLASSES,
    SPECS,
    RecordKind,
    RecordSpec,
    changed_fields,
    duplicate_id_problems,
    parse_record,
    record_problems,
    to_csv_row,
    to_json,
)

__all__ = [
    "AIRCRAFT_TYPES",
    "AIRCRAFT_TYPE_COLUMNS",
    "ALPHA3_TO_ALPHA2",
    "FACILITIES",
    "FACILITY_COLUMNS",
    "FUEL_TYPES",
    "KM_PER_NM",
    "PLANNING_FACTORS",
    "PLANNING_FACTOR_COLUMNS",
    "SERVICES",
    "SHIP_CLASSES",
    "SHIP_CLASS_COLUMNS",
    "SPECS",
    "AircraftType",
    "Availability",
    "BerthFit",
    "Climate",
    "Column",
    "ColumnType",
    "Facility",
    "FacilityKind",
    "FitVerdict",
    "Nearby",
    "PlanningFactor",
    "RecordKind",
    "RecordSpec",
    "ShipClass",
    "ShipType",
    "alpha2_of",
    "berth_fit",
    "changed_fields",
    "duplicate_id_problems",
    "haversine_km",
    "is_open_to",
    "nearest",
    "parse_record",
    "record_problems",
    "to_csv_row",
    "to_json",
]
