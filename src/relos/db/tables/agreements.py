"""The agreement register: terms (as the source file text plus columns to query) and dated events."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from relos.db.tables.base import Base
from relos.db.types import UTCDateTime


class AgreementRow(Base):
    __tablename__ = "agreements"
    __table_args__ = (CheckConstraint("party_a <> party_b", name="distinct_parties"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    short_name: Mapped[str] = mapped_column(String(64))
    party_a: Mapped[str] = mapped_column(String(3), index=True)
    party_b: Mapped[str] = mapped_column(String(3), index=True)
    signed: Mapped[date] = mapped_column(Date)
    source_text: Mapped[str] = mapped_column(Text)
    source_name: Mapped[str] = mapped_column(String(256))  # file imported, or "bundled:<name>"
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AgreementEventRow(Base):
    __tablename__ = "agreement_events"
    __table_args__ = (Index("ix_agreement_events_agreement_on", "agreement_id", "on"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    on: Mapped[date] = mapped_column(Date)
    party: Mapped[str | None] = mapped_column(String(3))
    effective: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[str] = mapped_column(String(16))
    recorded_by: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
