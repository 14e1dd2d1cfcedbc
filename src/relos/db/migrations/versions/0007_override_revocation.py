"""cap overrides: revocation (when, by whom, why)

Revision ID: 0007_override_revocation
Revises: 0006_clearances
Create Date: 2026-12-02 06:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from relos.db.types import UTCDateTime

revision = "0007_override_revocation"
down_revision = "0006_clearances"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cap_overrides", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revoked_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("revoked_by", sa.String(length=128), server_default="", nullable=False))
        batch_op.add_column(sa.Column("revocation_reason", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("cap_overrides", schema=None) as batch_op:
        batch_op.drop_column("revocation_reason")
        batch_op.drop_column("revoked_by")
        batch_op.drop_column("revoked_at")
