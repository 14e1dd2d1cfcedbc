"""deployments: deployments with their units and versions, cap overrides

Revision ID: 0005_deployments
Revises: 0003_facilities
Create Date: 2026-12-02 02:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from relos.db.types import UTCDateTime

revision = "0005_deployments"
down_revision = "0003_facilities"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deployments",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("agreement_id", sa.String(length=64), nullable=False),
        sa.Column("visiting_party", sa.String(length=3), nullable=False),
        sa.Column("host_party", sa.String(length=3), nullable=False),
        sa.Column("facility_id", sa.String(length=16), nullable=False),
        sa.Column("purpose", sa.String(length=64), nullable=False),
        sa.Column("purpose_consent", sa.Text(), nullable=False),
        sa.Column("start_at", UTCDateTime(), nullable=False),
        sa.Column("end_at", UTCDateTime(), nullable=False),
        sa.Column("duration_s", sa.Float(), nullable=False),
        sa.Column("units", sa.Text(), nullable=False),
        sa.Column("warships", sa.Integer(), nullable=False),
        sa.Column("aircraft", sa.Integer(), nullable=False),
        sa.Column("personnel", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("requested_by", sa.String(length=128), nullable=False),
        sa.Column("decided_by", sa.String(length=128), nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=False),
        sa.Column("arrived_at", UTCDateTime(), nullable=True),
        sa.Column("departed_at", UTCDateTime(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("amendment_reason", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("end_at > start_at", name=op.f("ck_deployments_window")),
        sa.CheckConstraint("visiting_party <> host_party", name=op.f("ck_deployments_distinct_parties")),
        sa.CheckConstraint(
            "warships >= 0 AND aircraft >= 0 AND personnel >= 0", name=op.f("ck_deployments_totals_not_negative")
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_deployments_version_positive")),
        sa.CheckConstraint(
            "status IN ('draft', 'submitted', 'approved', 'rejected', 'arrived', 'departed', 'closed', 'cancelled')",
            name=op.f("ck_deployments_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["agreement_id"], ["agreements.id"], name=op.f("fk_deployments_agreement_id_agreements")
        ),
        sa.ForeignKeyConstraint(["facility_id"], ["facilities.id"], name=op.f("fk_deployments_facility_id_facilities")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deployments")),
    )
    with op.batch_alter_table("deployments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_deployments_host_visiting_start", ["host_party", "visiting_party", "start_at"], unique=False
        )
        batch_op.create_index("ix_deployments_facility_start", ["facility_id", "start_at"], unique=False)
        batch_op.create_index("ix_deployments_host_duration", ["host_party", "duration_s"], unique=False)
        batch_op.create_index("ix_deployments_agreement_status", ["agreement_id", "status"], unique=False)
        batch_op.create_index(
            "ix_deployments_host_status_departed", ["host_party", "status", "departed_at"], unique=False
        )

    op.create_table(
        "deployment_versions",
        sa.Column("deployment_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=128), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["deployment_id"],
            ["deployments.id"],
            name=op.f("fk_deployment_versions_deployment_id_deployments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("deployment_id", "version", name=op.f("pk_deployment_versions")),
    )
    op.create_table(
        "cap_overrides",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("agreement_id", sa.String(length=64), nullable=False),
        sa.Column("visiting_party", sa.String(length=3), nullable=False),
        sa.Column("host_party", sa.String(length=3), nullable=False),
        sa.Column("start_at", UTCDateTime(), nullable=False),
        sa.Column("end_at", UTCDateTime(), nullable=False),
        sa.Column("warships", sa.Integer(), nullable=True),
        sa.Column("aircraft", sa.Integer(), nullable=True),
        sa.Column("personnel", sa.Integer(), nullable=True),
        sa.Column("authority", sa.Text(), nullable=False),
        sa.Column("reference", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=128), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("end_at > start_at", name=op.f("ck_cap_overrides_window")),
        sa.CheckConstraint(
            "warships IS NOT NULL OR aircraft IS NOT NULL OR personnel IS NOT NULL",
            name=op.f("ck_cap_overrides_names_a_cap"),
        ),
        sa.ForeignKeyConstraint(
            ["agreement_id"], ["agreements.id"], name=op.f("fk_cap_overrides_agreement_id_agreements")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cap_overrides")),
    )
    with op.batch_alter_table("cap_overrides", schema=None) as batch_op:
        batch_op.create_index("ix_cap_overrides_parties", ["host_party", "visiting_party", "start_at"], unique=False)


def downgrade() -> None:
    op.drop_table("cap_overrides")
    op.drop_table("deployment_versions")
    with op.batch_alter_table("deployments", schema=None) as batch_op:
        batch_op.drop_index("ix_deployments_host_status_departed")
        batch_op.drop_index("ix_deployments_agreement_status")
        batch_op.drop_index("ix_deployments_host_duration")
        batch_op.drop_index("ix_deployments_facility_start")
        batch_op.drop_index("ix_deployments_host_visiting_start")
    op.drop_table("deployments")
