"""sign-in failures are counted per account and client address; the account's own counter has a window

Five failures in a row from one address lock the account for that address only; the counter kept on the
user counts the failures from all addresses together since `failures_counted_since` (its ceiling).

Revision ID: 0013_sign_in_per_address
Revises: 0012_ship_class_russian_names
Create Date: 2026-12-04 09:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from relos.db.types import UTCDateTime

revision = "0013_sign_in_per_address"
down_revision = "0012_ship_class_russian_names"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_failures",
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("failed_sign_ins", sa.Integer(), nullable=False),
        sa.Column("counted_since", UTCDateTime(), nullable=False),
        sa.Column("locked_until", UTCDateTime(), nullable=True),
        sa.CheckConstraint("failed_sign_ins >= 0", name=op.f("ck_sign_in_failures_failed_sign_ins_not_negative")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.user_id"], name=op.f("fk_sign_in_failures_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "address", name=op.f("pk_sign_in_failures")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("failures_counted_since", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("failures_counted_since")
    op.drop_table("sign_in_failures")
