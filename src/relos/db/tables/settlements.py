"""What a party's instance keeps of the reconciliation with its partner: the partner's statement digests it
received (the last one of an agreement and period is what the reconciliation page compares with), and the
settlement certificates — signed by this instance, and by both once countersigned (which opens the payments of
the period in a party's instance)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from relos.db.tables.base import Base
from relos.db.types import UTCDateTime


class SettlementRow(Base):
    __tablename__ = "exchange_settlements"
    __table_args__ = (Index("ix_exchange_settlements_agreement_period", "agreement_id", "kind", "period_start"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # digest (the partner's), certificate
    partner: Mapped[str] = mapped_column(String(3))
    agreement_id: Mapped[str] = mapped_column(String(64))
    period: Mapped[str] = mapped_column(String(40))  # as written (2026-Q2)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)  # exclusive
    ledger_hash: Mapped[str] = mapped_column(String(64), default="")
    signed_by_both: Mapped[bool] = mapped_column(Boolean, default=False)
    body: Mapped[str] = mapped_column(Text)  # the signed digest or certificate, JSON
    at: Mapped[datetime] = mapped_column(UTCDateTime)
