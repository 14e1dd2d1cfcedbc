"""Audit entries carry the agreement (or party) they belong to, inside the hashed content: who may
read an entry cannot be changed behind the application's back without `relos audit verify` noticing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.domain.agreements import AgreementEvent, EventKind
from relos.services.agreements import register as agreements
from relos.services.people import users


def _note(db: Database, operator: Actor, agreement_id: str) -> None:
    event = AgreementEvent(EventKind.NOTE, date(2026, 1, 5), "scope test")
    agreements.record_event(db.uow(), actor=operator, agreement_id=agreement_id, event=event, at=date(2026, 1, 5))


def test_entries_name_their_agreement_or_party(loaded: Database, operator: Actor) -> None:
    _note(loaded, operator, "lemoa-ind-usa")
    users.create_user(
        loaded.uow(), actor=operator, user_id="ivan", party="RUS", roles=["auditor"], password="a long passphrase"
    )
    with loaded.uow() as uow:
        newest, note = uow.audit.entries(limit=2)
        assert uow.audit.verify().intact
    assert (note.agreement_id, note.subject_party) == ("lemoa-ind-usa", None)
    assert (newest.agreement_id, newest.subject_party) == (None, "RUS")


def test_moving_an_entry_to_another_agreement_is_found(loaded: Database, operator: Actor) -> None:
    _note(loaded, operator, "lemoa-ind-usa")
    with loaded.uow() as uow:
        seq = uow.audit.entries(limit=1)[0].seq
    with loaded.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET agreement_id = 'relos-ind-rus' WHERE seq = :seq"), {"seq": seq})
    with loaded.uow() as uow:
        report = uow.audit.verify()
    assert not report.intact and report.first_broken_seq == seq
    assert "columns disagree with its hashed content" in report.reason


def test_hiding_an_entry_from_its_party_is_found(loaded: Database, operator: Actor) -> None:
    users.create_user(
        loaded.uow(), actor=operator, user_id="ivan", party="RUS", roles=["auditor"], password="a long passphrase"
    )
    with loaded.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET subject_party = NULL WHERE subject_party = 'RUS'"))
    with loaded.uow() as uow:
        assert not uow.audit.verify().intact
