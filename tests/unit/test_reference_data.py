"""Consistency checks for the bundled reference data in ``relos/data/reference``.

The CSV files are read with the standard ``csv`` module only, so these tests pin the
files themselves, independent of any importer: ids, countries, coordinates, time zones,
kinds, sources, numbers and agreement references.
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pint
import pytest

import relos.data

REFERENCE_DIR = Path(relos.data.__file__).parent / "reference"

FACILITY_COLUMNS = [
    "id", "name_en", "name_local", "name_ru", "country", "kind", "lat", "lon", "timezone", "berths",
    "berth_max_length_m", "berth_max_draught_m", "aircraft_stands", "fuel_types",
    "fuel_capacity_m3", "water", "rations", "spares", "repair", "medical",
    "accommodation_beds", "open_under", "estimated", "source", "notes",
]  # fmt: skip
SHIP_COLUMNS = [
    "id", "name", "name_ru", "navy", "type", "displacement_t", "length_m", "beam_m", "draught_m",
    "range_nm", "range_speed_kn", "cruise_speed_kn", "max_speed_kn", "fuel_type", "crew",
    "ice_class", "estimated", "source", "notes",
]  # fmt: skip
AIRCRAFT_COLUMNS = [
    "id", "name", "operators", "role", "ferry_range_km", "range_km", "cruise_speed_kmh",
    "fuel_type", "crew", "estimated", "source", "notes",
]  # fmt: skip
FACTOR_COLUMNS = ["id", "description", "value", "unit", "climate", "source", "notes"]

# ISO 3166-1 alpha-3 -> alpha-2 for every country the data may name. A new country must be
# added here (checked against ISO 3166-1) before a record may use it.
ISO3_TO_ISO2 = {
    "RUS": "RU", "IND": "IN", "USA": "US", "UKR": "UA", "SYR": "SY", "IOT": "IO",
    "GBR": "GB", "MUS": "MU", "DJI": "DJ", "BHR": "BH", "JPN": "JP", "GUM": "GU",
    "FRA": "FR", "CHN": "CN", "SGP": "SG", "OMN": "OM", "VNM": "VN", "MDV": "MV", "LKA": "LK", "KOR": "KR",
}  # fmt: skip

FACILITY_KINDS = {"port", "naval_base", "airfield", "air_base"}
FUEL_TYPES = {"naval_distillate", "jet", "marine_fuel_oil", "diesel", "avgas"}
YES_NO_FIELDS = ("water", "rations", "spares", "repair", "medical")
KNOWN_AGREEMENTS = {"relos-ind-rus", "lemoa-ind-usa"}
SHIP_TYPES = {
    "frigate", "destroyer", "corvette", "cruiser", "carrier", "tanker", "landing_ship",
    "patrol", "submarine",
}  # fmt: skip
NAVIES = {"IND", "RUS", "USA"}
CLIMATES = {"temperate", "tropical", "arctic", "arid", "any"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FACILITY_ID = re.compile(r"^([A-Z]{2})-[A-Z0-9]{2,5}$")

FACILITY_NUMBERS = (
    "lat", "lon", "berths", "berth_max_length_m", "berth_max_draught_m", "aircraft_stands",
    "fuel_capacity_m3", "accommodation_beds",
)  # fmt: skip
SHIP_NUMBERS = (
    "displacement_t", "length_m", "beam_m", "draught_m", "range_nm", "range_speed_kn",
    "cruise_speed_kn", "max_speed_kn", "crew",
)  # fmt: skip
AIRCRAFT_NUMBERS = ("ferry_range_km", "range_km", "cruise_speed_kmh", "crew")


def _load(name: str, columns: list[str]) -> list[dict[str, str]]:
    path = REFERENCE_DIR / name
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == columns, f"{name}: header differs from the documented one"
        rows = list(reader)
    assert rows, f"{name} is empty"
    return rows


@pytest.fixture(scope="module")
def facilities() -> list[dict[str, str]]:
    return _load("facilities.csv", FACILITY_COLUMNS)


@pytest.fixture(scope="module")
def ships() -> list[dict[str, str]]:
    return _load("ship_classes.csv", SHIP_COLUMNS)


@pytest.fixture(scope="module")
def aircraft() -> list[dict[str, str]]:
    return _load("aircraft_types.csv", AIRCRAFT_COLUMNS)


@pytest.fixture(scope="module")
def factors() -> list[dict[str, str]]:
    return _load("planning_factors.csv", FACTOR_COLUMNS)


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return text.strip() == text and Decimal(text).is_finite()


def _split(text: str) -> list[str]:
    return [part for part in text.split(";") if part]


ALL_FILES = (
    ("facilities.csv", FACILITY_COLUMNS),
    ("ship_classes.csv", SHIP_COLUMNS),
    ("aircraft_types.csv", AIRCRAFT_COLUMNS),
    ("planning_factors.csv", FACTOR_COLUMNS),
)


@pytest.mark.parametrize(("name", "columns"), ALL_FILES)
def test_every_record_names_a_source(name: str, columns: list[str]) -> None:
    for line, row in enumerate(_load(name, columns), start=2):
        assert row["source"].strip(), f"{name} line {line}: empty source"


@pytest.mark.parametrize(("name", "columns"), ALL_FILES)
def test_ids_are_unique_within_each_file(name: str, columns: list[str]) -> None:
    ids = [row["id"] for row in _load(name, columns)]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"{name}: duplicate ids {duplicates}"


@pytest.mark.parametrize(("name", "columns"), ALL_FILES)
def test_cells_have_no_stray_whitespace(name: str, columns: list[str]) -> None:
    for line, row in enumerate(_load(name, columns), start=2):
        for column, value in row.items():
            assert value == value.strip(), f"{name} line {line}, {column}: stray whitespace"


@pytest.mark.parametrize(("name", "columns"), [entry for entry in ALL_FILES if "estimated" in entry[1]])
def test_estimated_names_real_columns_and_notes_give_the_basis(name: str, columns: list[str]) -> None:
    for line, row in enumerate(_load(name, columns), start=2):
        flagged = _split(row["estimated"])
        for column in flagged:
            assert column in columns, f"{name} line {line}: estimated names unknown {column!r}"
            assert row[column], f"{name} line {line}: {column} flagged estimated but empty"
        if flagged:
            assert row["notes"], f"{name} line {line}: estimate without a basis in notes"


def test_facility_ids_are_prefixed_by_the_country_alpha2(
    facilities: list[dict[str, str]],
) -> None:
    for line, row in enumerate(facilities, start=2):
        match = FACILITY_ID.match(row["id"])
        assert match, f"facilities.csv line {line}: id {row['id']!r} is not XX-CODE"
        assert row["country"] in ISO3_TO_ISO2, (
            f"facilities.csv line {line}: country {row['country']!r} is not a known alpha-3"
        )
        assert match.group(1) == ISO3_TO_ISO2[row["country"]], (
            f"facilities.csv line {line}: id prefix does not match country {row['country']}"
        )


def test_facility_coordinates_are_in_range_with_four_decimals(
    facilities: list[dict[str, str]],
) -> None:
    for line, row in enumerate(facilities, start=2):
        for column, limit in (("lat", 90), ("lon", 180)):
            text = row[column]
            assert re.fullmatch(r"-?\d{1,3}\.\d{4}", text), (
                f"facilities.csv line {line}, {column}: {text!r} is not decimal degrees, 4 places"
            )
            assert -limit <= Decimal(text) <= limit, f"facilities.csv line {line}, {column}"


def test_facility_time_zones_are_valid_iana_zones(facilities: list[dict[str, str]]) -> None:
    for line, row in enumerate(facilities, start=2):
        try:
            ZoneInfo(row["timezone"])
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise AssertionError(f"facilities.csv line {line}: timezone {row['timezone']!r}") from error


def test_facility_time_zones_fit_the_country(facilities: list[dict[str, str]]) -> None:
    russian = {
        "Europe/Kaliningrad", "Europe/Moscow", "Europe/Astrakhan", "Europe/Ulyanovsk",
        "Europe/Saratov", "Europe/Samara", "Asia/Yekaterinburg", "Asia/Omsk",
        "Asia/Krasnoyarsk", "Asia/Irkutsk", "Asia/Yakutsk", "Asia/Vladivostok",
        "Asia/Sakhalin", "Asia/Magadan", "Asia/Srednekolymsk", "Asia/Kamchatka", "Asia/Anadyr",
    }  # fmt: skip
    for line, row in enumerate(facilities, start=2):
        if row["country"] == "IND":
            assert row["timezone"] == "Asia/Kolkata", f"facilities.csv line {line}"
        if row["country"] == "RUS":
            assert row["timezone"] in russian, f"facilities.csv line {line}: {row['timezone']}"


def test_facility_kind_is_in_the_allowed_list(facilities: list[dict[str, str]]) -> None:
    for line, row in enumerate(facilities, start=2):
        assert row["kind"] in FACILITY_KINDS, f"facilities.csv line {line}: kind {row['kind']!r}"


def test_facility_numbers_are_numbers_or_empty(facilities: list[dict[str, str]]) -> None:
    for line, row in enumerate(facilities, start=2):
        for column in FACILITY_NUMBERS:
            value = row[column]
            assert value == "" or _is_number(value), f"facilities.csv line {line}, {column}"
            if value and column not in ("lat", "lon"):
                assert Decimal(value) >= 0, f"facilities.csv line {line}, {column} negative"


def test_facility_services_are_yes_no_or_empty(facilities: list[dict[str, str]]) -> None:
    for line, row in enumerate(facilities, start=2):
        for column in YES_NO_FIELDS:
            assert row[column] in ("", "yes", "no"), f"facilities.csv line {line}, {column}"


def test_facility_fuel_types_are_known(facilities: list[dict[str, str]]) -> None:
    for line, row in enumerate(facilities, start=2):
        for fuel in _split(row["fuel_types"]):
            assert fuel in FUEL_TYPES, f"facilities.csv line {line}: fuel type {fuel!r}"


def test_referenced_agreement_ids_are_known(facilities: list[dict[str, str]]) -> None:
    for line, row in enumerate(facilities, start=2):
        for agreement in _split(row["open_under"]):
            assert agreement in KNOWN_AGREEMENTS, f"facilities.csv line {line}: {agreement!r}"


def test_agreement_access_follows_the_host_country(facilities: list[dict[str, str]]) -> None:
    """A host's facilities are open under its agreements, except sensitive sites, closed by default."""
    for line, row in enumerate(facilities, start=2):
        access = set(_split(row["open_under"]))
        if "Sensitive site" in row["notes"]:
            assert access == set(), f"facilities.csv line {line}"
            continue
        if row["country"] == "RUS":
            assert access == {"relos-ind-rus"}, f"facilities.csv line {line}"
        if row["country"] == "IND":
            assert access == KNOWN_AGREEMENTS, f"facilities.csv line {line}"


