"""The web application's own rows: flashes, what a page shows once after a form was posted (the refusal with
what was typed, or the confirmation), kept briefly on the server for the browser's session."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from relos.db.tables.base import Base
from relos.db.types import UTCDateTime


class WebFlashRow(Base):
    __tablename__ = "web_flashes"
    __table_args__ = (Index("ix_web_flashes_owner_page", "owner", "page"),)

    flash_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner: Mapped[str] = mapped_column(String(64))  # SHA-256 of the browser's session (or pre-session) secret
    page: Mapped[str] = mapped_column(String(300))  # the path of the page that shows it
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    payload: Mapped[str] = mapped_column(Text)  # JSON
