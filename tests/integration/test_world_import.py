"""Importing the World Port Index and OurAirports into a catalogue with the bundled (curated) facilities, on
both databases: added, re-imported in place, provenance kept, curated values protected, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from relos.db.runtime import Database
from relos.domain.actor import Actor, Role
from relos.domain.errors import Forbidden, InvalidInput
from relos.services.facilities import world_import as service

WORLD = Path(__file__).parents[1] / "fixtures" / "world"
WPI_TEXT = (WORLD / "wpi_sample.csv").read_text(encoding="utf-8")
AIRPORTS = (WORLD / "airports_sample.csv").read_text(encoding="utf-8")
RUNWAYS = (WORLD / "runways_sample.csv").read_text(encoding="utf-8")
OPERATOR = Actor.operator("test")


def import_wpi(
    db: Database, text: str = WPI_TEXT, edition: str = "2026-11", **options: bool
) -> service.WorldImportReport:
    found = service.read_wpi_file(text, edition=edition)
    return service.import_world_file(db.uow(), actor=OPERATOR, found=found, edition=edition, **options)


def facility(db: Database, facility_id: str):  # type: ignore[no-untyped-def]
    with db.uow() as uow:
        return uow.facilities.get(facility_id), uow.facilities.imported_from(facility_id)


def count(db: Database) -> int:
    with db.uow() as uow:
        return uow.facilities.count()


def test_ports_are_added_with_the_provenance_of_each_field(catalogue: Database) -> None:
    before = count(catalogue)
    report = import_wpi(catalogue)
    assert report.added == ["RU-W99001"] and report.updated == []
    assert count(catalogue) == before + 1
    vvo, origin = facility(catalogue, "RU-W99001")
    assert vvo.berth_max_draught_m == 12.5 and origin == "wpi:2026-11"
    (prov,) = service.provenance_of(catalogue.uow(), actor=OPERATOR, facility_id="RU-W99001")
    assert (prov["source"], prov["external_id"], prov["edition"]) == ("wpi", "99001", "2026-11")
    assert {"lat", "berth_max_draught_m", "water"} <= set(prov["fields"]) and prov["imported_at"]


def test_a_curated_port_keeps_its_values_and_each_is_reported(catalogue: Database) -> None:
    mur_before, origin = facility(catalogue, "RU-MUR")
    report = import_wpi(catalogue)
    kept = [str(k) for k in report.kept_curated]
    assert "RU-MUR: kept curated lon 33.061, source says 33.05" in kept
    assert {k.facility_id for k in report.kept_curated} == {"RU-MUR", "IN-BOM"}  # by their UN/LOCODE
    assert sorted(report.unchanged) == ["IN-BOM", "RU-MUR"]
    assert facility(catalogue, "RU-MUR") == (mur_before, origin)
    (prov,) = service.provenance_of(catalogue.uow(), actor=OPERATOR, facility_id="RU-MUR")
    assert prov["external_id"] == "99003" and "lon" not in prov["fields"]


def test_overwriting_curated_values_is_said_and_keeps_the_record_curated(catalogue: Database) -> None:
    report = import_wpi(catalogue, overwrite_curated=True)
    assert sorted(report.overwritten_curated) == ["IN-BOM", "RU-MUR"] and report.kept_curated == []
    mur, origin = facility(catalogue, "RU-MUR")
    assert (mur.lon, mur.berth_max_length_m, mur.name_local) == (33.05, 250.0, "Мурманский морской торговый порт")
    assert origin == "bundled:facilities.csv"
    (prov,) = service.provenance_of(catalogue.uow(), actor=OPERATOR, facility_id="RU-MUR")
    assert {"lon", "berth_max_length_m"} <= set(prov["fields"])


def test_a_re_import_updates_in_place_by_wpi_number(catalogue: Database) -> None:
    import_wpi(catalogue)
    total = count(catalogue)
    again = import_wpi(catalogue)
    assert sorted(again.unchanged) == ["IN-BOM", "RU-MUR", "RU-W99001"] and again.added == again.updated == []
    changed = WPI_TEXT.replace(",Vladivostok,", ",Vladivostok Commercial,")
    report = import_wpi(catalogue, changed, edition="2026-12")
    assert report.updated == ["RU-W99001"] and report.added == []
    assert count(catalogue) == total
    vvo, origin = facility(catalogue, "RU-W99001")
    assert vvo.name_en == "Vladivostok Commercial" and origin == "wpi:2026-12"
    (prov,) = service.provenance_of(catalogue.uow(), actor=OPERATOR, facility_id="RU-W99001")
    assert prov["edition"] == "2026-12"


def test_one_bad_row_stores_nothing(catalogue: Database) -> None:
    total = count(catalogue)
    bad = WPI_TEXT.replace(",43.1,131.9", ",95,131.9")
    with pytest.raises(InvalidInput) as caught:
        import_wpi(catalogue, bad)
    assert "line 2, Latitude" in str(caught.value)
    assert count(catalogue) == total and facility(catalogue, "RU-W99001") == (None, None)


def test_airfields_with_runways_and_a_curated_air_base_found_by_its_icao_code(catalogue: Database) -> None:
    found = service.read_ourairports_files(AIRPORTS, edition="2026-12-01", runways=RUNWAYS)
    report = service.import_world_file(catalogue.uow(), actor=OPERATOR, found=found, edition="2026-12-01")
    assert sorted(report.added) == ["IN-IN0001", "RU-UUEE"]
    assert {k.facility_id for k in report.kept_curated} == {"RU-SV3", "IN-GOI"}
    svo, origin = facility(catalogue, "RU-UUEE")
    assert "longest runway 3700 m" in svo.notes and origin == "ourairports:2026-12-01"
    (prov,) = service.provenance_of(catalogue.uow(), actor=OPERATOR, facility_id="RU-SV3")
    assert prov["external_id"] == "ULMV"


def test_only_an_administrator_imports(catalogue: Database) -> None:
    clerk = Actor(user_id="clerk", party="IND", roles=frozenset({Role.LOGISTICS_OFFICER}))
    found = service.read_wpi_file(WPI_TEXT, edition="x")
    with pytest.raises(Forbidden):
        service.import_world_file(catalogue.uow(), actor=clerk, found=found, edition="x")
    assert facility(catalogue, "RU-W99001") == (None, None)
