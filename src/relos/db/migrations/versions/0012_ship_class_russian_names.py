"""ship classes carry their name in Russian

The column starts empty; `relos init` (or importing the bundled ship classes again) fills it from the
bundled reference data, and the pages fall back to the English name while it is empty.

Revision ID: 0012_ship_class_russian_names
Revises: 0011_audit_chain_v2
Create Date: 2026-12-04 08:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_ship_class_russian_names"
down_revision = "0011_audit_chain_v2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ship_classes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_ru", sa.String(length=200), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("ship_classes", schema=None) as batch_op:
        batch_op.drop_column("name_ru")
