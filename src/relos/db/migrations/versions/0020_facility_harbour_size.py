"""facilities record their harbour size as the World Port Index grades it (very_small, small, medium, large)

The column starts empty (not recorded); `relos init` fills it for the bundled ports that give it, and an
import of the World Port Index for the ports it holds.

Revision ID: 0020_facility_harbour_size
Revises: 0019_exchange_settlements
Create Date: 2026-12-04 16:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020_facility_harbour_size"
down_revision = "0019_exchange_settlements"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("facilities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("harbour_size", sa.String(length=16), nullable=False, server_default=""))


def downgrade() -> None:
    # a plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch rebuild of facilities would drop the table
    # that clearances, orders and stocks refer to, which SQLite's foreign keys refuse
    op.drop_column("facilities", "harbour_size")
