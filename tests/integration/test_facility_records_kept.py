"""The facility catalogue is parsed once a process for each stored state of a row (db/repositories/facilities.py):
reading the catalogue again parses nothing, and a facility changed since (a new name, a new berth count) is read
as it now stands, on both databases."""

from __future__ import annotations

from dataclasses import replace

import pytest

from relos.db.repositories import facilities as repository
from relos.db.runtime import Database
from relos.domain.facilities import parse_record


def test_the_catalogue_read_again_is_not_parsed_again_and_a_change_is_read(
    catalogue: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[str] = []

    def counting(spec, raw):  # type: ignore[no-untyped-def]
        parsed.append(str(raw.get("id")))
        return parse_record(spec, raw)

    monkeypatch.setattr(repository, "parse_record", counting)
    monkeypatch.setattr(repository, "_PARSED", {})
    with catalogue.uow() as uow:
        first = uow.facilities.list()
    assert len(parsed) == len(first) > 50
    parsed.clear()
    with catalogue.uow() as uow:
        again = uow.facilities.list()
        assert uow.facilities.get("RU-VVO") == next(f for f in first if f.id == "RU-VVO")
    assert again == first and parsed == []
    vladivostok = next(f for f in first if f.id == "RU-VVO")
    changed = replace(vladivostok, name_en="Vladivostok (renamed)", berths=(vladivostok.berths or 0) + 3)
    with catalogue.uow() as uow:
        uow.facilities.save(changed, imported_from="test")
        uow.commit()
    with catalogue.uow() as uow:
        now = {f.id: f for f in uow.facilities.list()}
    assert now["RU-VVO"].name_en == "Vladivostok (renamed)" and now["RU-VVO"].berths == changed.berths
    assert parsed == ["RU-VVO"]  # only the changed row was parsed again
