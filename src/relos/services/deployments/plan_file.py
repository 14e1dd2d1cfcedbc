"""Reading a deployment plan file for `relos plan check` (services.plan_check): CSV with a header row or a JSON
list of objects, the fields of docs/deployments.md, into columns (numpy arrays of instants and counts) with
every problem named by line and field. A well-formed file takes the fast column-wise path; anything odd falls
back to row-by-row reading, which names what is wrong.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from operator import itemgetter
from typing import Any

import numpy as np
import numpy.typing as npt

from relos.domain.deployments.model import CAP_NAMES, Capacity, Totals
from relos.domain.deployments.presence import micros
from relos.domain.errors import FieldProblem, InvalidInput
from relos.domain.parties import party_problem
from relos.services.agreements.ports import StoredAgreement
from relos.services.deployments._views import capacity_of
from relos.services.deployments.inputs import MAX_COUNT, parse_count, parse_instant
from relos.services.deployments.plan_json import NotAList, list_items
from relos.services.unit_of_work import UnitOfWork

FIELDS = (
    "ref",
    "agreement",
    "visiting_party",
    "host_party",
    "facility",
    "purpose",
    "start",
    "end",
    "warships",
    "aircraft",
    "personnel",
)
MAX_PROBLEMS = 50
ZERO = timedelta(0)
NAIVE_EPOCH = datetime(1970, 1, 1)


@dataclass(frozen=True)
class PlanRow:
    line: int
    ref: str
    agreement_id: str
    visiting_party: str
    host_party: str
    facility_id: str
    purpose: str
    start: datetime
    end: datetime
    totals: Totals


@dataclass(frozen=True)
class Table:
    """The plan's rows as read: CSV cells under the header, or the JSON list's objects; each with its line."""

    lines: list[int]
    header: list[str] | None  # CSV
    cells: list[list[str]] | None  # CSV
    items: list[dict[str, Any]] | None  # JSON
    _columns: list[tuple[str, ...]] = field(default_factory=list)

    def column(self, name: str) -> list[Any]:
        if self.cells is not None and self.header is not None:
            if not self._columns:
                self._columns.extend(zip(*self.cells, strict=True))  # transposed once, in C
            if not self._columns:
                return []
            return list(self._columns[self.header.index(name)])
        assert self.items is not None
        if not self._columns:
            self._columns.extend(_transposed(self.items))  # every field's column in one pass over the items
        if not self._columns:
            return []
        return list(self._columns[FIELDS.index(name)])

    def texts(self, name: str) -> list[str]:
        """The column's cells as stripped texts (a JSON null or absent field: empty)."""
        values = self.column(name)
        if self.cells is not None or not set(map(type, values)) - {str}:
            return list(map(str.strip, values))
        return [v.strip() if isinstance(v, str) else _text(v) for v in values]

    def record(self, i: int) -> Mapping[str, Any]:
        if self.cells is not None and self.header is not None:
            return dict(zip(self.header, self.cells[i], strict=True))
        assert self.items is not None
        return self.items[i]

    def __len__(self) -> int:
        return len(self.lines)


def read_table(text: str) -> Table:
    """The rows of a CSV (header row) or JSON (a list of objects) plan; InvalidInput naming the line."""
    text = text.lstrip("\ufeff")
    if text.lstrip().startswith("["):
        return _json_table(text)
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InvalidInput.of("header", "plan_empty", "the plan is empty", line=1) from None
    except csv.Error as exc:
        raise InvalidInput.of(
            "header", "not_readable_csv", "not readable as CSV: {exc}", line=1, exc=str(exc)
        ) from None
    missing = [f for f in FIELDS if f not in header]
    if missing:
        raise InvalidInput.of(
            "header", "missing_column_s", "missing column(s): {missing}", line=1, missing=", ".join(missing)
        )
    width = len(header)
    if '"' not in text:  # no quoted cell, so no cell across lines: each row is the next line
        first = reader.line_num + 1
        try:
            rows = list(reader)
        except csv.Error as exc:
            raise _unreadable(exc, reader.line_num) from None
        if set(map(len, rows)) <= {width}:
            return Table(list(range(first, first + len(rows))), header, rows, None)
    lines: list[int] = []
    cells: list[list[str]] = []
    reader = csv.reader(io.StringIO(text))
    next(reader)
    try:
        for row in reader:
            if len(row) != width:
                if not any(c.strip() for c in row):
                    continue
                raise InvalidInput.of(
                    "row",
                    "cells_where_header",
                    "{row_count} cells where the header has {width}",
                    line=reader.line_num,
                    row_count=len(row),
                    width=width,
                )
            lines.append(reader.line_num)
            cells.append(row)
    except csv.Error as exc:
        raise _unreadable(exc, reader.line_num) from None
    return Table(lines, header, cells, None)


