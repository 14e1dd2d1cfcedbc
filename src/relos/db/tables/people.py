"""People: users (one party, roles, an Argon2 password hash, the lock-out counter of failed sign-ins from all
client addresses together), the lock-out counters of each account from each client address, and their
credentials (API tokens and web sessions, stored as the SHA-256 of their secret)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from relos.db.tables.base import Base
from relos.db.types import UTCDateTime


class UserRow(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("failed_sign_ins >= 0", name="failed_sign_ins_not_negative"),
        CheckConstraint("language IN ('en', 'ru')", name="known_language"),
    )

    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    party: Mapped[str] = mapped_column(String(3), index=True)
    roles: Mapped[str] = mapped_column(String(256))  # space-separated Role values, sorted
    display_name: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(2), default="en")
    password_hash: Mapped[str] = mapped_column(Text)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the failures from all addresses in `failed_sign_ins` began to be counted (or the lock began).
    failures_counted_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SignInFailureRow(Base):
    """Failed sign-ins of one account from one client address: five in a row lock it for that address."""

    __tablename__ = "sign_in_failures"
    __table_args__ = (CheckConstraint("failed_sign_ins >= 0", name="failed_sign_ins_not_negative"),)

    user_id: Mapped[str] = mapped_column(ForeignKey("users.user_id", ondelete="CASCADE"), primary_key=True)
    address: Mapped[str] = mapped_column(String(64), primary_key=True)
    failed_sign_ins: Mapped[int] = mapped_column(Integer)
    counted_since: Mapped[datetime] = mapped_column(UTCDateTime)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CredentialRow(Base):
    __tablename__ = "credentials"
    __table_args__ = (
        CheckConstraint("kind IN ('token', 'session')", name="known_kind"),
        CheckConstraint("expires_at > created_at", name="expires_after_creation"),
        Index("ix_credentials_user_kind", "user_id", "kind"),
        Index("ix_credentials_issued_by", "issued_by"),
    )

    credential_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.user_id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(200))
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The credential (token or session) that issued this token; NULL when issued at the console.
    issued_by: Mapped[str | None] = mapped_column(ForeignKey("credentials.credential_id", ondelete="SET NULL"))