def test_every_open_under_no_source_states_is_marked_assumed(facilities: list[dict[str, str]]) -> None:
    for line, row in enumerate(facilities, start=2):
        if row["open_under"]:
            assert "open_under" in _split(row["estimated"]), f"facilities.csv line {line}"
            assert "open_under assumed" in row["notes"], f"facilities.csv line {line}"


def test_sensitive_sites_are_closed_by_default(facilities: list[dict[str, str]]) -> None:
    closed = {row["id"] for row in facilities if "Sensitive site" in row["notes"] and not row["open_under"]}
    assert {"RU-GDZ", "RU-SDV", "RU-RGV", "RU-VLY"} <= closed


def test_catalogue_has_40_russian_20_indian_and_8_lemoa_facilities(
    facilities: list[dict[str, str]],
) -> None:
    by_country = [row["country"] for row in facilities]
    assert by_country.count("RUS") >= 40
    assert by_country.count("IND") >= 20
    lemoa_hosts = [
        row for row in facilities
        if "lemoa-ind-usa" in _split(row["open_under"]) and row["country"] != "IND"
    ]  # fmt: skip
    assert 8 <= len(lemoa_hosts) <= 12


def test_russian_facilities_have_a_cyrillic_local_name(facilities: list[dict[str, str]]) -> None:
    for line, row in enumerate(facilities, start=2):
        if row["country"] == "RUS":
            assert re.search(r"[А-Яа-яЁё]", row["name_local"]), f"facilities.csv line {line}"


