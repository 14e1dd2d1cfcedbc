"""Reading the World Port Index and OurAirports files: what a row becomes, what refuses the whole file (each
problem naming line and column), what is left out, and the rule that keeps a curated value."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import pytest

from relos.domain.errors import InvalidInput
from relos.domain.facilities import Availability, Facility, FacilityKind
from relos.domain.facilities.world import KeptValue, WorldRecord, cited_codes, merge
from relos.services.facilities.timezones import timezone_of
from relos.services.facilities.world_import import read_ourairports_files, read_wpi_file

WORLD = Path(__file__).parents[2] / "fixtures" / "world"
WPI_TEXT = (WORLD / "wpi_sample.csv").read_text(encoding="utf-8")
AIRPORTS = (WORLD / "airports_sample.csv").read_text(encoding="utf-8")
RUNWAYS = (WORLD / "runways_sample.csv").read_text(encoding="utf-8")


def edited(text: str, line: int, column: str, value: str) -> str:
    """The CSV with one cell of a data line (2 = the first row after the header) replaced."""
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    rows[line - 2][column] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def without_column(text: str, column: str) -> str:
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    out = io.StringIO()
    writer = csv.DictWriter(out, [c for c in rows[0] if c != column], lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def problems_of(call: object) -> list[tuple[int | None, str, str]]:
    assert isinstance(call, InvalidInput)
    return [(p.line, p.field, p.code) for p in call.problems]


def refused(text: str) -> list[tuple[int | None, str, str]]:
    with pytest.raises(InvalidInput) as caught:
        read_wpi_file(text, edition="test")
    return problems_of(caught.value)


def test_a_wpi_row_becomes_a_port_with_its_supplies_and_limits() -> None:
    found = read_wpi_file(WPI_TEXT, edition="2026-11")
    by_number = {r.external_id: r for r in found.records}
    assert sorted(by_number) == ["99001", "99002", "99003"]
    vvo = by_number["99001"].facility
    assert (vvo.id, vvo.country, vvo.kind, vvo.lat, vvo.lon) == ("RU-W99001", "RUS", FacilityKind.PORT, 43.1, 131.9)
    assert (vvo.berth_max_length_m, vvo.berth_max_draught_m) == (300.0, 12.5)
    assert vvo.fuel_types == ("marine_fuel_oil", "diesel") and vvo.water is Availability.YES
    assert vvo.repair is Availability.YES and vvo.timezone == "Asia/Vladivostok"
    assert "2026-11" in vvo.source and "WPI 99001" in vvo.source
    mumbai = by_number["99002"].facility
    assert mumbai.berth_max_length_m is None and mumbai.spares is Availability.UNKNOWN
    assert by_number["99003"].codes == ("locode:RUMMK",)
    assert len(found.skipped) == 1 and "99004" in found.skipped[0]


def test_a_latitude_of_95_refuses_the_file_naming_line_and_column() -> None:
    assert refused(edited(WPI_TEXT, 3, "Latitude", "95")) == [(3, "Latitude", "world_outside_degrees")]


def test_a_draught_of_deep_refuses_the_file() -> None:
    found = refused(edited(WPI_TEXT, 4, "Maximum Vessel Draft (m)", "deep"))
    assert found == [(4, "Maximum Vessel Draft (m)", "world_not_number")]


def test_a_missing_column_refuses_the_file() -> None:
    assert refused(without_column(WPI_TEXT, "Maximum Vessel Length (m)")) == [
        (1, "Maximum Vessel Length (m)", "world_column_missing")
    ]


def test_a_repeated_wpi_number_refuses_the_file_naming_both_lines() -> None:
    with pytest.raises(InvalidInput) as caught:
        read_wpi_file(edited(WPI_TEXT, 3, "World Port Index Number", "99001"), edition="test")
    (problem,) = caught.value.problems
    assert (problem.line, problem.field, problem.code) == (3, "World Port Index Number", "world_duplicate")
    assert "line 2" in str(problem)


def test_every_bad_cell_is_named_at_once() -> None:
    text = edited(edited(WPI_TEXT, 2, "Supplies - Potable Water", "Plenty"), 4, "Repairs", "Some")
    assert refused(text) == [(2, "Supplies - Potable Water", "wpi_not_yes_no"), (4, "Repairs", "wpi_not_repair_code")]


def test_the_harbour_size_is_read_in_words_or_letters_and_a_bad_one_refuses_the_file() -> None:
    by_number = {r.external_id: r for r in read_wpi_file(WPI_TEXT, edition="t").records}
    assert (by_number["99001"].facility.harbour_size, by_number["99002"].facility.harbour_size) == ("large", "large")
    assert "harbour_size" in by_number["99001"].fields
    lettered = read_wpi_file(edited(edited(WPI_TEXT, 2, "Harbor Size", "V"), 3, "Harbor Size", ""), edition="t")
    assert [r.facility.harbour_size for r in lettered.records[:2]] == ["very_small", ""]
    assert refused(edited(WPI_TEXT, 3, "Harbor Size", "Huge")) == [(3, "Harbor Size", "wpi_not_harbour_size")]


def test_airports_of_the_types_asked_for_become_airfields_with_their_longest_open_runway() -> None:
    found = read_ourairports_files(AIRPORTS, edition="2026-12-01", runways=RUNWAYS)
    by_ident = {r.external_id: r.facility for r in found.records}
    assert sorted(by_ident) == ["IN-0001", "ULMV", "UUEE", "VOGO"]
    assert by_ident["UUEE"].id == "RU-UUEE" and by_ident["UUEE"].kind is FacilityKind.AIRFIELD
    assert "longest runway 3700 m CON" in by_ident["UUEE"].notes  # 12,139 ft
    assert "longest runway 3353 m ASP" in by_ident["VOGO"].notes  # the closed 14,000 ft runway left out
    assert by_ident["IN-0001"].id == "IN-IN0001"
    assert any("'XK'" in s for s in found.skipped) and any("other types" in s for s in found.skipped)
    heliports = read_ourairports_files(AIRPORTS, edition="x", types=("heliport",))
    assert [r.external_id for r in heliports.records] == ["RU-0001"]


def test_a_bad_runway_length_refuses_the_import() -> None:
    with pytest.raises(InvalidInput) as caught:
        read_ourairports_files(AIRPORTS, edition="x", runways=edited(RUNWAYS, 3, "length_ft", "long"))
    assert problems_of(caught.value) == [(3, "length_ft", "world_not_number")]


def test_a_repeated_ident_and_a_bad_longitude_refuse_the_airports() -> None:
    text = edited(edited(AIRPORTS, 3, "ident", "UUEE"), 4, "longitude_deg", "-200")
    with pytest.raises(InvalidInput) as caught:
        read_ourairports_files(text, edition="x")
    assert problems_of(caught.value) == [(4, "longitude_deg", "world_outside_degrees"), (3, "ident", "world_duplicate")]


def test_time_zones_exact_for_one_zone_countries_else_nearest_and_marked_estimated() -> None:
    assert timezone_of("IN", 15.38, 73.83) == ("Asia/Kolkata", False)
    assert timezone_of("RU", 43.1, 131.9) == ("Asia/Vladivostok", True)
    assert timezone_of("RU", 55.97, 37.41) == ("Europe/Moscow", True)


CURATED = Facility(
    "RU-MUR", "Murmansk port", "Мурманск", "RUS", FacilityKind.PORT, 68.9841, 33.061, "Europe/Moscow", source="s"
)


def offer(**changes: object) -> WorldRecord:
    facility = replace(CURATED, id="RU-W99003", name_local="", estimated=("timezone",), **changes)  # type: ignore[arg-type]
    return WorldRecord("99003", 4, facility, ("name_en", "lat", "lon", "timezone", "berth_max_length_m"))


def test_a_curated_value_is_kept_and_reported_unless_overwriting_is_asked() -> None:
    incoming = offer(lat=68.97, berth_max_length_m=250.0, timezone="Europe/Kirov")
    kept_facility, taken, kept = merge(CURATED, incoming, curated=True, overwrite_curated=False)
    assert kept_facility == CURATED and set(taken) == {"name_en", "lon"}
    assert [str(k) for k in kept] == [
        "RU-MUR: kept curated lat 68.9841, source says 68.97",
        "RU-MUR: kept curated berth_max_length_m unknown, source says 250.0",
    ]  # the estimated time zone is not offered against a recorded one
    taken_over, taken, kept = merge(CURATED, incoming, curated=True, overwrite_curated=True)
    assert (taken_over.id, taken_over.lat, taken_over.berth_max_length_m, taken_over.name_local) == (
        "RU-MUR",
        68.97,
        250.0,
        "Мурманск",
    )
    assert kept == [] and "lat" in taken


def test_a_kept_value_nobody_recorded_is_said_to_be_unknown_whatever_its_empty_form() -> None:
    said = [str(KeptValue("IN-BOM", "harbour_size", empty, "large")) for empty in (None, "", ())]
    assert said == ["IN-BOM: kept curated harbour_size unknown, source says large"] * 3


def test_a_record_an_import_made_is_replaced_keeping_its_id_and_access() -> None:
    stored = replace(CURATED, id="RU-W99003", open_under=("relos-ind-rus",))
    after, _, kept = merge(stored, offer(lat=68.97), curated=False, overwrite_curated=False)
    assert (after.id, after.lat, after.open_under, kept) == ("RU-W99003", 68.97, ("relos-ind-rus",), [])


def test_a_code_cited_by_one_curated_facility_finds_it_and_one_cited_by_two_finds_none() -> None:
    a = replace(CURATED, notes="ICAO ULMV; UN/LOCODE RU MMK")
    b = replace(CURATED, id="RU-SV1", notes="near ICAO ULMV")
    assert cited_codes([a, b]) == {"locode:RUMMK": "RU-MUR"}
