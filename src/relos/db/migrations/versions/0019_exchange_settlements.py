"""exchange settlements: the partner's statement digests received and the settlement certificates, by agreement
and period, so that a party's instance shows the reconciliation and opens a period's payments once both signed

Revision ID: 0019_exchange_settlements
Revises: 0018_host_presence
Create Date: 2026-12-04 16:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from relos.db.types import UTCDateTime

revision = "0019_exchange_settlements"
down_revision = "0018_host_presence"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exchange_settlements",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("partner", sa.String(length=3), nullable=False),
        sa.Column("agreement_id", sa.String(length=64), nullable=False),
        sa.Column("period", sa.String(length=40), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("ledger_hash", sa.String(length=64), nullable=False),
        sa.Column("signed_by_both", sa.Boolean(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_settlements")),
    )
    op.create_index(
        "ix_exchange_settlements_agreement_period",
        "exchange_settlements",
        ["agreement_id", "kind", "period_start"],
    )


def downgrade() -> None:
    op.drop_index("ix_exchange_settlements_agreement_period", table_name="exchange_settlements")
    op.drop_table("exchange_settlements")
