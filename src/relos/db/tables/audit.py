"""The audit log: an append-only hash chain, and the head row that pins its end."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from relos.db.tables.base import Base
from relos.db.types import UTCDateTime


class AuditEntryRow(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)

    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(128))
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON: exactly what was hashed
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # Who may read the entry (copies of its hashed content): the agreement the changed record
    # belongs to, or the party of a record outside any agreement (a user, a token).
    agreement_id: Mapped[str | None] = mapped_column(String(64), index=True)
    subject_party: Mapped[str | None] = mapped_column(String(3))
    # How the hash seals the entry (relos.db.audit_chain): 1 its content only, 2 every stored field.
    version: Mapped[int] = mapped_column(Integer, server_default="1")


class AuditHeadRow(Base):
    """One row: the last sequence number and hash, updated with every append (catches a cut tail)."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    hash: Mapped[str] = mapped_column(String(64))
