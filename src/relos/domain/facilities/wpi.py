"""The World Port Index (NGA Pub. 150) as facilities: the columns of its published CSV and how a row becomes
a port of the catalogue.

Column names are those of the CSV the National Geospatial-Intelligence Agency publishes
(UpdatedPub150.csv, https://msi.nga.mil/Publications/WPI). A port's facility id is its country's alpha-2
code, '-W' and its WPI number (RU-W12345); its country is the prefix of its UN/LOCODE, else the
"Country Code" column when that holds an ISO code; a row with neither is left out and reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from relos.domain.errors import FieldProblem
from relos.domain.facilities.countries import ALPHA3_TO_ALPHA2
from relos.domain.facilities.model import Availability, Facility, FacilityKind
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

SOURCE = "wpi"
NUMBER = "World Port Index Number"
NAME = "Main Port Name"
LOCODE = "UN/LOCODE"
COUNTRY = "Country Code"
LATITUDE, LONGITUDE = "Latitude", "Longitude"
LENGTH, DRAFT = "Maximum Vessel Length (m)", "Maximum Vessel Draft (m)"
HARBOR_SIZE, DRY_DOCK = "Harbor Size", "Dry Dock"
FUEL_OIL, DIESEL = "Supplies - Fuel Oil", "Supplies - Diesel Oil"
#: yes/no/unknown columns -> the facility service they tell.
SERVICES = {
    "Supplies - Potable Water": "water",
    "Supplies - Provisions": "rations",
    "Supplies - Engine": "spares",
    "Medical Facilities": "medical",
}
REPAIRS = "Repairs"
#: The columns an import reads; a file without any of them is refused whole.
COLUMNS: tuple[str, ...] = (NUMBER, NAME, LOCODE, COUNTRY, LATITUDE, LONGITUDE, LENGTH, DRAFT, HARBOR_SIZE)
COLUMNS += (DRY_DOCK, FUEL_OIL, DIESEL, *SERVICES, REPAIRS)

#: The facility fields a WPI row gives (its provenance).
FIELDS = (
    "name_en",
    "country",
    "lat",
    "lon",
    "timezone",
    "berth_max_length_m",
    "berth_max_draught_m",
    "harbour_size",
    "fuel_types",
    "water",
    "rations",
    "spares",
    "repair",
    "medical",
)

_YES_NO = {"yes": Availability.YES, "no": Availability.NO, "unknown": Availability.UNKNOWN, "": Availability.UNKNOWN}
_REPAIRS = {"major": "yes", "moderate": "yes", "limited": "yes", "emergency only": "yes", "none": "no"}


def _yes_no(row: Row, column: str, line: int, problems: list[FieldProblem]) -> Availability:
    raw = text(row, column)
    found = _YES_NO.get(raw.lower())
    if found is None:
        problems.append(
            FieldProblem.of(column, "wpi_not_yes_no", "{raw!r} is not Yes, No or Unknown", line=line, raw=raw)
        )
        return Availability.UNKNOWN
    return found


def _repairs(row: Row, line: int, problems: list[FieldProblem]) -> Availability:
    raw = text(row, REPAIRS)
    if raw.lower() in ("", "unknown"):
        return Availability.UNKNOWN
    if raw.lower() not in _REPAIRS:
        problems.append(
            FieldProblem.of(
                REPAIRS,
                "wpi_not_repair_code",
                "{raw!r} is not Major, Moderate, Limited, Emergency Only, None or Unknown",
                line=line,
                raw=raw,
            )
        )
        return Availability.UNKNOWN
    return Availability(_REPAIRS[raw.lower()])


#: The published words (and the letters of older editions) of "Harbor Size" -> the catalogue's harbour size.
_HARBOUR_SIZES = {
    "very small": "very_small",
    "v": "very_small",
    "small": "small",
    "s": "small",
    "medium": "medium",
    "m": "medium",
    "large": "large",
    "l": "large",
}


def _harbour_size(row: Row, line: int, problems: list[FieldProblem]) -> str:
    raw = text(row, HARBOR_SIZE)
    if raw.lower() in ("", "unknown"):
        return ""
    found = _HARBOUR_SIZES.get(raw.lower())
    if found is None:
        problems.append(
            FieldProblem.of(
                HARBOR_SIZE,
                "wpi_not_harbour_size",
                "{raw!r} is not Very Small, Small, Medium, Large or Unknown",
                line=line,
                raw=raw,
            )
        )
        return ""
    return found


def country_of(row: Row) -> str | None:
    """The alpha-2 code of the port's country: its UN/LOCODE's prefix, else an ISO code in "Country Code"."""
    locode = text(row, LOCODE).replace(" ", "").upper()
    if len(locode) == 5 and locode[:2] in ALPHA2_TO_ALPHA3:
        return locode[:2]
    code = text(row, COUNTRY).upper()
    if code in ALPHA2_TO_ALPHA3:
        return code
    return ALPHA3_TO_ALPHA2.get(code)


def _wpi_number(row: Row, line: int, problems: list[FieldProblem]) -> str | None:
    raw = text(row, NUMBER)
    digits = raw[:-2] if raw.endswith(".0") else raw  # a spreadsheet may write 12345.0
    if not digits.isdigit() or not 0 < int(digits) < 10**7:
        problems.append(
            FieldProblem.of(NUMBER, "wpi_not_port_number", "{raw!r} is not a WPI number", line=line, raw=raw)
        )
        return None
    return str(int(digits))


def read_row(
    row: Row, line: int, *, edition: str, timezone_of: TimeZoneOf, problems: list[FieldProblem]
) -> WorldRecord | str | None:
    """The port a row describes; a reason (text) when it is left out; None with `problems` grown when bad."""
    found: list[FieldProblem] = []
    number_ = _wpi_number(row, line, found)
    name = text(row, NAME)
    if not name or len(name) > 200:
        found.append(FieldProblem.of(NAME, "world_name_required", "must be 1 to 200 characters", line=line))
    lat = coordinate(row, LATITUDE, 90, line, found)
    lon = coordinate(row, LONGITUDE, 180, line, found)
    length, draught = number(row, LENGTH, line, found), number(row, DRAFT, line, found)
    services = {name_: _yes_no(row, column, line, found) for column, name_ in SERVICES.items()}
    fuel_oil, diesel = _yes_no(row, FUEL_OIL, line, found), _yes_no(row, DIESEL, line, found)
    repair = _repairs(row, line, found)
    harbour_size = _harbour_size(row, line, found)
    if found or number_ is None or lat is None or lon is None:
        problems.extend(found)
        return None
    alpha2 = country_of(row)
    if alpha2 is None:
        return f"line {line}: WPI {number_} ({name}): no ISO country in UN/LOCODE or Country Code"
    zone, zone_estimated = timezone_of(alpha2, lat, lon)
    fuels = tuple(
        f for f, offered in (("marine_fuel_oil", fuel_oil), ("diesel", diesel)) if offered is Availability.YES
    )
    notes = "; ".join(f"{label}: {value}" for label, value in (("dry dock", text(row, DRY_DOCK)),) if value)
    facility = Facility(
        id=f"{alpha2}-W{number_}",
        name_en=name,
        name_local="",
        country=ALPHA2_TO_ALPHA3[alpha2],
        kind=FacilityKind.PORT,
        lat=lat,
        lon=lon,
        timezone=zone,
        berth_max_length_m=length,
        berth_max_draught_m=draught,
        harbour_size=harbour_size,
        fuel_types=fuels,
        water=services["water"],
        rations=services["rations"],
        spares=services["spares"],
        repair=repair,
        medical=services["medical"],
        estimated=("timezone",) if zone_estimated else (),
        source=f"NGA World Port Index (Pub. 150), {edition}, WPI {number_}",
        notes=notes,
    )
    locode = text(row, LOCODE).replace(" ", "").upper()
    return WorldRecord(number_, line, facility, FIELDS, codes=(f"locode:{locode}",) if len(locode) == 5 else ())


def read_wpi(
    header: Sequence[str] | None, rows: Iterable[tuple[int, Row]], *, edition: str, timezone_of: TimeZoneOf
) -> tuple[WorldFile, list[FieldProblem]]:
    """Every port of the file and the rows left out, or the problems (each naming line and column)."""
    problems = missing_columns(header, COLUMNS)
    out = WorldFile(SOURCE)
    if problems:
        return out, problems
    for line, row in rows:
        made = read_row(row, line, edition=edition, timezone_of=timezone_of, problems=problems)
        if isinstance(made, WorldRecord):
            out.records.append(made)
        elif made is not None:
            out.skipped.append(made)
    problems.extend(duplicate_problems(out.records, NUMBER))
    return out, problems
