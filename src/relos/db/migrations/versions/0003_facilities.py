"""facilities: catalogue, access per agreement, ship classes, aircraft types, planning factors

Revision ID: 0003_facilities
Revises: 0001_foundation
Create Date: 2026-11-22 02:39:41.089551
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from relos.db.types import UTCDateTime

revision = "0003_facilities"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "aircraft_types",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("operators", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("ferry_range_km", sa.Float(), nullable=True),
        sa.Column("range_km", sa.Float(), nullable=True),
        sa.Column("cruise_speed_kmh", sa.Float(), nullable=True),
        sa.Column("fuel_type", sa.String(length=32), nullable=True),
        sa.Column("crew", sa.Integer(), nullable=True),
        sa.Column("estimated", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("imported_from", sa.String(length=256), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("crew IS NULL OR crew >= 0", name=op.f("ck_aircraft_types_crew_not_negative")),
        sa.CheckConstraint(
            "cruise_speed_kmh IS NULL OR cruise_speed_kmh >= 0",
            name=op.f("ck_aircraft_types_cruise_speed_kmh_not_negative"),
        ),
        sa.CheckConstraint(
            "ferry_range_km IS NULL OR ferry_range_km >= 0", name=op.f("ck_aircraft_types_ferry_range_km_not_negative")
        ),
        sa.CheckConstraint("range_km IS NULL OR range_km >= 0", name=op.f("ck_aircraft_types_range_km_not_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aircraft_types")),
    )
    op.create_table(
        "facilities",
        sa.Column("id", sa.String(length=16), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("name_local", sa.String(length=200), nullable=False),
        sa.Column("country", sa.String(length=3), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("berths", sa.Integer(), nullable=True),
        sa.Column("berth_max_length_m", sa.Float(), nullable=True),
        sa.Column("berth_max_draught_m", sa.Float(), nullable=True),
        sa.Column("aircraft_stands", sa.Integer(), nullable=True),
        sa.Column("fuel_types", sa.Text(), nullable=False),
        sa.Column("fuel_capacity_m3", sa.Float(), nullable=True),
        sa.Column("water", sa.String(length=8), nullable=False),
        sa.Column("rations", sa.String(length=8), nullable=False),
        sa.Column("spares", sa.String(length=8), nullable=False),
        sa.Column("repair", sa.String(length=8), nullable=False),
        sa.Column("medical", sa.String(length=8), nullable=False),
        sa.Column("accommodation_beds", sa.Integer(), nullable=True),
        sa.Column("open_under", sa.Text(), nullable=False),
        sa.Column("estimated", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("imported_from", sa.String(length=256), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('port', 'naval_base', 'airfield', 'air_base')", name=op.f("ck_facilities_known_kind")
        ),
        sa.CheckConstraint("medical IN ('yes', 'no', 'unknown')", name=op.f("ck_facilities_medical_yes_no_unknown")),
        sa.CheckConstraint("rations IN ('yes', 'no', 'unknown')", name=op.f("ck_facilities_rations_yes_no_unknown")),
        sa.CheckConstraint("repair IN ('yes', 'no', 'unknown')", name=op.f("ck_facilities_repair_yes_no_unknown")),
        sa.CheckConstraint("spares IN ('yes', 'no', 'unknown')", name=op.f("ck_facilities_spares_yes_no_unknown")),
        sa.CheckConstraint("water IN ('yes', 'no', 'unknown')", name=op.f("ck_facilities_water_yes_no_unknown")),
        sa.CheckConstraint(
            "accommodation_beds IS NULL OR accommodation_beds >= 0",
            name=op.f("ck_facilities_accommodation_beds_not_negative"),
        ),
        sa.CheckConstraint(
            "aircraft_stands IS NULL OR aircraft_stands >= 0", name=op.f("ck_facilities_aircraft_stands_not_negative")
        ),
        sa.CheckConstraint(
            "berth_max_draught_m IS NULL OR berth_max_draught_m >= 0",
            name=op.f("ck_facilities_berth_max_draught_m_not_negative"),
        ),
        sa.CheckConstraint(
            "berth_max_length_m IS NULL OR berth_max_length_m >= 0",
            name=op.f("ck_facilities_berth_max_length_m_not_negative"),
        ),
        sa.CheckConstraint("berths IS NULL OR berths >= 0", name=op.f("ck_facilities_berths_not_negative")),
        sa.CheckConstraint(
            "fuel_capacity_m3 IS NULL OR fuel_capacity_m3 >= 0",
            name=op.f("ck_facilities_fuel_capacity_m3_not_negative"),
        ),
        sa.CheckConstraint("lat >= -90 AND lat <= 90", name=op.f("ck_facilities_lat_in_range")),
        sa.CheckConstraint("lon >= -180 AND lon <= 180", name=op.f("ck_facilities_lon_in_range")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_facilities")),
    )
    with op.batch_alter_table("facilities", schema=None) as batch_op:
        batch_op.create_index("ix_facilities_country_kind", ["country", "kind"], unique=False)

    op.create_table(
        "planning_factors",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("value", sa.String(length=64), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.Column("climate", sa.String(length=16), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("imported_from", sa.String(length=256), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planning_factors")),
    )
    op.create_table(
        "ship_classes",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("navy", sa.String(length=3), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("displacement_t", sa.Float(), nullable=True),
        sa.Column("length_m", sa.Float(), nullable=True),
        sa.Column("beam_m", sa.Float(), nullable=True),
        sa.Column("draught_m", sa.Float(), nullable=True),
        sa.Column("range_nm", sa.Float(), nullable=True),
        sa.Column("range_speed_kn", sa.Float(), nullable=True),
        sa.Column("cruise_speed_kn", sa.Float(), nullable=True),
        sa.Column("max_speed_kn", sa.Float(), nullable=True),
        sa.Column("fuel_type", sa.String(length=32), nullable=True),
        sa.Column("crew", sa.Integer(), nullable=True),
        sa.Column("ice_class", sa.String(length=32), nullable=False),
        sa.Column("estimated", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("imported_from", sa.String(length=256), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("beam_m IS NULL OR beam_m >= 0", name=op.f("ck_ship_classes_beam_m_not_negative")),
        sa.CheckConstraint("crew IS NULL OR crew >= 0", name=op.f("ck_ship_classes_crew_not_negative")),
        sa.CheckConstraint(
            "cruise_speed_kn IS NULL OR cruise_speed_kn >= 0", name=op.f("ck_ship_classes_cruise_speed_kn_not_negative")
        ),
        sa.CheckConstraint(
            "displacement_t IS NULL OR displacement_t >= 0", name=op.f("ck_ship_classes_displacement_t_not_negative")
        ),
        sa.CheckConstraint("draught_m IS NULL OR draught_m >= 0", name=op.f("ck_ship_classes_draught_m_not_negative")),
        sa.CheckConstraint("length_m IS NULL OR length_m >= 0", name=op.f("ck_ship_classes_length_m_not_negative")),
        sa.CheckConstraint(
            "max_speed_kn IS NULL OR max_speed_kn >= 0", name=op.f("ck_ship_classes_max_speed_kn_not_negative")
        ),
        sa.CheckConstraint("range_nm IS NULL OR range_nm >= 0", name=op.f("ck_ship_classes_range_nm_not_negative")),
        sa.CheckConstraint(
            "range_speed_kn IS NULL OR range_speed_kn >= 0", name=op.f("ck_ship_classes_range_speed_kn_not_negative")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ship_classes")),
    )
    with op.batch_alter_table("ship_classes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ship_classes_navy"), ["navy"], unique=False)

    op.create_table(
        "facility_access",
        sa.Column("facility_id", sa.String(length=16), nullable=False),
        sa.Column("agreement_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name=op.f("fk_facility_access_agreement_id_agreements"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["facility_id"],
            ["facilities.id"],
            name=op.f("fk_facility_access_facility_id_facilities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("facility_id", "agreement_id", name=op.f("pk_facility_access")),
    )
    with op.batch_alter_table("facility_access", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_facility_access_agreement_id"), ["agreement_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("facility_access", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_facility_access_agreement_id"))

    op.drop_table("facility_access")
    with op.batch_alter_table("ship_classes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ship_classes_navy"))

    op.drop_table("ship_classes")
    op.drop_table("planning_factors")
    with op.batch_alter_table("facilities", schema=None) as batch_op:
        batch_op.drop_index("ix_facilities_country_kind")

    op.drop_table("facilities")
    op.drop_table("aircraft_types")