def _unreadable(exc: csv.Error, line: int) -> InvalidInput:
    return InvalidInput.of("row", "not_readable_csv", "not readable as CSV: {exc}", line=line, exc=str(exc))


def _json_table(text: str) -> Table:
    try:
        data, lines = list_items(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput.of("json", "not_valid_json", "not valid JSON: {msg}", line=exc.lineno, msg=exc.msg) from None
    except NotAList:
        raise InvalidInput.of("json", "json_plan_list_objects", "a JSON plan is a list of objects", line=1) from None
    for line, item in zip(lines, data, strict=True):
        if not isinstance(item, dict):
            raise InvalidInput.of(
                "row", "each_item_json_plan_object", "each item of a JSON plan is an object", line=line
            )
        missing = [f for f in FIELDS if f not in item and f != "facility"]
        if missing:
            raise InvalidInput.of(
                "row", "missing_field_s", "missing field(s): {missing}", line=line, missing=", ".join(missing)
            )
    return Table(lines, None, None, data)


def _transposed(items: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """The items' FIELDS column by column (an absent field: None)."""
    try:
        rows = list(map(itemgetter(*FIELDS), items))
    except KeyError:  # a field absent somewhere (a facility may be)
        rows = [tuple(map(item.get, FIELDS)) for item in items]
    return list(zip(*rows, strict=True))


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _fast_instant(value: object) -> datetime | None:
    """The common case quickly: an ISO 8601 text (a bare date is 00:00 UTC; no offset is UTC)."""
    if not isinstance(value, str):
        return None
    try:
        found = datetime.fromisoformat(value + "T00:00:00+00:00" if len(value) == 10 else value)
    except ValueError:
        return None
    if found.tzinfo is None:
        return found.replace(tzinfo=UTC)
    return found if found.utcoffset() == ZERO and found.tzinfo is UTC else found.astimezone(UTC)


def _fast_count(value: object) -> int | None:
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT:
        return value
    return None


class Catalogue:
    """The agreements and facilities a plan names, each looked up once."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.agreements: dict[str, StoredAgreement | None] = {}
        self.facilities: dict[str, tuple[Capacity, str] | None] = {}

    def agreement(self, agreement_id: str) -> StoredAgreement | None:
        if agreement_id not in self.agreements:
            self.agreements[agreement_id] = self.uow.agreements.get(agreement_id) if agreement_id else None
        return self.agreements[agreement_id]

    def facility(self, facility_id: str) -> tuple[Capacity, str] | None:
        if facility_id not in self.facilities:
            found = self.uow.facilities.get(facility_id)
            self.facilities[facility_id] = (capacity_of(found), found.country) if found else None
        return self.facilities[facility_id]


def _row(line: int, rec: Mapping[str, Any], known: Catalogue) -> PlanRow | None:
    """The row when every field is well formed (the common case, checked quickly); None otherwise."""
    ref, agreement_id = _text(rec.get("ref")), _text(rec.get("agreement"))
    visiting, host, facility_id = (
        _text(rec.get("visiting_party")),
        _text(rec.get("host_party")),
        _text(rec.get("facility")),
    )
    purpose = _text(rec.get("purpose"))
    stored = known.agreement(agreement_id)
    if not ref or not purpose or stored is None or visiting == host:
        return None
    parties = stored.agreement.parties
    if visiting not in parties or host not in parties:
        return None
    if facility_id:
        facility = known.facility(facility_id)
        if facility is None or facility[1] != host:
            return None
    start, end = _fast_instant(rec.get("start")), _fast_instant(rec.get("end"))
    counts = [_fast_count(rec.get(n)) for n in CAP_NAMES]
    if start is None or end is None or end <= start or None in counts:
        return None
    w, a, p = (int(c or 0) for c in counts)
    return PlanRow(line, ref, agreement_id, visiting, host, facility_id, purpose, start, end, Totals(w, a, p))


def _slow_row(line: int, rec: Mapping[str, Any], known: Catalogue) -> tuple[PlanRow | None, list[FieldProblem]]:
    """A row the quick path did not take: the row, or everything wrong with it (each naming field and line)."""
    found: list[FieldProblem] = []
    if not _text(rec.get("ref")):
        found.append(FieldProblem.of("ref", "required_2", "is required", line=line))
    agreement_id = _text(rec.get("agreement"))
    stored = known.agreement(agreement_id)
    if stored is None:
        found.append(
            FieldProblem.of(
                "agreement",
                "not_agreement_database",
                "{agreement_id!r} is not an agreement in the database",
                line=line,
                agreement_id=agreement_id,
            )
        )
    visiting, host = _text(rec.get("visiting_party")), _text(rec.get("host_party"))
    for where, party in (("visiting_party", visiting), ("host_party", host)):
        bad = party_problem(party, field=where, line=line)
        if bad:
            found.append(bad)
        elif stored is not None and party not in stored.agreement.parties:
            found.append(
                FieldProblem.of(
                    where,
                    "not_party_3",
                    "{party} is not a party to {agreement_id}",
                    line=line,
                    party=party,
                    agreement_id=agreement_id,
                )
            )
    if visiting and visiting == host:
        found.append(
            FieldProblem.of("host_party", "host_must_other_party", "the host must be the other party", line=line)
        )
    facility_id = _text(rec.get("facility"))
    if facility_id:
        facility = known.facility(facility_id)
        if facility is None:
            found.append(
                FieldProblem.of(
                    "facility",
                    "not_facility_catalogue",
                    "{facility_id!r} is not a facility of the catalogue",
                    line=line,
                    facility_id=facility_id,
                )
            )
        elif facility[1] != host:
            found.append(
                FieldProblem.of(
                    "facility",
                    "not_host_s_territory",
                    "{facility_id} is in {facility}, not in the host's territory",
                    line=line,
                    facility_id=facility_id,
                    facility=facility[1],
                )
            )
    if not _text(rec.get("purpose")):
        found.append(FieldProblem.of("purpose", "required_2", "is required", line=line))
    start = parse_instant(rec.get("start"), field="start", problems=found, line=line)
    end = parse_instant(rec.get("end"), field="end", problems=found, line=line)
    if start is not None and end is not None and end <= start:
        found.append(
            FieldProblem.of(
                "end",
                "not_after_start_2",
                "{rec} is not after the start {rec2}",
                line=line,
                rec=rec.get("end"),
                rec2=rec.get("start"),
            )
        )
    counts = [parse_count(rec.get(name), field=name, problems=found, line=line) for name in CAP_NAMES]
    if found or start is None or end is None:
        return None, found
    w, a, p = (int(c or 0) for c in counts)
    row = PlanRow(line, _text(rec.get("ref")), agreement_id, visiting, host, facility_id, _text(rec.get("purpose")),
                  start, end, Totals(w, a, p))  # fmt: skip
    return row, []


@dataclass(frozen=True)
class Columns:
    """The plan's rows column by column: times in µs since the epoch (UTC), amounts (N × 3)."""

    lines: list[int]
    refs: list[str]
    agreements: list[str]
    visiting: list[str]
    host: list[str]
    facility: list[str]
    purpose: list[str]
    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]
    amounts: npt.NDArray[np.int64]


def iso_us(value: int) -> str:
    """The instant in the JSON form (UTC, `Z`), as `iso` writes it."""
    return (NAIVE_EPOCH + timedelta(microseconds=value)).isoformat() + "Z"


def iso_us_many(values: npt.NDArray[np.int64]) -> list[str]:
    """`iso_us` of each instant: whole seconds formatted by numpy in one call, others one by one."""
    out = [s + "Z" for s in np.datetime_as_string(values.astype("datetime64[us]"), unit="s").tolist()]
    for i in np.flatnonzero(values % 1_000_000).tolist():
        out[i] = iso_us(int(values[i]))
    return out


def _fast_times(values: list[Any]) -> npt.NDArray[np.int64] | None:
    """Instants in µs when every cell is ISO 8601 text in UTC (`Z`, `+00:00` or no offset); None otherwise.
    The common case — a `Z` or no offset on every cell — is parsed by numpy in one call."""
    if set(map(type, values)) - {str}:
        return None
    clean = [v[:-1] if v.endswith(("Z", "z")) else v for v in map(str.strip, values)]
    joined = "".join(clean)
    if "+" in joined or joined.count("-") != 2 * len(clean):  # an offset somewhere (or no dashed date)
        clean = []
        for v in map(str.strip, values):
            found = _fast_instant(v[:-1] + "+00:00" if v.endswith(("Z", "z")) else v)
            if found is None:
                return None
            clean.append(found.replace(tzinfo=None).isoformat())
    try:
        parsed = np.array(clean, dtype="datetime64[us]")
    except ValueError:
        return None
    if np.isnat(parsed).any():
        return None
    return parsed.astype(np.int64)


def _fast_counts(values: list[Any]) -> npt.NDArray[np.int64] | None:
    """Whole numbers 0…MAX_COUNT when every cell is one (JSON integers or ASCII digits); None otherwise."""
    try:
        kinds = set(map(type, values))
        if kinds <= {int}:
            found = np.array(values, dtype=np.int64)
        elif kinds == {str}:
            digits = list(map(str.strip, values))
            joined = "".join(digits)
            if not (joined.isascii() and joined.isdigit() and all(digits)):
                return None
            found = np.fromiter(map(int, digits), dtype=np.int64, count=len(digits))
        else:
            return None
    except (ValueError, OverflowError):
        return None
    return None if (found < 0).any() or (found > MAX_COUNT).any() else found


def fast_columns(table: Table, known: Catalogue) -> Columns | None:
    """The columns when every row is well formed (the common case, checked column-wise); None otherwise."""
    refs, agreements = table.texts("ref"), table.texts("agreement")
    visiting, host = table.texts("visiting_party"), table.texts("host_party")
    facility, purpose = table.texts("facility"), table.texts("purpose")
    if not all(refs) or not all(purpose):
        return None
    for agreement_id, v, h, f in set(zip(agreements, visiting, host, facility, strict=True)):
        stored = known.agreement(agreement_id)
        if stored is None or v == h or v not in stored.agreement.parties or h not in stored.agreement.parties:
            return None
        if f:
            found = known.facility(f)
            if found is None or found[1] != h:
                return None
    starts, ends = _fast_times(table.column("start")), _fast_times(table.column("end"))
    if starts is None or ends is None or (ends <= starts).any():
        return None
    counts = [_fast_counts(table.column(n)) for n in CAP_NAMES]
    if any(c is None for c in counts):
        return None
    amounts = np.stack([c for c in counts if c is not None], axis=1) if len(table) else np.zeros((0, 3), np.int64)
    return Columns(table.lines, refs, agreements, visiting, host, facility, purpose, starts, ends, amounts)


def slow_columns(table: Table, known: Catalogue, *, name: str) -> Columns:
    """Row by row: every problem of every row named by field and line (InvalidInput), else the columns."""
    problems: list[FieldProblem] = []
    rows: list[PlanRow] = []
    for i, line in enumerate(table.lines):
        rec = table.record(i)
        row = _row(line, rec, known)
        if row is None:
            row, found = _slow_row(line, rec, known)
            problems += found
            if len(problems) >= MAX_PROBLEMS:
                break
        if row is not None:
            rows.append(row)
    if problems:
        raise InvalidInput(problems, source=name)
    return Columns(
        lines=[r.line for r in rows],
        refs=[r.ref for r in rows],
        agreements=[r.agreement_id for r in rows],
        visiting=[r.visiting_party for r in rows],
        host=[r.host_party for r in rows],
        facility=[r.facility_id for r in rows],
        purpose=[r.purpose for r in rows],
        starts=np.array([micros(r.start) for r in rows], dtype=np.int64),
        ends=np.array([micros(r.end) for r in rows], dtype=np.int64),
        amounts=np.array(
            [[r.totals.warships, r.totals.aircraft, r.totals.personnel] for r in rows], dtype=np.int64
        ).reshape(-1, 3),
    )
