"""Where the fields of a facility came from when a bulk import (World Port Index, OurAirports) gave them:
one row per facility and source, with the record's identity in that source, the edition and when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from relos.db.tables import facilities as _facilities  # noqa: F401 - its table, named by a foreign key here
from relos.db.tables.base import Base
from relos.db.types import UTCDateTime


class FacilityProvenanceRow(Base):
    __tablename__ = "facility_provenance"
    __table_args__ = (UniqueConstraint("source", "external_id", name="uq_facility_provenance_source_external_id"),)

    facility_id: Mapped[str] = mapped_column(ForeignKey("facilities.id", ondelete="CASCADE"), primary_key=True)
    source: Mapped[str] = mapped_column(String(32), primary_key=True)  # "wpi", "ourairports"
    external_id: Mapped[str] = mapped_column(String(64))  # WPI number, OurAirports ident
    edition: Mapped[str] = mapped_column(String(200))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    fields: Mapped[str] = mapped_column(Text)  # ';'-joined facility fields the source gave
