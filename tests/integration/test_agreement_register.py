"""The register's use cases on both databases: import, replace, record events, visibility, audit."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from relos.db.runtime import Database
from relos.domain.actor import Actor, Role
from relos.domain.agreements import AgreementEvent, EventKind
from relos.domain.errors import Forbidden, InvalidInput, NotFound
from relos.services.agreements import register as service
from relos.services.facilities.bundled import load_bundled_agreements

PACT = """\
id = "test-pact"
short_name = "TEST"
parties = ["IND", "RUS"]
signed = 2024-01-01
entry_into_force = 2024-02-01
term_years = 5
extension_years = 5
"""
#: The day after a consent given on 1 January 2028: recorded then, it has happened.
IN_2028 = datetime(2028, 1, 2, tzinfo=UTC)


def test_init_loads_bundled_agreements_idempotently(database: Database, operator: Actor) -> None:
    first = load_bundled_agreements(database.uow(), actor=operator)
    second = load_bundled_agreements(database.uow(), actor=operator)
    assert sorted(first.added) == ["lemoa-ind-usa", "relos-ind-rus"]
    assert second.added == [] and sorted(second.unchanged) == ["lemoa-ind-usa", "relos-ind-rus"]


def test_relos_shows_caps_and_status(loaded: Database, operator: Actor) -> None:
    view = service.get_agreement(loaded.uow(), actor=operator, agreement_id="relos-ind-rus", at=date(2027, 1, 1))
    summary = view.summary()
    assert summary["caps"] == {"warships": 5, "aircraft": 10, "personnel": 3000}
    assert summary["status"] == "signed"


def test_recording_entry_into_force_puts_relos_in_force(loaded: Database, operator: Actor) -> None:
    event = AgreementEvent(EventKind.ENTRY_INTO_FORCE, date(2026, 1, 15), "exchange of notes")
    view = service.record_event(
        loaded.uow(), actor=operator, agreement_id="relos-ind-rus", event=event, at=date(2027, 1, 1)
    )
    assert view.summary()["status"] == "in_force"
    assert view.summary()["in_force_until"] == "2031-01-15"


def test_reimport_replaces_terms_and_keeps_recorded_events(loaded: Database, operator: Actor) -> None:
    service.import_agreement(loaded.uow(), actor=operator, text=PACT, source_name="t.toml", at=date(2025, 1, 1))
    consent = AgreementEvent(EventKind.EXTENSION_CONSENT, date(2028, 1, 1), "note", party="IND")
    service.record_event(
        loaded.uow(), actor=operator, agreement_id="test-pact", event=consent, at=date(2028, 1, 1), now=IN_2028
    )
    service.import_agreement(
        loaded.uow(),
        actor=operator,
        text=PACT.replace("term_years = 5", "term_years = 6"),
        source_name="t2.toml",
        at=date(2025, 1, 1),
    )
    view = service.get_agreement(loaded.uow(), actor=operator, agreement_id="test-pact", at=date(2025, 1, 1))
    assert view.agreement.term_years == 6
    assert [e.kind for e in view.events] == [EventKind.EXTENSION_CONSENT]


def test_bad_file_stores_nothing(loaded: Database, operator: Actor) -> None:
    with pytest.raises(InvalidInput):
        service.import_agreement(
            loaded.uow(),
            actor=operator,
            text=PACT.replace("5\n", "-1\n"),
            source_name="t.toml",
            at=date(2025, 1, 1),
        )
    with pytest.raises(NotFound):
        service.get_agreement(loaded.uow(), actor=operator, agreement_id="test-pact", at=date(2025, 1, 1))


def test_refused_event_writes_nothing_not_even_audit(loaded: Database, operator: Actor) -> None:
    with loaded.uow() as uow:
        before = len(uow.audit.entries(limit=1000))
    bad = AgreementEvent(EventKind.EXTENSION_CONSENT, date(2026, 1, 1), "note", party="USA")
    with pytest.raises(InvalidInput):
        service.record_event(loaded.uow(), actor=operator, agreement_id="relos-ind-rus", event=bad, at=date(2026, 1, 1))
    with loaded.uow() as uow:
        assert len(uow.audit.entries(limit=1000)) == before
        assert uow.audit.verify().intact


def test_party_sees_only_its_own_agreements(loaded: Database) -> None:
    russian = Actor("ivanov", "RUS", frozenset({Role.AUDITOR}))
    ids = [v.agreement.id for v in service.list_agreements(loaded.uow(), actor=russian, at=date(2027, 1, 1))]
    assert ids == ["relos-ind-rus"]
    with pytest.raises(NotFound) as info:
        service.get_agreement(loaded.uow(), actor=russian, agreement_id="lemoa-ind-usa", at=date(2027, 1, 1))
    assert str(info.value) == str(NotFound("agreement", "lemoa-ind-usa"))


def test_a_party_cannot_consent_for_its_partner(loaded: Database) -> None:
    admin = Actor("sharma", "IND", frozenset({Role.ADMINISTRATOR}))
    event = AgreementEvent(EventKind.RATIFICATION, date(2025, 12, 20), "gazette", party="RUS")
    with pytest.raises(Forbidden):
        service.record_event(loaded.uow(), actor=admin, agreement_id="relos-ind-rus", event=event, at=date(2026, 1, 1))


def test_every_change_is_in_the_audit_chain(loaded: Database, operator: Actor) -> None:
    event = AgreementEvent(EventKind.ENTRY_INTO_FORCE, date(2026, 1, 15), "exchange of notes")
    service.record_event(loaded.uow(), actor=operator, agreement_id="relos-ind-rus", event=event, at=date(2027, 1, 1))
    with loaded.uow() as uow:
        newest = uow.audit.entries(entity="agreement", entity_id="relos-ind-rus", limit=1)[0]
        assert newest.action == "agreement.event.entry_into_force"
        assert newest.actor == "test" and newest.after is not None
        assert uow.audit.verify().intact
