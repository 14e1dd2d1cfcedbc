"""Deployments (with their units as canonical JSON and derived totals), their versions, cap overrides, and each
host's presence version.

The totals are stored beside the units only so that the database can select the deployments that
occupy capacity in a window (indexes on host, visiting party, facility and start); they are always
derived from the units when written.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from relos.db.tables import agreements as _agreements  # noqa: F401 - its table, named by a foreign key here
from relos.db.tables import facilities as _facilities  # noqa: F401 - its table, named by a foreign key here
from relos.db.tables.base import Base
from relos.db.types import UTCDateTime


class DeploymentRow(Base):
    __tablename__ = "deployments"
    __table_args__ = (
        CheckConstraint("end_at > start_at", name="window"),
        CheckConstraint("visiting_party <> host_party", name="distinct_parties"),
        CheckConstraint("warships >= 0 AND aircraft >= 0 AND personnel >= 0", name="totals_not_negative"),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint(
            "status IN ('draft', 'submitted', 'approved', 'rejected', 'arrived', 'departed', 'closed', 'cancelled')",
            name="status_known",
        ),
        Index("ix_deployments_host_visiting_start", "host_party", "visiting_party", "start_at"),
        Index("ix_deployments_facility_start", "facility_id", "start_at"),
        Index("ix_deployments_host_duration", "host_party", "duration_s"),
        Index("ix_deployments_agreement_status", "agreement_id", "status"),
        Index("ix_deployments_host_status_departed", "host_party", "status", "departed_at"),
        Index("ix_deployments_reference", "reference", unique=True),
        Index("ix_deployments_host_presence_seq", "host_party", "presence_seq"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id"))
    visiting_party: Mapped[str] = mapped_column(String(3))
    host_party: Mapped[str] = mapped_column(String(3))
    facility_id: Mapped[str] = mapped_column(ForeignKey("facilities.id"))
    purpose: Mapped[str] = mapped_column(String(64))
    purpose_consent: Mapped[str] = mapped_column(Text, default="")
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_s: Mapped[float] = mapped_column(Float)
    units: Mapped[str] = mapped_column(Text)  # canonical JSON: {"ships": [...], "aircraft": [...]}
    warships: Mapped[int] = mapped_column(Integer)
    aircraft: Mapped[int] = mapped_column(Integer)
    personnel: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer)
    requested_by: Mapped[str] = mapped_column(String(128))
    decided_by: Mapped[str | None] = mapped_column(String(128))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    departed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    amendment_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reference: Mapped[str] = mapped_column(String(32))  # allocated at creation, never changed; unique
    title: Mapped[str] = mapped_column(String(200))
    #: the host's presence version of the last write while it occupied or did: set by the database
    #: (relos.db.presence_triggers), never by the application
    presence_seq: Mapped[int] = mapped_column(BigInteger, server_default="0")


class HostPresenceRow(Base):
    """Each host's presence version, kept by the database (relos.db.presence_triggers)."""

    __tablename__ = "host_presence"

    host_party: Mapped[str] = mapped_column(String(3), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)
    reset_seq: Mapped[int] = mapped_column(BigInteger)
    epoch: Mapped[str] = mapped_column(String(32))


class DeploymentVersionRow(Base):
    """Every version of a deployment as its canonical JSON document, kept when it is amended."""

    __tablename__ = "deployment_versions"

    deployment_id: Mapped[str] = mapped_column(ForeignKey("deployments.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    document: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CapOverrideRow(Base):
    __tablename__ = "cap_overrides"
    __table_args__ = (
        CheckConstraint("end_at > start_at", name="window"),
        CheckConstraint("warships IS NOT NULL OR aircraft IS NOT NULL OR personnel IS NOT NULL", name="names_a_cap"),
        Index("ix_cap_overrides_parties", "host_party", "visiting_party", "start_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id"))
    visiting_party: Mapped[str] = mapped_column(String(3))
    host_party: Mapped[str] = mapped_column(String(3))
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    warships: Mapped[int | None] = mapped_column(Integer)
    aircraft: Mapped[int | None] = mapped_column(Integer)
    personnel: Mapped[int | None] = mapped_column(Integer)
    authority: Mapped[str] = mapped_column(Text)
    reference: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by: Mapped[str] = mapped_column(String(128), default="", server_default="")
    revocation_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
