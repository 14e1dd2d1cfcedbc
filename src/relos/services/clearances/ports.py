"""The port the clearance use cases need (`UnitOfWork.clearances`); relos.db implements it."""

from __future__ import annotations

import builtins
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from relos.domain.clearances.model import Clearance, ClearanceChange, ClearanceStatus


@dataclass(frozen=True)
class ClearanceVersion:
    clearance_id: str
    version: int
    document: str  # canonical JSON of that version
    reason: str
    recorded_by: str
    recorded_at: datetime


class ClearanceRepository(Protocol):
    def add(
        self, clearance: Clearance, *, document: str, submit_by: datetime | None, recorded_by: str, now: datetime
    ) -> None: ...

    def save(
        self,
        clearance: Clearance,
        *,
        document: str | None,
        submit_by: datetime | None,
        recorded_by: str,
        now: datetime,
    ) -> None:
        """Store the clearance's new state; `document` is given when `clearance.version` is new."""

    def get(self, clearance_id: str) -> Clearance | None: ...

    def list(
        self,
        *,
        agreement_id: str | None = None,
        status: ClearanceStatus | None = None,
        deployment_id: str | None = None,
        parties: Collection[str] | None = None,
        after: str | None = None,
        limit: int | None = None,
        descending: bool = False,
    ) -> builtins.list[Clearance]:
        """Oldest first (newest first when `descending`; then by id). `parties`: only clearances whose visiting or
        host party is one of them. `after`: only those following that clearance in this order (keyset paging);
        `limit`: at most that many."""

    def due(
        self, *, statuses: Collection[ClearanceStatus], before: datetime, parties: Collection[str] | None = None
    ) -> builtins.list[tuple[Clearance, datetime]]:
        """Clearances in `statuses` whose submission deadline comes before `before`, by deadline."""

    def expirable(self, *, now: datetime) -> builtins.list[Clearance]:
        """Live clearances whose window (granted) or start (not granted) has passed at `now`."""

    def add_change(self, change: ClearanceChange) -> None: ...

    def changes(self, clearance_id: str) -> builtins.list[ClearanceChange]: ...

    def next_seq(self, clearance_id: str) -> int: ...

    def versions(self, clearance_id: str) -> builtins.list[ClearanceVersion]: ...

    def number_taken(self, host_party: str, number: str, *, other_than: str) -> bool:
        """Whether the host already gave this clearance number to another clearance."""
