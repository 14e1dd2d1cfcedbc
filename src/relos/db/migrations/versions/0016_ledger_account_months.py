"""ledger account months: each account's postings summed per calendar month, kept by a trigger as postings are
written and filled from those already written, so that balances read the sums instead of every posting; the
transactions' index by agreement and day carries their kind, so a statement counts them from the index alone

Revision ID: 0016_ledger_account_months
Revises: 0015_exchange
Create Date: 2026-12-04 13:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from relos.db.ledger_month_sums import statements

revision = "0016_ledger_account_months"
down_revision = "0015_exchange"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ledger_account_months",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["ledger_accounts.id"], name=op.f("fk_ledger_account_months_account_id_ledger_accounts")
        ),
        sa.PrimaryKeyConstraint("account_id", "month", name=op.f("pk_ledger_account_months")),
    )
    for sql in statements(op.get_bind().dialect.name, up=True):
        op.execute(sql)
    op.drop_index("ix_ledger_transactions_agreement_on", table_name="ledger_transactions")
    op.create_index(
        "ix_ledger_transactions_agreement_on_kind", "ledger_transactions", ["agreement_id", "booked_on", "kind"]
    )


def downgrade() -> None:
    op.drop_index("ix_ledger_transactions_agreement_on_kind", table_name="ledger_transactions")
    op.create_index("ix_ledger_transactions_agreement_on", "ledger_transactions", ["agreement_id", "booked_on"])
    for sql in statements(op.get_bind().dialect.name, up=False):
        op.execute(sql)
    op.drop_table("ledger_account_months")
