"""Clearances: port-call notices and airspace clearance requests, their versions and their changes.

The current version's details (ships or aircraft, route, commander...) are stored as its canonical
JSON document (``clearance_versions``) — the form that crosses between the parties; the columns of
``clearances`` hold what queries select and order by (status, window, deadline, deployment).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from relos.db.tables import agreements as _agreements  # noqa: F401 - its table, named by a foreign key here
from relos.db.tables.base import Base
from relos.db.types import UTCDateTime

STATUSES = (
    "draft",
    "submitted",
    "need_more_information",
    "approved",
    "approved_with_restrictions",
    "denied",
    "cancelled",
    "expired",
    "amended",
)


class ClearanceRow(Base):
    __tablename__ = "clearances"
    __table_args__ = (
        CheckConstraint("visiting_party <> host_party", name="distinct_parties"),
        CheckConstraint("end_at > start_at", name="window"),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint("kind IN ('port_call', 'airspace')", name="kind_known"),
        CheckConstraint("status IN (" + ", ".join(f"'{s}'" for s in STATUSES) + ")", name="status_known"),
        CheckConstraint(
            "status NOT IN ('approved', 'approved_with_restrictions') OR clearance_number IS NOT NULL",
            name="granted_has_number",
        ),
        UniqueConstraint("host_party", "clearance_number", name="uq_clearances_host_number"),
        Index("ix_clearances_status_deadline", "status", "submit_by"),
        Index("ix_clearances_deployment", "deployment_id"),
        Index("ix_clearances_agreement_status", "agreement_id", "status"),
        Index("ix_clearances_reference", "reference", unique=True),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id"))
    kind: Mapped[str] = mapped_column(String(16))
    visiting_party: Mapped[str] = mapped_column(String(3))
    host_party: Mapped[str] = mapped_column(String(3))
    facility_id: Mapped[str] = mapped_column(String(64))
    deployment_id: Mapped[str | None] = mapped_column(String(64))
    purpose: Mapped[str] = mapped_column(String(64))
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submit_by: Mapped[datetime | None] = mapped_column(UTCDateTime)  # first late instant; None: no lead time
    status: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_by: Mapped[str | None] = mapped_column(String(128))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(128))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    clearance_number: Mapped[str | None] = mapped_column(String(64))
    restrictions: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of text
    reason: Mapped[str] = mapped_column(Text, default="")
    warnings: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of text
    exception_reason: Mapped[str | None] = mapped_column(Text)
    exception_by: Mapped[str | None] = mapped_column(String(128))
    exception_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    exception_admits_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reference: Mapped[str] = mapped_column(String(32))  # allocated at creation, never changed; unique
    title: Mapped[str] = mapped_column(String(200))


class ClearanceVersionRow(Base):
    """Every version of a clearance as its canonical JSON document, kept when it is amended."""

    __tablename__ = "clearance_versions"

    clearance_id: Mapped[str] = mapped_column(ForeignKey("clearances.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    document: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ClearanceChangeRow(Base):
    """Each change of a clearance: action, who (of which party), when, status before and after."""

    __tablename__ = "clearance_changes"
    __table_args__ = (CheckConstraint("seq >= 1", name="seq_positive"),)

    clearance_id: Mapped[str] = mapped_column(ForeignKey("clearances.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    by: Mapped[str] = mapped_column(String(128))
    party: Mapped[str | None] = mapped_column(String(3))
    action: Mapped[str] = mapped_column(String(48))
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
