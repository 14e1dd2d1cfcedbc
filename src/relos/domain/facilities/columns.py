"""The columns of the four reference-data files — the one source of truth for their formats.

CSV headers, JSON keys, import checks, export and the docs (docs/facilities.md) follow these lists.
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from relos.domain.errors import Said
from relos.domain.facilities.countries import ALPHA3_TO_ALPHA2
from relos.domain.facilities.fields import Check, Column, ColumnType
from relos.domain.facilities.forces import Climate, ShipType
from relos.domain.facilities.model import FUEL_TYPES, HARBOUR_SIZES, FacilityKind

FACILITY_ID = re.compile(r"^([A-Z]{2})-[A-Z0-9]{2,8}$")
SLUG_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
AGREEMENT_ID = re.compile(r"^[a-z0-9-]+$")

T, INT, N, D, L, A = (
    ColumnType.TEXT,
    ColumnType.INTEGER,
    ColumnType.NUMBER,
    ColumnType.DECIMAL,
    ColumnType.LIST,
    ColumnType.AVAILABILITY,
)


def _facility_id(value: str) -> str | None:
    if not FACILITY_ID.match(value):
        return Said.of(
            "must_country_s_iso_alpha",
            "{value!r} must be the country's ISO alpha-2 code, '-', and 2-8 capitals or digits (e.g. RU-VVO)",
            value=value,
        )
    return None


def _slug_id(value: str) -> str | None:
    return (
        None
        if SLUG_ID.match(value) and len(value) <= 64
        else Said.of("must_lower_case_slug_e", "{value!r} must be a lower-case slug (e.g. talwar)", value=value)
    )


def _alpha3(value: str) -> str | None:
    if value not in ALPHA3_TO_ALPHA2:
        return Said.of(
            "not_assigned_iso_3166_1_2",
            "{value!r} is not an assigned ISO 3166-1 alpha-3 code (e.g. IND, RUS)",
            value=value,
        )
    return None


def _alpha3_list(values: tuple[str, ...]) -> str | None:
    return next((m for m in (_alpha3(v) for v in values) if m), None)


def _latitude(value: float) -> str | None:
    return (
        None
        if -90 <= value <= 90
        else Said.of("outside_90_90_degrees", "{value} is outside -90..90 degrees", value=value)
    )


def _longitude(value: float) -> str | None:
    return (
        None
        if -180 <= value <= 180
        else Said.of("outside_180_180_degrees", "{value} is outside -180..180 degrees", value=value)
    )


def _time_zone(value: str) -> str | None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return Said.of(
            "not_iana_time_zone_e", "{value!r} is not an IANA time zone (e.g. Asia/Vladivostok)", value=value
        )
    return None


def _agreement_ids(values: tuple[str, ...]) -> str | None:
    bad = [v for v in values if not AGREEMENT_ID.match(v)]
    return Said.of("not_agreement_id_z0_9", "{bad!r} is not an agreement id ([a-z0-9-]+)", bad=bad[0]) if bad else None


def _short_text(limit: int) -> tuple[Check, ...]:
    def check(value: str) -> str | None:
        return (
            None
            if len(value) <= limit
            else Said.of("longer_characters", "is longer than {limit} characters", limit=limit)
        )

    return (check,)


SOURCE = Column("source", T, required=True, help="citation of the public source(s)")
NOTES = Column("notes", T, help="free text: caveats, basis of estimates")
ESTIMATED = Column("estimated", L, help="';'-list of the columns that hold estimates (basis in notes)")

FACILITY_COLUMNS: tuple[Column, ...] = (
    Column("id", T, required=True, checks=(_facility_id,), help="country ISO alpha-2, '-', short code: RU-VVO"),
    Column("name_en", T, required=True, checks=_short_text(200), help="English name"),
    Column("name_local", T, checks=_short_text(200), help="name in the local language and script"),
    Column("name_ru", T, checks=_short_text(200), help="name in Russian, as Russian staff write it"),
    Column("country", T, required=True, checks=(_alpha3,), help="ISO 3166-1 alpha-3 of the territory"),
    Column("kind", T, required=True, choices=tuple(k.value for k in FacilityKind)),
    Column("lat", N, required=True, signed=True, unit="degrees", checks=(_latitude,), help="WGS84, south negative"),
    Column("lon", N, required=True, signed=True, unit="degrees", checks=(_longitude,), help="WGS84, west negative"),
    Column("timezone", T, required=True, checks=(_time_zone,), help="IANA time zone, e.g. Asia/Vladivostok"),
    Column("berths", INT, help="number of berths for warships"),
    Column("berth_max_length_m", N, unit="metres", help="longest ship the largest berth takes"),
    Column("berth_max_draught_m", N, unit="metres", help="deepest draught accepted alongside"),
    Column(
        "harbour_size",
        T,
        choices=HARBOUR_SIZES,
        help="the World Port Index's harbour size: very_small, small, medium or large",
    ),
    Column("aircraft_stands", INT, help="number of aircraft parking stands"),
    Column("fuel_types", L, choices=FUEL_TYPES, help="fuel types offered"),
    Column("fuel_capacity_m3", N, unit="cubic metres", help="fuel storage available to visitors"),
    Column("water", A),
    Column("rations", A),
    Column("spares", A),
    Column("repair", A, help="repair and maintenance"),
    Column("medical", A),
    Column("accommodation_beds", INT, help="beds for visiting personnel"),
    Column("open_under", L, checks=(_agreement_ids,), help="agreement ids under which the partner may use it"),
    ESTIMATED,
    SOURCE,
    NOTES,
)

SHIP_CLASS_COLUMNS: tuple[Column, ...] = (
    Column("id", T, required=True, checks=(_slug_id,), help="slug, e.g. talwar"),
    Column("name", T, required=True),
    Column("name_ru", T, checks=_short_text(200), help="the class's name in Russian"),
    Column("navy", T, required=True, checks=(_alpha3,), help="ISO alpha-3 of the navy"),
    Column("type", T, required=True, choices=tuple(t.value for t in ShipType)),
    Column("displacement_t", N, unit="tonnes", help="full-load displacement"),
    Column("length_m", N, unit="metres", help="overall length"),
    Column("beam_m", N, unit="metres"),
    Column("draught_m", N, unit="metres"),
    Column("range_nm", N, unit="nautical miles", help="range at range_speed_kn"),
    Column("range_speed_kn", N, unit="knots", help="speed at which range_nm applies"),
    Column("cruise_speed_kn", N, unit="knots"),
    Column("max_speed_kn", N, unit="knots"),
    Column("fuel_type", T, choices=FUEL_TYPES, help="empty for nuclear propulsion or unknown"),
    Column("crew", INT, help="complement"),
    Column("ice_class", T, help="e.g. Arc4; empty when none known"),
    ESTIMATED,
    SOURCE,
    NOTES,
)

AIRCRAFT_TYPE_COLUMNS: tuple[Column, ...] = (
    Column("id", T, required=True, checks=(_slug_id,), help="slug, e.g. su-30mki"),
    Column("name", T, required=True),
    Column("operators", L, required=True, checks=(_alpha3_list,), help="ISO alpha-3 codes of the operators"),
    Column("role", T),
    Column("ferry_range_km", N, unit="km", help="no payload, maximum fuel"),
    Column("range_km", N, unit="km", help="with the load stated in notes (fighters: internal fuel)"),
    Column("cruise_speed_kmh", N, unit="km/h"),
    Column("fuel_type", T, choices=FUEL_TYPES),
    Column("crew", INT, help="flight crew"),
    ESTIMATED,
    SOURCE,
    NOTES,
)

PLANNING_FACTOR_COLUMNS: tuple[Column, ...] = (
    Column("id", T, required=True, checks=(_slug_id,)),
    Column("description", T, required=True),
    Column("value", D, required=True, signed=True, help="exact decimal"),
    Column("unit", T, required=True, help="e.g. L/person/day"),
    Column("climate", T, choices=tuple(c.value for c in Climate), help="default any"),
    SOURCE,
    NOTES,
)
