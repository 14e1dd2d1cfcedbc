"""facility provenance: which facility fields a bulk import (World Port Index, OurAirports) gave, from which
edition and when, with the record's identity in its source

Revision ID: 0014_facility_provenance
Revises: 0013_sign_in_per_address
Create Date: 2026-12-04 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from relos.db.types import UTCDateTime

revision = "0014_facility_provenance"
down_revision = "0013_sign_in_per_address"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "facility_provenance",
        sa.Column("facility_id", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("external_id", sa.String(length=64), nullable=False),
        sa.Column("edition", sa.String(length=200), nullable=False),
        sa.Column("imported_at", UTCDateTime(), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["facility_id"],
            ["facilities.id"],
            name=op.f("fk_facility_provenance_facility_id_facilities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("facility_id", "source", name=op.f("pk_facility_provenance")),
        sa.UniqueConstraint("source", "external_id", name=op.f("uq_facility_provenance_source_external_id")),
    )


def downgrade() -> None:
    op.drop_table("facility_provenance")
