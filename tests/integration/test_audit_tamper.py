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


def test_moved_instant_is_found(chained: Database) -> None:
    """The instant of an entry is sealed with it: moving it to another day breaks the entry."""
    _sql(chained, "UPDATE audit_log SET at = '2020-01-01 00:00:00' WHERE seq = 3")
    assert _verify(chained) == (False, 3)


@pytest.mark.parametrize(
    ("column", "value"),
    [("entity", "'user'"), ("entity_id", "'someone-else'"), ("agreement_id", "NULL"), ("subject_party", "'USA'")],
)
def test_every_stored_column_is_sealed(chained: Database, column: str, value: str) -> None:
    _sql(chained, f"UPDATE audit_log SET {column} = {value} WHERE seq = 4")
    assert _verify(chained) == (False, 4)


def test_claiming_the_old_hash_version_is_found(chained: Database) -> None:
    _sql(chained, "UPDATE audit_log SET version = 1 WHERE seq = 2")
    assert _verify(chained) == (False, 2)


def test_entries_written_before_the_version_field_still_verify(chained: Database) -> None:
    """An entry sealed under version 1 (content only) verifies under it, its instant held to its content."""
    from relos.db.audit_chain import chain_hash

    with chained.engine.begin() as conn:
        rows = conn.execute(text("SELECT seq, prev_hash, payload FROM audit_log ORDER BY seq")).all()
        prev = rows[0].prev_hash
        for seq, _, payload in rows:
            digest = chain_hash(prev, seq, payload)
            conn.execute(
                text("UPDATE audit_log SET version = 1, prev_hash = :p, hash = :h WHERE seq = :s"),
                {"p": prev, "h": digest, "s": seq},
            )
            prev = digest
        conn.execute(text("UPDATE audit_head SET hash = :h"), {"h": prev})
    assert _verify(chained) == (True, None)
    _sql(chained, "UPDATE audit_log SET at = '2020-01-01 00:00:00' WHERE seq = 2")
    assert _verify(chained) == (False, 2)
