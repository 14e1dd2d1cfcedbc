"""The facility catalogue and force data: facilities, their access per agreement, ship classes,
aircraft types and planning factors. Column names are those of relos.domain.facilities.columns.

Lists are stored ';'-joined; a service is 'yes', 'no' or 'unknown'; an unknown number is NULL.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from relos.db.tables import agreements as _agreements  # noqa: F401 - its table, named by a foreign key here
from relos.db.tables.base import Base
from relos.db.types import UTCDateTime

_AVAILABILITY = "('yes', 'no', 'unknown')"


def _service_check(name: str) -> CheckConstraint:
    return CheckConstraint(f"{name} IN {_AVAILABILITY}", name=f"{name}_yes_no_unknown")


def _not_negative(*names: str) -> list[CheckConstraint]:
    return [CheckConstraint(f"{n} IS NULL OR {n} >= 0", name=f"{n}_not_negative") for n in names]


class FacilityRow(Base):
    __tablename__ = "facilities"
    __table_args__ = (
        CheckConstraint("kind IN ('port', 'naval_base', 'airfield', 'air_base')", name="known_kind"),
        CheckConstraint("lat >= -90 AND lat <= 90", name="lat_in_range"),
        CheckConstraint("lon >= -180 AND lon <= 180", name="lon_in_range"),
        *(_service_check(n) for n in ("water", "rations", "spares", "repair", "medical")),
        *_not_negative(
            "berths",
            "berth_max_length_m",
            "berth_max_draught_m",
            "aircraft_stands",
            "fuel_capacity_m3",
            "accommodation_beds",
        ),
        Index("ix_facilities_country_kind", "country", "kind"),
    )

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_local: Mapped[str] = mapped_column(String(200), default="")
    name_ru: Mapped[str] = mapped_column(String(200), default="", server_default="")
    country: Mapped[str] = mapped_column(String(3))
    kind: Mapped[str] = mapped_column(String(16))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    timezone: Mapped[str] = mapped_column(String(64))
    berths: Mapped[int | None] = mapped_column(Integer)
    berth_max_length_m: Mapped[float | None] = mapped_column(Float)
    berth_max_draught_m: Mapped[float | None] = mapped_column(Float)
    harbour_size: Mapped[str] = mapped_column(String(16), default="", server_default="")
    aircraft_stands: Mapped[int | None] = mapped_column(Integer)
    fuel_types: Mapped[str] = mapped_column(Text, default="")
    fuel_capacity_m3: Mapped[float | None] = mapped_column(Float)
    water: Mapped[str] = mapped_column(String(8), default="unknown")
    rations: Mapped[str] = mapped_column(String(8), default="unknown")
    spares: Mapped[str] = mapped_column(String(8), default="unknown")
    repair: Mapped[str] = mapped_column(String(8), default="unknown")
    medical: Mapped[str] = mapped_column(String(8), default="unknown")
    accommodation_beds: Mapped[int | None] = mapped_column(Integer)
    open_under: Mapped[str] = mapped_column(Text, default="")  # as given; facility_access is what is queried
    estimated: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text)  # case-folded id and names, for name search
    imported_from: Mapped[str] = mapped_column(String(256))  # file imported, or "bundled:<name>"
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class FacilityAccessRow(Base):
    """A facility opened to the partner under an agreement (one row per agreement in open_under)."""

    __tablename__ = "facility_access"

    facility_id: Mapped[str] = mapped_column(ForeignKey("facilities.id", ondelete="CASCADE"), primary_key=True)
    agreement_id: Mapped[str] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ShipClassRow(Base):
    __tablename__ = "ship_classes"
    __table_args__ = (
        *_not_negative(
            "displacement_t",
            "length_m",
            "beam_m",
            "draught_m",
            "range_nm",
            "range_speed_kn",
            "cruise_speed_kn",
            "max_speed_kn",
            "crew",
        ),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str] = mapped_column(String(200), default="", server_default="")
    navy: Mapped[str] = mapped_column(String(3), index=True)
    type: Mapped[str] = mapped_column(String(32))
    displacement_t: Mapped[float | None] = mapped_column(Float)
    length_m: Mapped[float | None] = mapped_column(Float)
    beam_m: Mapped[float | None] = mapped_column(Float)
    draught_m: Mapped[float | None] = mapped_column(Float)
    range_nm: Mapped[float | None] = mapped_column(Float)
    range_speed_kn: Mapped[float | None] = mapped_column(Float)
    cruise_speed_kn: Mapped[float | None] = mapped_column(Float)
    max_speed_kn: Mapped[float | None] = mapped_column(Float)
    fuel_type: Mapped[str | None] = mapped_column(String(32))
    crew: Mapped[int | None] = mapped_column(Integer)
    ice_class: Mapped[str] = mapped_column(String(32), default="")
    estimated: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text, default="")
    imported_from: Mapped[str] = mapped_column(String(256))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AircraftTypeRow(Base):
    __tablename__ = "aircraft_types"
    __table_args__ = (*_not_negative("ferry_range_km", "range_km", "cruise_speed_kmh", "crew"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    operators: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(Text, default="")
    ferry_range_km: Mapped[float | None] = mapped_column(Float)
    range_km: Mapped[float | None] = mapped_column(Float)
    cruise_speed_kmh: Mapped[float | None] = mapped_column(Float)
    fuel_type: Mapped[str | None] = mapped_column(String(32))
    crew: Mapped[int | None] = mapped_column(Integer)
    estimated: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text, default="")
    imported_from: Mapped[str] = mapped_column(String(256))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PlanningFactorRow(Base):
    __tablename__ = "planning_factors"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    description: Mapped[str] = mapped_column(Text)
    value: Mapped[str] = mapped_column(String(64))  # the exact decimal, as text
    unit: Mapped[str] = mapped_column(String(64))
    climate: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text, default="")
    imported_from: Mapped[str] = mapped_column(String(256))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
