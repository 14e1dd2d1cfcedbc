"""Agreements and their events, between table rows and the register's model."""

from __future__ import annotations

import builtins
import functools
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, bindparam, delete, select
from sqlalchemy.orm import Session
from uuid6 import uuid7

from relos.db.repositories.columns import read_columns
from relos.db.tables.agreements import AgreementEventRow, AgreementRow
from relos.domain.agreements import Agreement, AgreementEvent, EventKind
from relos.services.agreements.files import parse_agreement
from relos.services.agreements.ports import StoredAgreement


@functools.lru_cache(maxsize=64)
def _parsed(agreement_id: str, source_text: str) -> Agreement:
    """An agreement file parsed once per text (parsing is pure; the terms are immutable values)."""
    agreement, _ = parse_agreement(source_text, source=f"stored agreement {agreement_id}")
    return agreement


_EVENT_COLUMNS = (
    AgreementEventRow.kind,
    AgreementEventRow.on,
    AgreementEventRow.source,
    AgreementEventRow.party,
    AgreementEventRow.effective,
    AgreementEventRow.note,
    AgreementEventRow.origin,
)
#: The columns of an agreement and one of its events, as `stored_agreement` reads them.
WITH_EVENT_COLUMNS = (AgreementRow.source_text, AgreementRow.source_name, AgreementRow.imported_at, *_EVENT_COLUMNS)
#: An agreement and its events in one Core statement (a row per event, or one with no event), compiled once.
_WITH_EVENTS = (
    select(*WITH_EVENT_COLUMNS)
    .select_from(AgreementRow)
    .outerjoin(AgreementEventRow, AgreementEventRow.agreement_id == AgreementRow.id)
    .where(AgreementRow.id == bindparam("key"))
    .order_by(AgreementEventRow.on, AgreementEventRow.id)
)


def _event(row: Row[Any], at: int = 0) -> AgreementEvent:
    kind, on, source, party, effective, note, origin = row[at + 3 : at + 10]
    return AgreementEvent(EventKind(kind), on, source, party, effective, note, origin)


def stored_agreement(agreement_id: str, rows: Sequence[Row[Any]], at: int = 0) -> StoredAgreement:
    """The agreement read as `WITH_EVENT_COLUMNS` from column `at` of `rows` (a row per event, ordered, or one row
    with no event), an outer join of the agreement with its events."""
    source_text, source_name, imported_at = rows[0][at : at + 3]
    return StoredAgreement(
        agreement=_parsed(agreement_id, source_text),
        events=tuple(_event(r, at) for r in rows if r[at + 3] is not None),
        source_text=source_text,
        source_name=source_name,
        imported_at=imported_at,
    )


class SqlAgreementRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, agreement_id: str) -> StoredAgreement | None:
        rows = read_columns(self._session, _WITH_EVENTS, {"key": agreement_id}).all()
        return stored_agreement(agreement_id, rows) if rows else None

    def list(self) -> builtins.list[StoredAgreement]:
        rows = self._session.execute(select(AgreementRow).order_by(AgreementRow.id)).scalars()
        return [self._stored(row) for row in rows]

    def save(
        self,
        agreement: Agreement,
        *,
        source_text: str,
        source_name: str,
        file_events: builtins.list[AgreementEvent],
        now: datetime,
    ) -> None:
        row = self._session.get(AgreementRow, agreement.id)
        if row is None:
            row = AgreementRow(id=agreement.id)
            self._session.add(row)
        row.short_name = agreement.short_name
        row.party_a, row.party_b = agreement.parties
        row.signed = agreement.signed
        row.source_text = source_text
        row.source_name = source_name
        row.imported_at = now
        self._session.flush()
        self._session.execute(
            delete(AgreementEventRow).where(
                AgreementEventRow.agreement_id == agreement.id, AgreementEventRow.origin == "file"
            )
        )
        for event in file_events:
            self.add_event(agreement.id, event, recorded_by="agreement file", now=now)

    def add_event(self, agreement_id: str, event: AgreementEvent, *, recorded_by: str, now: datetime) -> str:
        event_id = str(uuid7())
        self._session.add(
            AgreementEventRow(
                id=event_id,
                agreement_id=agreement_id,
                kind=event.kind.value,
                on=event.on,
                party=event.party,
                effective=event.effective,
                source=event.source,
                note=event.note,
                origin=event.origin,
                recorded_by=recorded_by,
                recorded_at=now,
            )
        )
        self._session.flush()
        return event_id

    def _stored(self, row: AgreementRow) -> StoredAgreement:
        agreement = _parsed(row.id, row.source_text)
        events = self._session.execute(
            select(AgreementEventRow)
            .where(AgreementEventRow.agreement_id == row.id)
            .order_by(AgreementEventRow.on, AgreementEventRow.id)
        ).scalars()
        return StoredAgreement(
            agreement=agreement,
            events=tuple(
                AgreementEvent(EventKind(e.kind), e.on, e.source, e.party, e.effective, e.note, e.origin)
                for e in events
            ),
            source_text=row.source_text,
            source_name=row.source_name,
            imported_at=row.imported_at,
        )
