"""The bundled catalogue passes the import rules: coordinates, time zones, ids, sources, references."""

from __future__ import annotations

import pytest

from relos.domain.facilities import AIRCRAFT_TYPES, FACILITIES, PLANNING_FACTORS, SHIP_CLASSES, RecordSpec
from relos.services.facilities.bundled import REFERENCE_FILES, bundled_agreement_files, bundled_reference_file
from relos.services.facilities.files import FileFormat, read_records

SPECS_BY_FILE: dict[str, RecordSpec[object]] = {
    "facilities.csv": FACILITIES,
    "ship_classes.csv": SHIP_CLASSES,
    "aircraft_types.csv": AIRCRAFT_TYPES,
    "planning_factors.csv": PLANNING_FACTORS,
}


@pytest.mark.parametrize("name", [name for name, _ in REFERENCE_FILES])
def test_every_bundled_file_passes_the_import_rules_and_every_record_names_its_source(name: str) -> None:
    records = read_records(SPECS_BY_FILE[name], bundled_reference_file(name), file_format=FileFormat.CSV)
    assert records and all(getattr(item.record, "source").strip() for item in records)  # noqa: B009


def test_bundled_facilities_include_40_russian_and_20_indian_ones_and_the_seeds() -> None:
    facilities = [
        i.record for i in read_records(FACILITIES, bundled_reference_file("facilities.csv"), file_format=FileFormat.CSV)
    ]
    countries = [f.country for f in facilities]
    assert countries.count("RUS") >= 40 and countries.count("IND") >= 20
    names = " ".join(f.name_en for f in facilities)
    for seed in ("Vladivostok", "Murmansk", "Petropavlovsk"):
        assert seed in names


def test_bundled_facilities_open_only_under_bundled_agreements() -> None:
    agreement_ids = {name.removesuffix(".toml") for name, _ in bundled_agreement_files()}
    facilities = read_records(FACILITIES, bundled_reference_file("facilities.csv"), file_format=FileFormat.CSV)
    for item in facilities:
        assert set(item.record.open_under) <= agreement_ids, f"line {item.line}: {item.record.open_under}"
