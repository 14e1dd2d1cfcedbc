"""What the agreement register needs from storage: stored agreements with their events."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from relos.domain.agreements import Agreement, AgreementEvent


@dataclass(frozen=True)
class StoredAgreement:
    agreement: Agreement
    events: tuple[AgreementEvent, ...]
    source_text: str
    source_name: str
    imported_at: datetime


class AgreementRepository(Protocol):
    def get(self, agreement_id: str) -> StoredAgreement | None: ...

    def list(self) -> builtins.list[StoredAgreement]: ...

    def save(
        self,
        agreement: Agreement,
        *,
        source_text: str,
        source_name: str,
        file_events: builtins.list[AgreementEvent],
        now: datetime,
    ) -> None:
        """Add or replace the agreement's terms and the events its file carries (imported at `now`); recorded
        events stay."""

    def add_event(self, agreement_id: str, event: AgreementEvent, *, recorded_by: str, now: datetime) -> str: ...
