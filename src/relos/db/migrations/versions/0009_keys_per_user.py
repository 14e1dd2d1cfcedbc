"""idempotency keys per user (and HTTP answers kept with them); tokens remember the credential that issued them

Revision ID: 0009_keys_per_user
Revises: 0008_web_flashes, 0002_people, 0004_orders
Create Date: 2026-12-04 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_keys_per_user"
# also after the branches that made credentials (0002) and idempotency keys (0004): one head again
down_revision = ("0008_web_flashes", "0002_people", "0004_orders")
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("idempotency_keys", schema=None) as batch_op:
        batch_op.drop_constraint("pk_idempotency_keys", type_="primary")
        batch_op.alter_column("action", existing_type=sa.String(length=64), type_=sa.String(length=200))
        batch_op.add_column(sa.Column("status_code", sa.Integer(), nullable=True))
        batch_op.create_primary_key("pk_idempotency_keys", ["actor", "key"])
    with op.batch_alter_table("credentials", schema=None) as batch_op:
        batch_op.add_column(sa.Column("issued_by", sa.String(length=36), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_credentials_issued_by_credentials"),
            "credentials",
            ["issued_by"],
            ["credential_id"],
            ondelete="SET NULL",
        )
        batch_op.create_index("ix_credentials_issued_by", ["issued_by"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("credentials", schema=None) as batch_op:
        batch_op.drop_index("ix_credentials_issued_by")
        batch_op.drop_constraint(batch_op.f("fk_credentials_issued_by_credentials"), type_="foreignkey")
        batch_op.drop_column("issued_by")
    with op.batch_alter_table("idempotency_keys", schema=None) as batch_op:
        batch_op.drop_constraint("pk_idempotency_keys", type_="primary")
        batch_op.drop_column("status_code")
        batch_op.alter_column("action", existing_type=sa.String(length=200), type_=sa.String(length=64))
        batch_op.create_primary_key("pk_idempotency_keys", ["key"])
