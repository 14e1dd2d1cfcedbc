"""a facility's notes hold the catalogue's words only: the access decisions RELOS once appended to them, in English
("Opened under <agreement> by <user> on <day>: <reason>", "Closed under …"), are taken out

Each decision stays in the audit trail (facility.opened, facility.closed), from which the facility's page says it in
the reader's language. RELOS appended them at the end of the notes, after the catalogue's own words, so the notes are
cut before the first of them.

Revision ID: 0022_facility_notes_own_words
Revises: 0021_facility_russian_names
Create Date: 2026-12-05 12:00:00
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = "0022_facility_notes_own_words"
down_revision = "0021_facility_russian_names"
branch_labels = None
depends_on = None

#: The first decision appended (as relos.domain.facilities.access wrote them before this revision).
APPENDED = re.compile(r"(?:^|\s)(?:Opened|Closed) under \S+ by \S+ on \d{4}-\d{2}-\d{2}: ")
FACILITIES = sa.table("facilities", sa.column("id", sa.String), sa.column("notes", sa.Text))


def upgrade() -> None:
    bind = op.get_bind()
    notes = FACILITIES.c.notes
    found = bind.execute(
        sa.select(FACILITIES.c.id, notes).where(sa.or_(notes.like("%Opened under %"), notes.like("%Closed under %")))
    ).all()
    for facility_id, text in found:
        appended = APPENDED.search(text)
        if appended is not None:
            kept = text[: appended.start()].strip()
            bind.execute(sa.update(FACILITIES).where(FACILITIES.c.id == facility_id).values(notes=kept))


def downgrade() -> None:
    """Nothing to put back: the decisions are in the audit trail, and the notes are not written with them again."""
