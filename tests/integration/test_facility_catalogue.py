"""The catalogue in the database (SQLite and PostgreSQL): whole-file imports, upserts, searches."""

from __future__ import annotations

import pytest

from relos.db.runtime import Database
from relos.domain.actor import Actor, Role
from relos.domain.errors import Forbidden, InvalidInput, NotFound
from relos.domain.facilities import RecordKind
from relos.services.facilities import catalogue as service
from relos.services.facilities.bundled import load_bundled_reference_data

HEADER = "id,name_en,name_local,country,kind,lat,lon,timezone,berths,open_under,source"
VVO = "RU-VVO,Vladivostok,Владивосток,RUS,naval_base,43.11,131.89,Asia/Vladivostok,4,relos-ind-rus,Wikipedia"
KWR = "IN-KWR,Karwar,कारवार,IND,naval_base,14.8,74.12,Asia/Kolkata,10,relos-ind-rus;lemoa-ind-usa,Wikipedia"


def csv(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def import_facilities(db: Database, actor: Actor, text: str, name: str = "f.csv") -> service.ImportReport:
    return service.import_reference_file(db.uow(), actor=actor, kind=RecordKind.FACILITIES, text=text, source_name=name)


def test_import_stores_nothing_when_one_row_is_bad(loaded: Database, operator: Actor) -> None:
    with pytest.raises(InvalidInput) as caught:
        import_facilities(loaded, operator, csv(VVO, KWR.replace("14.8", "94.8")))
    assert [(p.line, p.field) for p in caught.value.problems] == [(3, "lat")]
    with loaded.uow() as uow:
        assert uow.facilities.count() == 0 and uow.audit.entries(entity="facility") == []


def test_reimport_updates_in_place(loaded: Database, operator: Actor) -> None:
    import_facilities(loaded, operator, csv(VVO, KWR))
    report = import_facilities(loaded, operator, csv(VVO.replace(",4,", ",6,"), KWR))
    assert (report.added, report.updated, report.unchanged) == ([], ["RU-VVO"], ["IN-KWR"])
    with loaded.uow() as uow:
        assert uow.facilities.count() == 2
        facility = uow.facilities.get("RU-VVO")
        assert facility is not None and facility.berths == 6
        [entry, *_] = uow.audit.entries(entity="facility", entity_id="RU-VVO")
        assert entry.action == "facility.updated" and entry.after is not None and entry.after["berths"] == 6


def test_rejects_open_under_an_agreement_not_in_the_register(loaded: Database, operator: Actor) -> None:
    with pytest.raises(InvalidInput) as caught:
        import_facilities(loaded, operator, csv(VVO.replace("relos-ind-rus", "warsaw-pact")))
    assert [(p.line, p.field) for p in caught.value.problems] == [(2, "open_under")]


def test_import_needs_an_administrator(loaded: Database) -> None:
    clerk = Actor("u1", "IND", frozenset({Role.REQUESTER}))
    with pytest.raises(Forbidden):
        import_facilities(loaded, clerk, csv(VVO))


def test_bundled_catalogue_loads_consistently_and_reloading_changes_nothing(catalogue: Database) -> None:
    again = load_bundled_reference_data(catalogue.uow(), actor=Actor.operator("test"))
    assert all(not r.added and not r.updated for r in again)
    with catalogue.uow() as uow:
        agreements = {s.agreement.id for s in uow.agreements.list()}
        facilities = uow.facilities.list()
        assert len([f for f in facilities if f.country == "RUS"]) >= 40
        assert len([f for f in facilities if f.country == "IND"]) >= 20
        assert all(f.source and set(f.open_under) <= agreements for f in facilities)
        assert uow.ship_classes.get("talwar") is not None and uow.aircraft_types.get("su-30mki") is not None


def test_bundled_load_keeps_a_record_a_user_imported(catalogue: Database, operator: Actor) -> None:
    import_facilities(catalogue, operator, csv(VVO.replace(",4,", ",7,")), name="ours.csv")
    [facilities, *_] = load_bundled_reference_data(catalogue.uow(), actor=operator)
    assert "RU-VVO" in facilities.kept_user_version
    assert service.get_facility(catalogue.uow(), actor=operator, facility_id="RU-VVO").facility.berths == 7


def test_search_by_name_in_either_language_and_by_country(catalogue: Database, operator: Actor) -> None:
    by_english = service.list_facilities(catalogue.uow(), actor=operator, name="VLADIVOSTOK")
    by_russian = service.list_facilities(catalogue.uow(), actor=operator, name="владивосток")
    assert "RU-VVO" in {v.facility.id for v in by_english} & {v.facility.id for v in by_russian}
    views = service.list_facilities(catalogue.uow(), actor=operator, country="IND")
    assert len(views) >= 20 and {v.facility.country for v in views} == {"IND"}


def test_party_may_use_partner_facilities_under_an_agreement_not_its_own(catalogue: Database, operator: Actor) -> None:
    views = service.list_facilities(catalogue.uow(), actor=operator, open_to="IND", agreement="relos-ind-rus")
    countries = {v.facility.country for v in views}
    assert countries == {"RUS"} and len(views) >= 40
    us_bases = service.list_facilities(catalogue.uow(), actor=operator, open_to="IND", agreement="lemoa-ind-usa")
    assert "IND" not in {v.facility.country for v in us_bases} and us_bases
    assert service.list_facilities(catalogue.uow(), actor=operator, open_to="USA", agreement="relos-ind-rus") == []


def test_nearest_to_a_point_gives_distance(catalogue: Database, operator: Actor) -> None:
    views = service.list_facilities(catalogue.uow(), actor=operator, near=(43.1, 131.9), limit=3)
    assert len(views) == 3 and views[0].facility.id == "RU-VVO"
    distances = [v.distance_km or 0.0 for v in views]
    assert all(v.distance_km is not None for v in views)
    assert distances == sorted(distances) and distances[0] < 10


def test_access_under_an_agreement_is_hidden_from_third_parties(catalogue: Database) -> None:
    american = Actor("u2", "USA", frozenset({Role.REQUESTER}))
    view = service.get_facility(catalogue.uow(), actor=american, facility_id="RU-VVO")
    assert view.open_under == ()
    with pytest.raises(NotFound):
        service.list_facilities(catalogue.uow(), actor=american, agreement="relos-ind-rus")
    usable = service.list_facilities(catalogue.uow(), actor=american, open_to="IND")
    assert (
        usable and {v.facility.country for v in usable} != {"RUS"} and "RUS" not in {v.facility.country for v in usable}
    )
