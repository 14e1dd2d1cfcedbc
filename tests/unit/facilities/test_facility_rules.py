"""The rules an imported facility file must pass: each problem names its line and column."""

from __future__ import annotations

import pytest

from relos.domain.errors import FieldProblem, InvalidInput
from relos.domain.facilities import (
    FACILITIES,
    Availability,
    Facility,
    FacilityKind,
    parse_record,
    record_problems,
)
from relos.services.facilities.files import FileFormat, read_records, write_records

HEADER = "id,name_en,name_local,country,kind,lat,lon,timezone,berth_max_draught_m,berths,source"
GOOD = "RU-VVO,Vladivostok,Владивосток,RUS,naval_base,43.11,131.89,Asia/Vladivostok,9.5,4,Wikipedia"


def problems_of(*rows: str, header: str = HEADER) -> list[FieldProblem]:
    with pytest.raises(InvalidInput) as caught:
        read_records(FACILITIES, "\n".join([header, *rows]) + "\n", file_format=FileFormat.CSV)
    return caught.value.problems


def only(problems: list[FieldProblem]) -> FieldProblem:
    assert len(problems) == 1, problems
    return problems[0]


def test_a_good_row_reads_into_a_facility() -> None:
    [item] = read_records(FACILITIES, f"{HEADER}\n{GOOD}\n", file_format=FileFormat.CSV)
    f = item.record
    assert (f.id, f.kind, f.lat, f.lon, f.berths, f.berth_max_draught_m) == (
        "RU-VVO",
        FacilityKind.NAVAL_BASE,
        43.11,
        131.89,
        4,
        9.5,
    )
    assert f.water is Availability.UNKNOWN and f.berth_max_length_m is None and item.line == 2


def test_rejects_latitude_outside_90() -> None:
    p = only(problems_of(GOOD.replace("43.11", "91.5")))
    assert (p.line, p.field) == (2, "lat") and "-90..90" in p.message


def test_rejects_longitude_outside_180() -> None:
    p = only(problems_of(GOOD.replace("131.89", "-180.5")))
    assert (p.line, p.field) == (2, "lon")


def test_rejects_unknown_time_zone() -> None:
    p = only(problems_of(GOOD.replace("Asia/Vladivostok", "Asia/Atlantis")))
    assert (p.line, p.field) == (2, "timezone") and "IANA" in p.message


def test_rejects_duplicate_id_naming_both_lines() -> None:
    p = only(problems_of(GOOD, GOOD.replace("Vladivostok,", "Vladivostok again,", 1)))
    assert (p.line, p.field) == (3, "id") and "line 2" in p.message


def test_rejects_non_numeric_draught() -> None:
    p = only(problems_of(GOOD.replace(",9.5,", ",deep,")))
    assert (p.line, p.field) == (2, "berth_max_draught_m") and "'deep'" in p.message


def test_rejects_negative_berth_count() -> None:
    p = only(problems_of(GOOD.replace(",4,", ",-1,")))
    assert (p.line, p.field) == (2, "berths") and "negative" in p.message


def test_rejects_fractional_berth_count() -> None:
    assert only(problems_of(GOOD.replace(",4,", ",2.5,"))).field == "berths"


def test_rejects_unknown_kind() -> None:
    p = only(problems_of(GOOD.replace("naval_base", "spaceport")))
    assert (p.line, p.field) == (2, "kind") and "naval_base" in p.message


def test_rejects_id_prefix_not_matching_the_country() -> None:
    p = only(problems_of(GOOD.replace("RU-VVO", "IN-VVO")))
    assert (p.line, p.field) == (2, "id") and "RU-" in p.message


def test_rejects_unassigned_country_code() -> None:
    p = only(problems_of(GOOD.replace(",RUS,", ",XYZ,")))
    assert (p.line, p.field) == (2, "country")


def test_rejects_a_row_without_a_source() -> None:
    p = only(problems_of(GOOD.replace(",Wikipedia", ",")))
    assert (p.line, p.field) == (2, "source")


def test_rejects_unknown_fuel_type() -> None:
    header = HEADER + ",fuel_types"
    p = only(problems_of(GOOD + ",jet;whale_oil", header=header))
    assert p.field == "fuel_types" and "whale_oil" in p.message


def test_rejects_estimate_flag_on_an_empty_field() -> None:
    header = HEADER + ",estimated,notes"
    p = only(problems_of(GOOD + ",accommodation_beds,a guess", header=header))
    assert p.field == "estimated" and "empty" in p.message


def test_rejects_unknown_column_in_the_header() -> None:
    p = only(problems_of(GOOD + ",x", header=HEADER + ",colour"))
    assert (p.line, p.field) == (1, "colour")


def test_rejects_header_missing_a_required_column() -> None:
    header = HEADER.replace(",timezone", "")
    row = GOOD.replace(",Asia/Vladivostok", "")
    p = only(problems_of(row, header=header))
    assert (p.line, p.field) == (1, "timezone")


def test_reports_every_problem_of_the_file_at_once() -> None:
    found = problems_of(GOOD.replace("43.11", "95"), GOOD.replace("RU-VVO", "RU-X1").replace(",9.5,", ",deep,"))
    assert [(p.line, p.field) for p in found] == [(2, "lat"), (3, "berth_max_draught_m")]


def test_json_problem_names_the_line_where_the_object_starts() -> None:
    text = '[\n  {"id": "RU-VVO", "name_en": "V", "country": "RUS", "kind": "port",\n   "lat": 43.1, "lon": 131.9,'
    text += ' "timezone": "Asia/Vladivostok", "source": "s"},\n  {"id": "RU-AB", "name_en": "A", "country": "RUS",'
    text += ' "kind": "port", "lat": "north", "lon": 1, "timezone": "UTC", "source": "s"}\n]\n'
    with pytest.raises(InvalidInput) as caught:
        read_records(FACILITIES, text, file_format=FileFormat.JSON)
    p = only(caught.value.problems)
    assert (p.line, p.field) == (4, "lat")


def test_rejects_json_that_is_not_a_list() -> None:
    with pytest.raises(InvalidInput) as caught:
        read_records(FACILITIES, '{"id": "RU-VVO"}', file_format=FileFormat.JSON)
    assert caught.value.problems[0].field == "(file)"


def test_a_record_made_in_code_is_checked_by_the_same_rules() -> None:
    bad = Facility("RU-VVO", "V", "", "RUS", FacilityKind.PORT, lat=100.0, lon=0.0, timezone="Mars/Olympus", source="s")
    assert {p.field for p in record_problems(FACILITIES, bad)} == {"lat", "timezone"}


@pytest.mark.parametrize("file_format", list(FileFormat))
def test_export_reimports_to_the_same_records(file_format: FileFormat) -> None:
    records = [item.record for item in read_records(FACILITIES, f"{HEADER}\n{GOOD}\n", file_format=FileFormat.CSV)]
    text = write_records(FACILITIES, records, file_format=file_format)
    assert [item.record for item in read_records(FACILITIES, text, file_format=file_format)] == records


def test_unknown_is_empty_never_zero() -> None:
    record, problems = parse_record(
        FACILITIES, {**dict(zip(HEADER.split(","), GOOD.split(","), strict=True)), "berths": ""}
    )
    assert not problems and record is not None and record.berths is None
