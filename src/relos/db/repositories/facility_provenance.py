"""The provenance of the facility fields a bulk import gave, and the bulk writing of its facilities.

A world import writes tens of thousands of facilities: they go in as plain INSERT and UPDATE statements over
many rows at once (no ORM objects), with the columns of relos.domain.facilities.columns.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from relos.db.repositories.facilities import fold
from relos.db.tables.facilities import FacilityRow
from relos.db.tables.facility_provenance import FacilityProvenanceRow
from relos.domain.facilities import FACILITIES, ColumnType, Facility
from relos.services.facilities.ports import Provenance, ProvenanceLink

_CHUNK = 5000


def _chunks(items: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


_NAMES = tuple(c.name for c in FACILITIES.columns)
_LISTS = tuple(c.name for c in FACILITIES.columns if c.type is ColumnType.LIST)
_ENUMS = ("kind", *(c.name for c in FACILITIES.columns if c.type is ColumnType.AVAILABILITY))


def _values(facility: Facility, *, imported_from: str, at: datetime) -> dict[str, Any]:
    """The row of a facility: lists ';'-joined, enumerations by value (the columns of the domain's spec)."""
    fields = vars(facility)
    values: dict[str, Any] = {name: fields[name] for name in _NAMES}
    for name in _LISTS:
        values[name] = ";".join(values[name])
    for name in _ENUMS:
        values[name] = values[name]._value_  # the plain value, without the enum's descriptor
    values["search_text"] = fold(" | ".join((facility.id, facility.name_en, facility.name_local)))
    values["imported_from"] = imported_from
    values["updated_at"] = at
    return values


class SqlProvenanceRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def links(self, source: str) -> dict[str, str]:
        rows = self._session.execute(
            select(FacilityProvenanceRow.external_id, FacilityProvenanceRow.facility_id).where(
                FacilityProvenanceRow.source == source
            )
        )
        return dict(rows.tuples().all())

    def of(self, facility_id: str) -> builtins.list[Provenance]:
        rows = self._session.execute(
            select(FacilityProvenanceRow)
            .where(FacilityProvenanceRow.facility_id == facility_id)
            .order_by(FacilityProvenanceRow.source)
        ).scalars()
        return [
            Provenance(r.source, r.external_id, r.edition, r.imported_at, tuple(f for f in r.fields.split(";") if f))
            for r in rows
        ]

    def save_facilities(self, facilities: Iterable[Facility], *, imported_from: str, at: datetime) -> None:
        rows = [_values(f, imported_from=imported_from, at=at) for f in facilities]
        if not rows:
            return
        self._session.flush()
        ids = [r["id"] for r in rows]
        existing: set[str] = set()
        for chunk in _chunks(ids):
            existing.update(self._session.execute(select(FacilityRow.id).where(FacilityRow.id.in_(chunk))).scalars())
        new = [r for r in rows if r["id"] not in existing]
        old = [{**{f"v_{k}": v for k, v in r.items()}} for r in rows if r["id"] in existing]
        table = FacilityRow.__table__
        assert isinstance(table, Table)
        for chunk in _chunks(new):
            self._session.execute(insert(table), chunk)
        if old:
            names = [k for k in rows[0] if k != "id"]
            statement = (
                update(table)
                .where(table.c.id == bindparam("v_id"))
                .values({name: bindparam(f"v_{name}") for name in names})
            )
            for chunk in _chunks(old):
                self._session.connection().execute(statement, chunk)
        self._session.expire_all()

    def record(self, source: str, edition: str, links: Iterable[ProvenanceLink], *, at: datetime) -> None:
        rows = [
            {
                "facility_id": link.facility_id,
                "source": source,
                "external_id": link.external_id,
                "edition": edition[:200],
                "imported_at": at,
                "fields": ";".join(link.fields),
            }
            for link in links
        ]
        table = FacilityProvenanceRow.__table__
        assert isinstance(table, Table)
        ids = [r["facility_id"] for r in rows]
        externals = [r["external_id"] for r in rows]
        for chunk in _chunks(ids):
            self._session.execute(delete(table).where(table.c.source == source, table.c.facility_id.in_(chunk)))
        for chunk in _chunks(externals):
            self._session.execute(delete(table).where(table.c.source == source, table.c.external_id.in_(chunk)))
        for chunk in _chunks(rows):
            self._session.execute(insert(table), chunk)
