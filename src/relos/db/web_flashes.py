"""Flashes of the web application, kept on the server: after a form is posted, the browser is sent (303) to a
page that shows, once, what became of it: the refusal with what was typed, or the confirmation. A flash
belongs to one browser session (its owner, the hash of the session's secret) and one page (a path), lives
FLASH_LIFETIME at most, and is deleted when the page shows it."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select

from relos.db.runtime import Database
from relos.db.tables.web import WebFlashRow

FLASH_LIFETIME = timedelta(minutes=10)


def put_flash(db: Database, *, owner: str, page: str, payload: Mapping[str, Any], now: datetime) -> None:
    """Keep `payload` for the owner's next view of `page` (replacing one not yet shown); drop expired ones."""
    with db.session_factory() as session, session.begin():
        session.execute(delete(WebFlashRow).where(WebFlashRow.created_at < now - FLASH_LIFETIME))
        session.execute(delete(WebFlashRow).where(WebFlashRow.owner == owner, WebFlashRow.page == page))
        session.add(
            WebFlashRow(
                flash_id=uuid.uuid4().hex,
                owner=owner,
                page=page[:300],
                created_at=now,
                payload=json.dumps(payload, ensure_ascii=False, default=str),
            )
        )


def take_flash(db: Database, *, owner: str, page: str, now: datetime) -> dict[str, Any] | None:
    """The owner's flash for `page`, deleted as it is read; None when there is none or it has expired.

    Most page views have no flash: they only read (no write transaction, no lock on SQLite's file). A flash
    found is then deleted by its id, and shown only by the view whose deletion took it (two views at once
    show it once)."""
    where = (WebFlashRow.owner == owner, WebFlashRow.page == page[:300])
    with db.session_factory() as session:
        found = session.execute(select(WebFlashRow.flash_id).where(*where)).scalars().all()
    if not found:
        return None
    with db.session_factory() as session, session.begin():
        taken = session.execute(
            delete(WebFlashRow)
            .where(WebFlashRow.flash_id.in_(found))
            .returning(WebFlashRow.created_at, WebFlashRow.payload)
        ).all()
    fresh = sorted((row for row in taken if row.created_at >= now - FLASH_LIFETIME), key=lambda row: row.created_at)
    if not fresh:
        return None
    payload = json.loads(fresh[-1].payload)
    return payload if isinstance(payload, dict) else None


def drop_flashes(db: Database, *, owner: str) -> None:
    """Every flash of a session that ends (signing out)."""
    with db.session_factory() as session, session.begin():
        session.execute(delete(WebFlashRow).where(WebFlashRow.owner == owner))
