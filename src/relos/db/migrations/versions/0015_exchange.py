"""exchange between two parties' instances: the party this instance belongs to, the partners' public keys, and
the documents sent (outbox) and received (inbox)

Revision ID: 0015_exchange
Revises: 0014_facility_provenance
Create Date: 2026-12-04 13:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from relos.db.types import UTCDateTime

revision = "0015_exchange"
down_revision = "0014_facility_provenance"
branch_labels = None
depends_on = None


def _documents(name: str, channel_time: str) -> None:
    op.create_table(
        name,
        sa.Column("document_id", sa.String(length=36), nullable=False),
        sa.Column("channel", sa.String(length=3), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=48), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("agreement_id", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        *(
            [
                sa.Column("created_at", UTCDateTime(), nullable=False),
                sa.Column("acknowledged_at", UTCDateTime(), nullable=True),
            ]
            if channel_time == "sent"
            else [
                sa.Column("received_at", UTCDateTime(), nullable=False),
                sa.Column("state", sa.String(length=16), nullable=False),
                sa.Column("outcome", sa.Text(), nullable=False),
            ]
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint("channel", "seq", name=f"uq_{name}_channel_seq"),
    )
    op.create_index(op.f(f"ix_{name}_record_id"), name, ["record_id"])


def upgrade() -> None:
    op.create_table(
        "exchange_instance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("party", sa.String(length=3), nullable=False),
        sa.Column("since", UTCDateTime(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_exchange_instance_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_instance")),
    )
    op.create_table(
        "exchange_peer_keys",
        sa.Column("key_id", sa.String(length=64), nullable=False),
        sa.Column("party", sa.String(length=3), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("added_at", UTCDateTime(), nullable=False),
        sa.Column("added_by", sa.String(length=100), nullable=False),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.Column("revoked_by", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("key_id", name=op.f("pk_exchange_peer_keys")),
    )
    op.create_index(op.f("ix_exchange_peer_keys_party"), "exchange_peer_keys", ["party"])
    _documents("exchange_outbox", "sent")
    _documents("exchange_inbox", "received")


def downgrade() -> None:
    op.drop_table("exchange_inbox")
    op.drop_table("exchange_outbox")
    op.drop_table("exchange_peer_keys")
    op.drop_table("exchange_instance")
