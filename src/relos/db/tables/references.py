"""The counters human references are allocated from: one row per host party, kind and year, holding the last
number given (relos.domain.references). A creation takes the next number by updating its row in its own
transaction, so two creations never get the same one; a number rolled back with its creation was never given."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from relos.db.tables.base import Base


class ReferenceCounterRow(Base):
    __tablename__ = "reference_counters"
    __table_args__ = (
        CheckConstraint("kind IN ('DEP', 'CLR', 'ORD')", name="kind_known"),
        CheckConstraint("last_number >= 1", name="last_number_positive"),
    )

    party: Mapped[str] = mapped_column(String(3), primary_key=True)
    kind: Mapped[str] = mapped_column(String(3), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer)
