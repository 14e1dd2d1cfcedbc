"""Clearances, their versions and changes, between table rows and the clearance model."""

from __future__ import annotations

import builtins
import json
from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from relos.db.repositories.keyset import following
from relos.db.tables.clearances import ClearanceChangeRow, ClearanceRow, ClearanceVersionRow
from relos.domain.clearances.details import read_airspace, read_port_call
from relos.domain.clearances.model import (
    FINAL,
    GRANTED,
    Clearance,
    ClearanceChange,
    ClearanceStatus,
    LeadTimeException,
)
from relos.domain.clearances.terms import ClearanceKind
from relos.services.clearances.ports import ClearanceVersion


class SqlClearanceRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(
        self, clearance: Clearance, *, document: str, submit_by: datetime | None, recorded_by: str, now: datetime
    ) -> None:
        row = ClearanceRow(
            id=clearance.id,
            created_at=clearance.created_at,
            created_by=clearance.created_by,
            reference=clearance.reference,
            title=clearance.title,
        )
        self._fill(row, clearance, submit_by, now)
        self._s.add(row)
        self._s.flush()
        self._add_version(clearance, document=document, recorded_by=recorded_by, now=now)

    def save(
        self,
        clearance: Clearance,
        *,
        document: str | None,
        submit_by: datetime | None,
        recorded_by: str,
        now: datetime,
    ) -> None:
        row = self._s.get(ClearanceRow, clearance.id)
        if row is None:
            raise KeyError(clearance.id)
        new_version = clearance.version != row.version
        self._fill(row, clearance, submit_by, now)
        if new_version:
            if document is None:
                raise ValueError("a new version needs its document")
            self._add_version(clearance, document=document, recorded_by=recorded_by, now=now)
        self._s.flush()

    @staticmethod
    def _fill(row: ClearanceRow, c: Clearance, submit_by: datetime | None, now: datetime) -> None:
        row.agreement_id = c.agreement_id
        row.kind = c.kind.value
        row.visiting_party = c.visiting_party
        row.host_party = c.host_party
        row.facility_id = c.facility_id
        row.deployment_id = c.deployment_id
        row.purpose = c.purpose
        row.start_at = c.start
        row.end_at = c.end
        row.submit_by = submit_by
        row.status = c.status.value
        row.version = c.version
        row.submitted_by = c.submitted_by
        row.submitted_at = c.submitted_at
        row.decided_by = c.decided_by
        row.decided_at = c.decided_at
        row.clearance_number = c.clearance_number
        row.restrictions = json.dumps(list(c.restrictions), ensure_ascii=False)
        row.reason = c.reason
        row.warnings = json.dumps(list(c.warnings), ensure_ascii=False)
        e = c.exception
        row.exception_reason = e.reason if e else None
        row.exception_by = e.recorded_by if e else None
        row.exception_at = e.recorded_at if e else None
        row.exception_admits_start = e.admits_start if e else None
        row.updated_at = now

    def _add_version(self, c: Clearance, *, document: str, recorded_by: str, now: datetime) -> None:
        self._s.add(
            ClearanceVersionRow(
                clearance_id=c.id,
                version=c.version,
                document=document,
                reason=c.reason if c.version > 1 else "",
                recorded_by=recorded_by,
                recorded_at=now,
            )
        )
        self._s.flush()

    def _clearance(self, row: ClearanceRow) -> Clearance:
        version = self._s.get(ClearanceVersionRow, (row.id, row.version))
        doc: dict[str, Any] = json.loads(version.document) if version else {}
        port_call = read_port_call(doc["port_call"])[0] if doc.get("port_call") is not None else None
        airspace = read_airspace(doc["airspace"])[0] if doc.get("airspace") is not None else None
        exception = None
        if row.exception_reason is not None:
            assert row.exception_by and row.exception_at and row.exception_admits_start
            exception = LeadTimeException(
                row.exception_reason, row.exception_by, row.exception_at, row.exception_admits_start
            )
        return Clearance(
            id=row.id,
            agreement_id=row.agreement_id,
            kind=ClearanceKind(row.kind),
            visiting_party=row.visiting_party,
            host_party=row.host_party,
            facility_id=row.facility_id,
            purpose=row.purpose,
            start=row.start_at,
            end=row.end_at,
            created_by=row.created_by,
            created_at=row.created_at,
            port_call=port_call,
            airspace=airspace,
            deployment_id=row.deployment_id,
            status=ClearanceStatus(row.status),
            version=row.version,
            submitted_at=row.submitted_at,
            submitted_by=row.submitted_by,
            decided_at=row.decided_at,
            decided_by=row.decided_by,
            clearance_number=row.clearance_number,
            restrictions=tuple(json.loads(row.restrictions)),
            reason=row.reason,
            exception=exception,
            warnings=tuple(json.loads(row.warnings)),
            note=str(doc.get("note", "")),
            reference=row.reference,
            title=row.title,
        )

    def get(self, clearance_id: str) -> Clearance | None:
        row = self._s.get(ClearanceRow, clearance_id)
        return self._clearance(row) if row else None

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
        made = ClearanceRow.created_at
        q = select(ClearanceRow).order_by(made.desc() if descending else made, ClearanceRow.id).limit(limit)
        if after is not None:
            q = following(q, made, ClearanceRow.id, after, descending=descending)
        if agreement_id is not None:
            q = q.where(ClearanceRow.agreement_id == agreement_id)
        if status is not None:
            q = q.where(ClearanceRow.status == status.value)
        if deployment_id is not None:
            q = q.where(ClearanceRow.deployment_id == deployment_id)
        if parties is not None:
            q = q.where(or_(ClearanceRow.visiting_party.in_(parties), ClearanceRow.host_party.in_(parties)))
        return [self._clearance(r) for r in self._s.execute(q).scalars()]

    def due(
        self, *, statuses: Collection[ClearanceStatus], before: datetime, parties: Collection[str] | None = None
    ) -> builtins.list[tuple[Clearance, datetime]]:
        q = (
            select(ClearanceRow)
            .where(
                ClearanceRow.status.in_([s.value for s in statuses]),
                ClearanceRow.submit_by.is_not(None),
                ClearanceRow.submit_by < before,
            )
            .order_by(ClearanceRow.submit_by, ClearanceRow.id)
        )
        if parties is not None:
            q = q.where(or_(ClearanceRow.visiting_party.in_(parties), ClearanceRow.host_party.in_(parties)))
        found: builtins.list[tuple[Clearance, datetime]] = []
        for row in self._s.execute(q).scalars():
            assert row.submit_by is not None
            found.append((self._clearance(row), row.submit_by))
        return found

    def expirable(self, *, now: datetime) -> builtins.list[Clearance]:
        granted = [s.value for s in GRANTED]
        q = (
            select(ClearanceRow)
            .where(
                ClearanceRow.status.not_in([s.value for s in FINAL]),
                or_(
                    and_(ClearanceRow.status.in_(granted), ClearanceRow.end_at <= now),
                    and_(ClearanceRow.status.not_in(granted), ClearanceRow.start_at <= now),
                ),
            )
            .order_by(ClearanceRow.start_at, ClearanceRow.id)
        )
        return [self._clearance(r) for r in self._s.execute(q).scalars()]

    def add_change(self, change: ClearanceChange) -> None:
        self._s.add(
            ClearanceChangeRow(
                clearance_id=change.clearance_id,
                seq=change.seq,
                at=change.at,
                by=change.by,
                party=change.party,
                action=change.action,
                from_status=change.from_status.value if change.from_status else None,
                to_status=change.to_status.value,
                version=change.version,
                note=change.note,
            )
        )
        self._s.flush()

    def next_seq(self, clearance_id: str) -> int:
        last = self._s.execute(
            select(func.max(ClearanceChangeRow.seq)).where(ClearanceChangeRow.clearance_id == clearance_id)
        ).scalar_one()
        return int(last or 0) + 1

    def changes(self, clearance_id: str) -> builtins.list[ClearanceChange]:
        rows = self._s.execute(
            select(ClearanceChangeRow)
            .where(ClearanceChangeRow.clearance_id == clearance_id)
            .order_by(ClearanceChangeRow.seq)
        ).scalars()
        return [
            ClearanceChange(
                clearance_id=r.clearance_id,
                seq=r.seq,
                at=r.at,
                by=r.by,
                party=r.party,
                action=r.action,
                from_status=ClearanceStatus(r.from_status) if r.from_status else None,
                to_status=ClearanceStatus(r.to_status),
                version=r.version,
                note=r.note,
            )
            for r in rows
        ]

    def versions(self, clearance_id: str) -> builtins.list[ClearanceVersion]:
        rows = self._s.execute(
            select(ClearanceVersionRow)
            .where(ClearanceVersionRow.clearance_id == clearance_id)
            .order_by(ClearanceVersionRow.version)
        ).scalars()
        return [
            ClearanceVersion(r.clearance_id, r.version, r.document, r.reason, r.recorded_by, r.recorded_at)
            for r in rows
        ]

    def number_taken(self, host_party: str, number: str, *, other_than: str) -> bool:
        found = self._s.execute(
            select(ClearanceRow.id).where(
                ClearanceRow.host_party == host_party,
                ClearanceRow.clearance_number == number,
                ClearanceRow.id != other_than,
            )
        ).first()
        return found is not None
