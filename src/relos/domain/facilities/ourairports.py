"""OurAirports (https://ourairports.com/data/) as facilities: the columns of its airports.csv and runways.csv
and how an airport becomes an airfield of the catalogue.

An airfield's facility id is its country's alpha-2 code, '-', and its ident without dashes (RU-UUEE, US-00AA);
an ident that does not fit (more than 8 letters and digits) uses 'A' and the OurAirports row id instead.
Only the types asked for are imported (by default large, medium and small airports); the longest open
runway of each, when runways.csv is given, is written in its notes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from relos.domain.errors import FieldProblem
from relos.domain.facilities.model import Facility, FacilityKind
from relos.domain.facilities.world import (
    ALPHA2_TO_ALPHA3,
    Row,
    TimeZoneOf,
    WorldFile,
    WorldRecord,
    coordinate,
    duplicate_problems,
    missing_columns,
    number,
    text,
)

SOURCE = "ourairports"
AIRPORT_COLUMNS = ("id", "ident", "type", "name", "latitude_deg", "longitude_deg", "iso_country", "gps_code")
RUNWAY_COLUMNS = ("airport_ref", "length_ft", "surface", "closed")
DEFAULT_TYPES = ("large_airport", "medium_airport", "small_airport")
TYPES = (*DEFAULT_TYPES, "heliport", "seaplane_base", "balloonport", "closed")
FIELDS = ("name_en", "country", "lat", "lon", "timezone")
FEET = 0.3048
_ID_PART = re.compile(r"^[A-Z0-9]{2,8}$")
_ICAO = re.compile(r"^[A-Z]{4}$")


def _row_id(row: Row, line: int, problems: list[FieldProblem]) -> str | None:
    raw = text(row, "id")
    if not raw.isdigit():
        problems.append(FieldProblem.of("id", "world_not_row_id", "{raw!r} is not a row id", line=line, raw=raw))
        return None
    return raw


def longest_runways(
    header: Sequence[str] | None, rows: Iterable[tuple[int, Row]]
) -> tuple[dict[str, tuple[float, str]], list[FieldProblem]]:
    """OurAirports airport id -> (longest open runway in metres, its surface), or the problems."""
    problems = missing_columns(header, RUNWAY_COLUMNS)
    longest: dict[str, tuple[float, str]] = {}
    if problems:
        return longest, problems
    for line, row in rows:
        ref = text(row, "airport_ref")
        if not ref.isdigit():
            problems.append(
                FieldProblem.of("airport_ref", "world_not_row_id", "{raw!r} is not a row id", line=line, raw=ref)
            )
        feet = number(row, "length_ft", line, problems)
        if feet is None or text(row, "closed") == "1":
            continue
        metres = round(feet * FEET)
        if metres > longest.get(ref, (0.0, ""))[0]:
            longest[ref] = (metres, text(row, "surface"))
    return longest, problems


def facility_id(alpha2: str, ident: str, row_id: str) -> str:
    part = ident.replace("-", "").upper()
    return f"{alpha2}-{part}" if _ID_PART.match(part) else f"{alpha2}-A{row_id}"


def read_airports(
    header: Sequence[str] | None,
    rows: Iterable[tuple[int, Row]],
    *,
    edition: str,
    timezone_of: TimeZoneOf,
    types: Sequence[str] = DEFAULT_TYPES,
    runways: dict[str, tuple[float, str]] | None = None,
) -> tuple[WorldFile, list[FieldProblem]]:
    """Every airport of the types asked for, the rows left out, or the problems (each naming line and column)."""
    problems = missing_columns(header, AIRPORT_COLUMNS)
    out = WorldFile(SOURCE)
    if problems:
        return out, problems
    wanted, left_out = set(types), 0
    for line, row in rows:
        found: list[FieldProblem] = []
        row_id, ident, name = _row_id(row, line, found), text(row, "ident"), text(row, "name")
        if not ident:
            found.append(FieldProblem.of("ident", "world_required", "is required", line=line))
        if not name or len(name) > 200:
            found.append(FieldProblem.of("name", "world_name_required", "must be 1 to 200 characters", line=line))
        kind = text(row, "type")
        if kind not in TYPES:
            found.append(
                FieldProblem.of(
                    "type", "world_not_airport_type", "{raw!r} is not an OurAirports type", line=line, raw=kind
                )
            )
        lat, lon = coordinate(row, "latitude_deg", 90, line, found), coordinate(row, "longitude_deg", 180, line, found)
        if found or row_id is None or lat is None or lon is None:
            problems.extend(found)
            continue
        if kind not in wanted:
            left_out += 1
            continue
        alpha2 = text(row, "iso_country").upper()
        if alpha2 not in ALPHA2_TO_ALPHA3:
            out.skipped.append(f"line {line}: {ident} ({name}): {alpha2!r} is not an assigned ISO country code")
            continue
        zone, zone_estimated = timezone_of(alpha2, lat, lon)
        runway = (runways or {}).get(row_id)
        notes = f"OurAirports type {kind}" + (
            f"; longest runway {runway[0]:.0f} m {runway[1]}".rstrip() if runway else ""
        )
        facility = Facility(
            id=facility_id(alpha2, ident, row_id),
            name_en=name,
            name_local="",
            country=ALPHA2_TO_ALPHA3[alpha2],
            kind=FacilityKind.AIRFIELD,
            lat=lat,
            lon=lon,
            timezone=zone,
            estimated=("timezone",) if zone_estimated else (),
            source=f"OurAirports, {edition}, {ident}",
            notes=notes,
        )
        codes = {f"icao:{c}" for c in (ident.upper(), text(row, "gps_code").upper()) if _ICAO.match(c)}
        out.records.append(WorldRecord(ident, line, facility, FIELDS, codes=tuple(sorted(codes))))
    if left_out:
        out.skipped.append(f"{left_out} rows of other types than {', '.join(types)}")
    problems.extend(duplicate_problems(out.records, "ident"))
    return out, problems
