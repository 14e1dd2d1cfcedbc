"""host presence: each host's presence version and each deployment's last one, kept by triggers, so that a server
process keeps the host's occupying deployments in memory and checks them in one statement at each decision

Revision ID: 0018_host_presence
Revises: 0017_exchange_addresses
Create Date: 2026-12-04 16:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from relos.db.presence_triggers import statements

revision = "0018_host_presence"
down_revision = "0017_exchange_addresses"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "host_presence",
        sa.Column("host_party", sa.String(length=3), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("reset_seq", sa.BigInteger(), nullable=False),
        sa.Column("epoch", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("host_party", name=op.f("pk_host_presence")),
    )
    with op.batch_alter_table("deployments") as batch:
        batch.add_column(sa.Column("presence_seq", sa.BigInteger(), server_default="0", nullable=False))
    op.create_index("ix_deployments_host_presence_seq", "deployments", ["host_party", "presence_seq"])
    dialect = op.get_bind().dialect.name
    for sql in statements(dialect, up=True):
        op.execute(sql)
    epoch = "md5(random()::text || host_party)" if dialect == "postgresql" else "lower(hex(randomblob(16)))"
    op.execute(
        f"INSERT INTO host_presence (host_party, version, reset_seq, epoch) SELECT host_party, 1, 1, {epoch} "
        "FROM (SELECT host_party FROM deployments UNION SELECT host_party FROM cap_overrides) AS hosts"
    )


def downgrade() -> None:
    for sql in statements(op.get_bind().dialect.name, up=False):
        op.execute(sql)
    op.drop_index("ix_deployments_host_presence_seq", table_name="deployments")
    with op.batch_alter_table("deployments") as batch:
        batch.drop_column("presence_seq")
    op.drop_table("host_presence")
