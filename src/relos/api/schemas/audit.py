"""Response bodies of the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel


class AuditEntryOut(BaseModel):
    """An entry of the hash-chained audit trail: who did what to which record, and when."""

    seq: int
    at: dt.datetime
    actor: str
    party: str | None
    action: str
    entity: str
    entity_id: str
    agreement_id: str | None
    subject_party: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    hash: str
