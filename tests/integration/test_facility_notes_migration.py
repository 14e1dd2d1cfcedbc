"""The migration 0022_facility_notes_own_words takes out of a facility's notes the access decisions
RELOS once appended to them in English, and keeps the catalogue's own words; the decisions stay in the audit trail.
On SQLite and PostgreSQL: the schema is taken back to before the migration and brought forward again."""

from __future__ import annotations

from alembic import command
from sqlalchemy import bindparam, text

from relos.db.migrate import alembic_config
from relos.db.runtime import Database

REVISION = "0022_facility_notes_own_words"
APPENDED = (
    " Opened under relos-ind-rus by rus.admin on 2027-01-10: exercise in the Barents Sea: agreed by note 12/2027"
    " Closed under relos-ind-rus by rus.admin on 2027-02-01: exercise over"
)


def _alembic(db: Database, step: str, target: str) -> None:
    with db.engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        getattr(command, step)(config, target)


def _notes(db: Database) -> dict[str, str]:
    with db.engine.connect() as conn:
        ids = ("RU-GDZ", "RU-SDV", "IN-BOM")
        query = text("SELECT id, notes FROM facilities WHERE id IN :ids").bindparams(bindparam("ids", expanding=True))
        rows = conn.execute(query, {"ids": ids})
        return {r[0]: r[1] for r in rows}


def test_the_appended_decisions_leave_the_notes_and_the_catalogues_words_stay(catalogue: Database) -> None:
    own = _notes(catalogue)
    assert own["RU-GDZ"]  # the catalogue says why the site is closed
    _alembic(catalogue, "downgrade", f"{REVISION}-1")
    try:
        with catalogue.engine.begin() as conn:
            conn.execute(text("UPDATE facilities SET notes = notes || :more WHERE id = 'RU-GDZ'"), {"more": APPENDED})
            conn.execute(text("UPDATE facilities SET notes = :only WHERE id = 'RU-SDV'"), {"only": APPENDED.strip()})
    finally:
        _alembic(catalogue, "upgrade", "heads")
    after = _notes(catalogue)
    assert after == {**own, "RU-SDV": ""}
    assert "Opened under" not in after["RU-GDZ"] and "Closed under" not in after["RU-GDZ"]
