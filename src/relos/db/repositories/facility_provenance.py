"""The provenance of the facility fields a bulk import gave, and the bulk writing of its facilities.

A world import writes tens of thousands of facilities: they go in through relos.db.bulk_rows (COPY on
PostgreSQL, one prepared statement over all rows on SQLite; no ORM objects), with the columns of
relos.domain.facilities.columns; a row whose stored values are the same is not written again.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Table, delete, select, update
from sqlalchemy.orm import Session

from relos.db import bulk_rows
from relos.db.repositories.facilities import search_text
from relos.db.tables.facilities import FacilityRow
from relos.db.tables.facility_provenance import FacilityProvenanceRow
from relos.domain.facilities import FACILITIES, ColumnType, Facility
from relos.services.facilities.ports import Provenance, ProvenanceLink

_NAMES = tuple(c.name for c in FACILITIES.columns)
_LISTS = tuple(c.name for c in FACILITIES.columns if c.type is ColumnType.LIST)
_ENUMS = ("kind", *(c.name for c in FACILITIES.columns if c.type is ColumnType.AVAILABILITY))
#: The columns an update sets and compares, in order: all but the id and the access (open_under is kept as
#: stored), with those derived by storage.
_UPDATED = (*(n for n in _NAMES if n not in ("id", "open_under")), "search_text", "imported_from")


def _row(facility: Facility, *, imported_from: str) -> tuple[Any, ...]:
    """The stored values of a facility in the order of _UPDATED: lists ';'-joined, enumerations by value."""
    fields = vars(facility)
    values: dict[str, Any] = {name: fields[name] for name in _UPDATED[:-2]}
    for name in _LISTS:
        if name in values:
            values[name] = ";".join(values[name])
    for name in _ENUMS:
        values[name] = values[name]._value_  # the plain value, without the enum's descriptor
    values["search_text"] = search_text(facility)
    values["imported_from"] = imported_from
    return tuple(values.values())


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

    def save_facilities(self, facilities: Iterable[Facility], *, imported_from: str, at: datetime) -> set[str]:
        given = {f.id: f for f in facilities}
        if not given:
            return set()
        self._session.flush()
        table = _table(FacilityRow)
        stored = bulk_rows.read_by_key(self._session, table, "id", given, _UPDATED)
        new, changed, moved = [], [], []  # moved: the same values from another edition (the usual re-import)
        for i, facility in given.items():
            row = _row(facility, imported_from=imported_from)
            before = stored.get(i)
            if before is None:
                new.append((i, *row, ";".join(facility.open_under), at))
            elif before[:-1] == row[:-1] and before[-1] != imported_from:
                moved.append(i)
            elif before != row:
                changed.append((i, *row, at))
        bulk_rows.insert(self._session, table, ("id", *_UPDATED, "open_under", "updated_at"), new)
        bulk_rows.update(self._session, table, "id", (*_UPDATED, "updated_at"), changed)
        for condition in bulk_rows.key_in(self._session, table.c.id, moved):
            self._session.execute(update(table).where(condition).values(imported_from=imported_from, updated_at=at))
        self._session.expire_all()
        return {row[0] for row in new} | {row[0] for row in changed} | set(moved)

    def record(self, source: str, edition: str, links: Iterable[ProvenanceLink], *, at: datetime) -> None:
        table = _table(FacilityProvenanceRow)
        stored = {
            (f, e, fields)
            for f, e, fields in self._session.execute(
                select(table.c.facility_id, table.c.external_id, table.c.fields).where(table.c.source == source)
            ).tuples()
        }
        rows, kept = [], []  # kept: the same facility, identity and fields, now of this edition
        for link in links:
            fields = ";".join(link.fields)
            if (link.facility_id, link.external_id, fields) in stored:
                kept.append(link.facility_id)
            else:
                rows.append((link.facility_id, source, link.external_id, edition[:200], at, fields))
        for column, index in ((table.c.facility_id, 0), (table.c.external_id, 2)):
            for condition in bulk_rows.key_in(self._session, column, (r[index] for r in rows)):
                self._session.execute(delete(table).where(table.c.source == source, condition))
        columns = ("facility_id", "source", "external_id", "edition", "imported_at", "fields")
        bulk_rows.insert(self._session, table, columns, rows)
        for condition in bulk_rows.key_in(self._session, table.c.facility_id, kept):
            self._session.execute(
                update(table).where(table.c.source == source, condition).values(edition=edition[:200], imported_at=at)
            )


def _table(row_type: type[Any]) -> Table:
    table = row_type.__table__
    assert isinstance(table, Table)
    return table
