"""web flashes: what a page shows once after a form was posted (refusal and typed values, or confirmation)

Revision ID: 0008_web_flashes
Revises: 0007_override_revocation
Create Date: 2026-12-04 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from relos.db.types import UTCDateTime

revision = "0008_web_flashes"
down_revision = "0007_override_revocation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_flashes",
        sa.Column("flash_id", sa.String(length=32), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("page", sa.String(length=300), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("flash_id", name=op.f("pk_web_flashes")),
    )
    with op.batch_alter_table("web_flashes", schema=None) as batch_op:
        batch_op.create_index("ix_web_flashes_owner_page", ["owner", "page"], unique=False)
        batch_op.create_index(batch_op.f("ix_web_flashes_created_at"), ["created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("web_flashes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_flashes_created_at"))
        batch_op.drop_index("ix_web_flashes_owner_page")
    op.drop_table("web_flashes")
