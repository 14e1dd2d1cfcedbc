"""clearances: port-call notices and airspace clearances, versions, changes

Revision ID: 0006_clearances
Revises: 0005_deployments
Create Date: 2026-12-02 02:46:14.387568
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from relos.db.types import UTCDateTime

revision = "0006_clearances"
down_revision = "0005_deployments"  # comes after the deployments it refers to
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "clearances",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("agreement_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("visiting_party", sa.String(length=3), nullable=False),
        sa.Column("host_party", sa.String(length=3), nullable=False),
        sa.Column("facility_id", sa.String(length=64), nullable=False),
        sa.Column("deployment_id", sa.String(length=64), nullable=True),
        sa.Column("purpose", sa.String(length=64), nullable=False),
        sa.Column("start_at", UTCDateTime(), nullable=False),
        sa.Column("end_at", UTCDateTime(), nullable=False),
        sa.Column("submit_by", UTCDateTime(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("submitted_by", sa.String(length=128), nullable=True),
        sa.Column("submitted_at", UTCDateTime(), nullable=True),
        sa.Column("decided_by", sa.String(length=128), nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("clearance_number", sa.String(length=64), nullable=True),
        sa.Column("restrictions", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("warnings", sa.Text(), nullable=False),
        sa.Column("exception_reason", sa.Text(), nullable=True),
        sa.Column("exception_by", sa.String(length=128), nullable=True),
        sa.Column("exception_at", UTCDateTime(), nullable=True),
        sa.Column("exception_admits_start", UTCDateTime(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('port_call', 'airspace')", name=op.f("ck_clearances_kind_known")),
        sa.CheckConstraint(
            "status IN ('draft', 'submitted', 'need_more_information', 'approved', 'approved_with_restrictions', 'denied', 'cancelled', 'expired', 'amended')",
            name=op.f("ck_clearances_status_known"),
        ),
        sa.CheckConstraint(
            "status NOT IN ('approved', 'approved_with_restrictions') OR clearance_number IS NOT NULL",
            name=op.f("ck_clearances_granted_has_number"),
        ),
        sa.CheckConstraint("end_at > start_at", name=op.f("ck_clearances_window")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_clearances_version_positive")),
        sa.CheckConstraint("visiting_party <> host_party", name=op.f("ck_clearances_distinct_parties")),
        sa.ForeignKeyConstraint(
            ["agreement_id"], ["agreements.id"], name=op.f("fk_clearances_agreement_id_agreements")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clearances")),
        sa.UniqueConstraint("host_party", "clearance_number", name="uq_clearances_host_number"),
    )
    with op.batch_alter_table("clearances", schema=None) as batch_op:
        batch_op.create_index("ix_clearances_agreement_status", ["agreement_id", "status"], unique=False)
        batch_op.create_index("ix_clearances_deployment", ["deployment_id"], unique=False)
        batch_op.create_index("ix_clearances_status_deadline", ["status", "submit_by"], unique=False)

    op.create_table(
        "clearance_changes",
        sa.Column("clearance_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("by", sa.String(length=128), nullable=False),
        sa.Column("party", sa.String(length=3), nullable=True),
        sa.Column("action", sa.String(length=48), nullable=False),
        sa.Column("from_status", sa.String(length=32), nullable=True),
        sa.Column("to_status", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint("seq >= 1", name=op.f("ck_clearance_changes_seq_positive")),
        sa.ForeignKeyConstraint(
            ["clearance_id"],
            ["clearances.id"],
            name=op.f("fk_clearance_changes_clearance_id_clearances"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("clearance_id", "seq", name=op.f("pk_clearance_changes")),
    )
    op.create_table(
        "clearance_versions",
        sa.Column("clearance_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=128), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["clearance_id"],
            ["clearances.id"],
            name=op.f("fk_clearance_versions_clearance_id_clearances"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("clearance_id", "version", name=op.f("pk_clearance_versions")),
    )


def downgrade() -> None:
    op.drop_table("clearance_versions")
    op.drop_table("clearance_changes")
    with op.batch_alter_table("clearances", schema=None) as batch_op:
        batch_op.drop_index("ix_clearances_status_deadline")
        batch_op.drop_index("ix_clearances_deployment")
        batch_op.drop_index("ix_clearances_agreement_status")

    op.drop_table("clearances")
