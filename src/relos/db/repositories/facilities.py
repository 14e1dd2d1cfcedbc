"""The facility catalogue and force data, between table rows and relos.domain.facilities records.

Rows carry the columns of the domain's column specs under the same names, so one mapping serves all
four kinds; a row read back goes through the same parser as an imported file, once a process for each stored
state of the row (the catalogue is read whole by the maps, the routes and the reach).
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from enum import StrEnum
from types import SimpleNamespace
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, bindparam, delete, false, func, or_, select
from sqlalchemy.orm import Session

from relos.db.tables.agreements import AgreementRow
from relos.db.tables.facilities import (
    AircraftTypeRow,
    FacilityAccessRow,
    FacilityRow,
    PlanningFactorRow,
    ShipClassRow,
)
from relos.domain.errors import InvalidInput
from relos.domain.facilities import (
    AIRCRAFT_TYPES,
    FACILITIES,
    PLANNING_FACTORS,
    SHIP_CLASSES,
    AircraftType,
    ColumnType,
    Facility,
    PlanningFactor,
    RecordSpec,
    ShipClass,
    parse_record,
)

R = TypeVar("R")
RowT = TypeVar("RowT", FacilityRow, ShipClassRow, AircraftTypeRow, PlanningFactorRow)


def _store(spec: RecordSpec[Any], record: object, row: object) -> None:
    for column in spec.columns:
        value = getattr(record, column.name)
        if column.type is ColumnType.LIST:
            value = ";".join(value)
        elif column.type is ColumnType.DECIMAL:
            value = str(value)
        elif isinstance(value, StrEnum):
            value = value.value
        setattr(row, column.name, value)


#: Records parsed from their rows in this process, by kind and every stored value: a row read again unchanged is
#: not parsed again, and a changed row (another value) is parsed afresh. The records are immutable. At most
#: PARSED_MAX are kept (then the store starts over).
_PARSED: dict[tuple[Any, ...], Any] = {}
PARSED_MAX = 200_000


def _load(spec: RecordSpec[R], row: object) -> R:
    raw = {c.name: getattr(row, c.name) for c in spec.columns}
    key = (spec.noun, *raw.values())
    found: R | None = _PARSED.get(key)
    if found is not None:
        return found
    record, problems = parse_record(spec, raw)
    if record is None:  # stored before a rule was tightened: say so rather than hide the record
        raise InvalidInput(problems, source=f"stored {spec.noun} {raw.get('id')}")
    if len(_PARSED) >= PARSED_MAX:
        _PARSED.clear()
    _PARSED[key] = record
    return record


def _rows_by_id(session: Session, row_type: type[RowT], ids: Iterable[str]) -> dict[str, RowT]:
    wanted = list(ids)
    if not wanted:
        return {}
    return {row.id: row for row in session.execute(select(row_type).where(row_type.id.in_(wanted))).scalars()}


def fold(text: str) -> str:
    """Case-insensitive form used for name search (works for Cyrillic and Devanagari alike)."""
    return text.casefold()


def search_text(facility: Facility) -> str:
    """What a search by name finds a facility by: its id and its names in English, the local language and Russian."""
    names = (facility.id, facility.name_en, facility.name_local) + ((facility.name_ru,) if facility.name_ru else ())
    return fold(" | ".join(names))


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


#: A facility's stored values: the columns of its spec, in its order.
FACILITY_COLUMNS = tuple(getattr(FacilityRow, c.name) for c in FACILITIES.columns)
#: One facility's stored values, as a Core statement compiled once.
_FACILITY = select(*FACILITY_COLUMNS).where(FacilityRow.id == bindparam("key"))


def facility_from(values: Sequence[Any]) -> Facility:
    """The facility whose stored values are `values`, in `FACILITY_COLUMNS`' order."""
    return _load(FACILITIES, SimpleNamespace(**{c.name: v for c, v in zip(FACILITIES.columns, values, strict=True)}))


class SqlFacilityRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, facility_id: str) -> Facility | None:
        self._session.flush()  # what this transaction changed through the ORM is read back
        row = self._session.execute(_FACILITY, {"key": facility_id}).one_or_none()
        return _load(FACILITIES, row) if row else None

    def get_many(self, facility_ids: Iterable[str]) -> dict[str, Facility]:
        ids = sorted(set(facility_ids))
        if not ids:
            return {}
        found: dict[str, Facility] = {}
        for start in range(0, len(ids), 5000):  # within either database's limit of bound parameters
            rows = self._session.execute(select(FacilityRow).where(FacilityRow.id.in_(ids[start : start + 5000])))
            found.update((row.id, _load(FACILITIES, row)) for row in rows.scalars())
        return found

    def list(
        self,
        *,
        country: str | None = None,
        name: str | None = None,
        kind: str | None = None,
        agreement: str | None = None,
        open_to: str | None = None,
    ) -> builtins.list[Facility]:
        query: Select[tuple[FacilityRow]] = select(FacilityRow)
        if country:
            query = query.where(FacilityRow.country == country)
        if kind:
            query = query.where(FacilityRow.kind == kind)
        if name and "\x00" in name:
            # no name holds a NUL: SQLite would end the pattern there (matching all), PostgreSQL refuses it
            query = query.where(false())
        elif name:
            query = query.where(FacilityRow.search_text.like(f"%{_like_escape(fold(name))}%", escape="\\"))
        if agreement or open_to:
            access = select(FacilityAccessRow.facility_id).join(
                AgreementRow, AgreementRow.id == FacilityAccessRow.agreement_id
            )
            if agreement:
                access = access.where(FacilityAccessRow.agreement_id == agreement)
            if open_to:
                access = access.where(or_(AgreementRow.party_a == open_to, AgreementRow.party_b == open_to))
                query = query.where(FacilityRow.country != open_to)
            query = query.where(FacilityRow.id.in_(access))
        rows = self._session.execute(query.order_by(FacilityRow.id)).scalars()
        return [_load(FACILITIES, row) for row in rows]

    def save(self, facility: Facility, *, imported_from: str) -> None:
        self.save_many([facility], imported_from=imported_from)

    def save_many(self, facilities: Iterable[Facility], *, imported_from: str) -> None:
        records = {f.id: f for f in facilities}
        if not records:
            return
        rows = _rows_by_id(self._session, FacilityRow, records)
        now = datetime.now(UTC)
        for facility in records.values():
            row = rows.get(facility.id)
            if row is None:
                row = FacilityRow(id=facility.id)
                self._session.add(row)
            _store(FACILITIES, facility, row)
            row.search_text = search_text(facility)
            row.imported_from = imported_from
            row.updated_at = now
        self._session.flush()
        self._session.execute(delete(FacilityAccessRow).where(FacilityAccessRow.facility_id.in_(list(records))))
        self._session.add_all(
            FacilityAccessRow(facility_id=f.id, agreement_id=a)
            for f in records.values()
            for a in dict.fromkeys(f.open_under)
        )
        self._session.flush()

    def imported_from(self, facility_id: str) -> str | None:
        return self._session.execute(
            select(FacilityRow.imported_from).where(FacilityRow.id == facility_id)
        ).scalar_one_or_none()

    def origins(self) -> dict[str, str]:
        return dict(self._session.execute(select(FacilityRow.id, FacilityRow.imported_from)).tuples().all())

    def count(self) -> int:
        return int(self._session.execute(select(func.count()).select_from(FacilityRow)).scalar_one())


class SqlReferenceRepository(Generic[R, RowT]):
    """Ship classes, aircraft types or planning factors (one instance per table)."""

    def __init__(self, session: Session, spec: RecordSpec[R], row_type: type[RowT]) -> None:
        self._session = session
        self._spec = spec
        self._row_type: type[RowT] = row_type

    def get(self, record_id: str) -> R | None:
        row = self._session.get(self._row_type, record_id)
        return _load(self._spec, row) if row else None

    def list(self) -> builtins.list[R]:
        rows = self._session.execute(select(self._row_type).order_by(self._row_type.id)).scalars()
        return [_load(self._spec, row) for row in rows]

    def save(self, record: R, *, imported_from: str) -> None:
        self.save_many([record], imported_from=imported_from)

    def save_many(self, records: Iterable[R], *, imported_from: str) -> None:
        by_id = {getattr(r, "id"): r for r in records}  # noqa: B009
        rows = _rows_by_id(self._session, self._row_type, by_id)
        now = datetime.now(UTC)
        for record_id, record in by_id.items():
            row = rows.get(record_id)
            if row is None:
                row = self._row_type(id=record_id)
                self._session.add(row)
            _store(self._spec, record, row)
            row.imported_from = imported_from
            row.updated_at = now
        self._session.flush()

    def origins(self) -> dict[str, str]:
        query = select(self._row_type.id, self._row_type.imported_from)
        return dict(self._session.execute(query).tuples().all())

    def imported_from(self, record_id: str) -> str | None:
        return self._session.execute(
            select(self._row_type.imported_from).where(self._row_type.id == record_id)
        ).scalar_one_or_none()

    def count(self) -> int:
        return int(self._session.execute(select(func.count()).select_from(self._row_type)).scalar_one())


def ship_class_repository(session: Session) -> SqlReferenceRepository[ShipClass, ShipClassRow]:
    return SqlReferenceRepository(session, SHIP_CLASSES, ShipClassRow)


def aircraft_type_repository(session: Session) -> SqlReferenceRepository[AircraftType, AircraftTypeRow]:
    return SqlReferenceRepository(session, AIRCRAFT_TYPES, AircraftTypeRow)


def planning_factor_repository(session: Session) -> SqlReferenceRepository[PlanningFactor, PlanningFactorRow]:
    return SqlReferenceRepository(session, PLANNING_FACTORS, PlanningFactorRow)
