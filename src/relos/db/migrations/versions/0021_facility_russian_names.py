"""facilities carry their name in Russian (name_ru), shown on Russian pages and found by a search in Russian

The column starts empty; `relos init` fills it for the bundled facilities (their data gives every one a Russian
name) and refreshes their search text with it.

Revision ID: 0021_facility_russian_names
Revises: 0020_facility_harbour_size
Create Date: 2026-12-04 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021_facility_russian_names"
down_revision = "0020_facility_harbour_size"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("facilities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_ru", sa.String(length=200), nullable=False, server_default=""))


def downgrade() -> None:
    # a plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch rebuild of facilities would drop the table
    # that clearances, orders and stocks refer to, which SQLite's foreign keys refuse
    op.drop_column("facilities", "name_ru")
