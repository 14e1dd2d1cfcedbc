"""audit entries carry the version of the hash that seals them

Entries written before this revision keep version 1 and verify as they were sealed (their hash covers their
content, which holds their instant; verification also holds the stored instant to it). Entries written after it
are version 2: their hash covers every stored field, the instant included. Nothing is re-hashed.

Revision ID: 0011_audit_chain_v2
Revises: 0010_record_references
Create Date: 2026-12-04 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_audit_chain_v2"
down_revision = "0010_record_references"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("version")
