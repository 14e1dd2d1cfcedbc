"""What one party's instance keeps of the exchange with its partners: the party it belongs to, the partners'
public keys (checked by their fingerprint) and addresses, and every document it sent (outbox) and received
(inbox), whole and signed as it crossed, with its place on its channel."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from relos.db.tables.base import Base
from relos.db.types import UTCDateTime


class InstanceRow(Base):
    """One row (id 1) when the instance belongs to one party; none in the joint mode."""

    __tablename__ = "exchange_instance"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    party: Mapped[str] = mapped_column(String(3))
    since: Mapped[datetime] = mapped_column(UTCDateTime)


class PeerKeyRow(Base):
    __tablename__ = "exchange_peer_keys"

    key_id: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the raw public key
    party: Mapped[str] = mapped_column(String(3), index=True)
    public_key: Mapped[str] = mapped_column(String(64))  # the raw Ed25519 key, hexadecimal
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)
    added_by: Mapped[str] = mapped_column(String(100))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_by: Mapped[str | None] = mapped_column(String(100), nullable=True)


class AddressRow(Base):
    """Where a partner's instance takes bundles (`POST <url>/api/v1/exchange/inbox`) and how often to sync."""

    __tablename__ = "exchange_addresses"

    party: Mapped[str] = mapped_column(String(3), primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    every_seconds: Mapped[int] = mapped_column(Integer)
    set_at: Mapped[datetime] = mapped_column(UTCDateTime)
    set_by: Mapped[str] = mapped_column(String(100))


class _Document:
    """What the outbox and the inbox both keep of a document: `channel` is the partner (receiver or sender)."""

    document_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    channel: Mapped[str] = mapped_column(String(3))
    seq: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(48))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    agreement_id: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)  # the signed document, canonical JSON (RFC 8785)


class OutboxRow(_Document, Base):
    __tablename__ = "exchange_outbox"
    __table_args__ = (UniqueConstraint("channel", "seq", name="uq_exchange_outbox_channel_seq"),)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class InboxRow(_Document, Base):
    __tablename__ = "exchange_inbox"
    __table_args__ = (UniqueConstraint("channel", "seq", name="uq_exchange_inbox_channel_seq"),)

    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(16))  # applied, refused, waiting
    outcome: Mapped[str] = mapped_column(Text, default="")  # JSON: the rules a refusal named
