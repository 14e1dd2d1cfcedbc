"""exchange addresses: where a partner's instance takes bundles over HTTPS, and how often the server syncs with it

Revision ID: 0017_exchange_addresses
Revises: 0016_ledger_account_months
Create Date: 2026-12-04 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from relos.db.types import UTCDateTime

revision = "0017_exchange_addresses"
down_revision = "0016_ledger_account_months"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exchange_addresses",
        sa.Column("party", sa.String(length=3), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("every_seconds", sa.Integer(), nullable=False),
        sa.Column("set_at", UTCDateTime(), nullable=False),
        sa.Column("set_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("party", name=op.f("pk_exchange_addresses")),
    )


def downgrade() -> None:
    op.drop_table("exchange_addresses")
