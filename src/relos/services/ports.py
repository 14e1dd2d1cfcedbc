"""The ports the use cases need; relos.db implements them (SqlUnitOfWork), tests may fake them."""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol, Self

from relos.domain.actor import Actor
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
    ) -> None:
        """Add or replace the agreement's terms and the events its file carries; recorded events stay."""

    def add_event(self, agreement_id: str, event: AgreementEvent, *, recorded_by: str) -> str: ...


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: datetime
    actor: str
    party: str | None
    action: str
    entity: str
    entity_id: str
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None
    hash: str


@dataclass(frozen=True)
class ChainReport:
    intact: bool
    entries: int
    first_broken_seq: int | None = None
    reason: str = ""


class AuditLog(Protocol):
    def record(
        self,
        *,
        actor: Actor,
        action: str,
        entity: str,
        entity_id: str,
        before: Mapping[str, Any] | None,
        after: Mapping[str, Any] | None,
    ) -> None:
        """Append an entry in the same transaction as the change it describes."""

    def entries(
        self, *, entity: str | None = None, entity_id: str | None = None, limit: int = 100
    ) -> list[AuditEntry]: ...

    def verify(self) -> ChainReport: ...


class UnitOfWork(Protocol):
    @property
    def agreements(self) -> AgreementRepository: ...

    @property
    def audit(self) -> AuditLog: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...

    def lock(self, key: str) -> None:
        """Serialise this transaction with every other one that locks the same key (call it first)."""