def test_every_facility_has_a_russian_name_in_cyrillic(facilities: list[dict[str, str]]) -> None:
    for line, row in enumerate(facilities, start=2):
        name = row["name_ru"]
        assert re.search(r"[А-Яа-яЁё]", name) and not re.search(r"[A-Za-z]{4}", name), f"facilities.csv line {line}"


def test_every_ship_class_has_a_russian_name_in_cyrillic(ships: list[dict[str, str]]) -> None:
    for line, row in enumerate(ships, start=2):
        assert re.search(r"[А-Яа-яЁё]", row["name_ru"]), f"ship_classes.csv line {line}: name_ru {row['name_ru']!r}"


def test_ship_classes_have_known_navy_type_and_slug_id(ships: list[dict[str, str]]) -> None:
    for line, row in enumerate(ships, start=2):
        assert SLUG.match(row["id"]), f"ship_classes.csv line {line}: id {row['id']!r}"
        assert row["navy"] in NAVIES, f"ship_classes.csv line {line}: navy {row['navy']!r}"
        assert row["type"] in SHIP_TYPES, f"ship_classes.csv line {line}: type {row['type']!r}"


def test_ship_numbers_are_numbers_or_empty(ships: list[dict[str, str]]) -> None:
    for line, row in enumerate(ships, start=2):
        for column in SHIP_NUMBERS:
            value = row[column]
            assert value == "" or _is_number(value), f"ship_classes.csv line {line}, {column}"
        if row["range_speed_kn"]:
            assert row["range_nm"], f"ship_classes.csv line {line}: range speed without a range"


