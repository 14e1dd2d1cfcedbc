"""`relos audit verify` finds entries altered, removed or reordered behind the application's back."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.domain.agreements import AgreementEvent, EventKind
from relos.services.agreements import register as service


@pytest.fixture
def chained(loaded: Database, operator: Actor) -> Database:
    for day in (1, 2, 3):
        event = AgreementEvent(EventKind.NOTE, date(2026, 1, day), f"note {day}")
        service.record_event(
            loaded.uow(), actor=operator, agreement_id="relos-ind-rus", event=event, at=date(2026, 1, day)
        )
    with loaded.uow() as uow:
        assert uow.audit.verify().intact and uow.audit.verify().entries == 5
    return loaded


def _sql(db: Database, statement: str) -> None:
    with db.engine.begin() as conn:
        conn.execute(text(statement))


def _verify(db: Database) -> tuple[bool, int | None]:
    with db.uow() as uow:
        report = uow.audit.verify()
    return report.intact, report.first_broken_seq


def test_altered_entry_is_found(chained: Database) -> None:
    _sql(chained, "UPDATE audit_log SET payload = replace(payload, 'note 2', 'note X') WHERE seq = 4")
    assert _verify(chained) == (False, 4)


def test_removed_entry_is_found(chained: Database) -> None:
    _sql(chained, "DELETE FROM audit_log WHERE seq = 3")
    assert _verify(chained) == (False, 3)


def test_removed_last_entry_is_found(chained: Database) -> None:
    _sql(chained, "DELETE FROM audit_log WHERE seq = 5")
    assert _verify(chained) == (False, 5)


def test_reordered_entries_are_found(chained: Database) -> None:
    _sql(chained, "UPDATE audit_log SET seq = 100 WHERE seq = 3")
    _sql(chained, "UPDATE audit_log SET seq = 3 WHERE seq = 4")
    _sql(chained, "UPDATE audit_log SET seq = 4 WHERE seq = 100")
    assert _verify(chained) == (False, 3)


def test_rehashed_forgery_still_breaks_the_next_link(chained: Database) -> None:
    flipped = "CASE WHEN substr(hash, 1, 1) = 'f' THEN '0' ELSE 'f' END"  # always a different hash
    _sql(chained, f"UPDATE audit_log SET hash = {flipped} || substr(hash, 2) WHERE seq = 2")
    assert _verify(chained) == (False, 2)