def test_required_ship_classes_are_present(ships: list[dict[str, str]]) -> None:
    ids = {row["id"] for row in ships}
    for required in ("talwar", "nilgiri-p17a", "shivalik", "kolkata", "steregushchiy",
                     "admiral-grigorovich", "udaloy", "arleigh-burke"):  # fmt: skip
        assert required in ids, f"ship class {required} missing"


def test_aircraft_operators_are_alpha3_and_numbers_are_numbers(
    aircraft: list[dict[str, str]],
) -> None:
    for line, row in enumerate(aircraft, start=2):
        assert SLUG.match(row["id"]), f"aircraft_types.csv line {line}: id {row['id']!r}"
        operators = _split(row["operators"])
        assert operators, f"aircraft_types.csv line {line}: no operators"
        for operator in operators:
            assert operator in ISO3_TO_ISO2, f"aircraft_types.csv line {line}: {operator!r}"
        for column in AIRCRAFT_NUMBERS:
            value = row[column]
            assert value == "" or _is_number(value), f"aircraft_types.csv line {line}, {column}"


def test_planning_factor_units_parse_with_pint_and_values_are_numbers(
    factors: list[dict[str, str]],
) -> None:
    registry = pint.UnitRegistry()
    registry.define("person = [person]")  # the README asks every consumer to define it
    for line, row in enumerate(factors, start=2):
        assert SLUG.match(row["id"]), f"planning_factors.csv line {line}: id {row['id']!r}"
        assert _is_number(row["value"]), f"planning_factors.csv line {line}: value"
        assert row["climate"] in CLIMATES, f"planning_factors.csv line {line}: climate"
        registry.parse_units(row["unit"])
