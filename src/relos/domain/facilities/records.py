"""Reading and writing whole records of the four kinds, and the rules that span fields or records.

`parse_record(kind, raw, line=)` turns a CSV row or JSON object into a value object or FieldProblems;
`record_problems` checks a value object made in code by the same rules; `duplicate_id_problems`
names both lines of a repeated id. Nothing here touches files or storage.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, TypeVar

from relos.domain.errors import FieldProblem
from relos.domain.facilities.columns import (
    AIRCRAFT_TYPE_COLUMNS,
    FACILITY_COLUMNS,
    PLANNING_FACTOR_COLUMNS,
    SHIP_CLASS_COLUMNS,
)
from relos.domain.facilities.countries import ALPHA3_TO_ALPHA2
from relos.domain.facilities.fields import Column, convert, format_cell, format_json
from relos.domain.facilities.forces import AircraftType, Climate, PlanningFactor, ShipClass, ShipType
from relos.domain.facilities.model import Availability, Facility, FacilityKind

R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)


class RecordKind(StrEnum):
    FACILITIES = "facilities"
    SHIP_CLASSES = "ship-classes"
    AIRCRAFT_TYPES = "aircraft-types"
    PLANNING_FACTORS = "planning-factors"


@dataclass(frozen=True)
class RecordSpec(Generic[R_co]):
    kind: RecordKind
    noun: str  # "facility"
    columns: tuple[Column, ...]
    build: Callable[[dict[str, Any]], R_co]
    cross_checks: Callable[[dict[str, Any], int | None], list[FieldProblem]]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


def _estimated_problems(values: Mapping[str, Any], columns: Sequence[Column], line: int | None) -> list[FieldProblem]:
    known = {c.name for c in columns}
    problems = []
    for name in values.get("estimated") or ():
        if name not in known or name in ("id", "estimated", "source", "notes"):
            problems.append(
                FieldProblem.of(
                    "estimated",
                    "not_column_can_hold_estimate",
                    "{name!r} is not a column that can hold an estimate",
                    line=line,
                    name=name,
                )
            )
        elif values.get(name) in (None, (), Availability.UNKNOWN):
            problems.append(
                FieldProblem.of(
                    "estimated",
                    "flagged_estimate_but_empty",
                    "{name} is flagged as an estimate but is empty",
                    line=line,
                    name=name,
                )
            )
    return problems


def _facility_checks(values: dict[str, Any], line: int | None) -> list[FieldProblem]:
    problems = _estimated_problems(values, FACILITY_COLUMNS, line)
    fid, country = values.get("id"), values.get("country")
    if fid and country and fid[:2] != ALPHA3_TO_ALPHA2.get(country, fid[:2]):
        problems.append(
            FieldProblem.of(
                "id",
                "must_start_iso_alpha_2",
                "{fid!r} must start with {ALPHA3_TO_ALPHA2}-, the ISO alpha-2 code of its country {country}",
                line=line,
                fid=fid,
                ALPHA3_TO_ALPHA2=ALPHA3_TO_ALPHA2[country],
                country=country,
            )
        )
    return problems


def _ship_checks(values: dict[str, Any], line: int | None) -> list[FieldProblem]:
    problems = _estimated_problems(values, SHIP_CLASS_COLUMNS, line)
    if values.get("range_speed_kn") is not None and values.get("range_nm") is None:
        problems.append(
            FieldProblem.of(
                "range_speed_kn",
                "range_speed_given_without_range",
                "a range speed is given without range_nm",
                line=line,
            )
        )
    return problems


def _aircraft_checks(values: dict[str, Any], line: int | None) -> list[FieldProblem]:
    return _estimated_problems(values, AIRCRAFT_TYPE_COLUMNS, line)


def _no_checks(values: dict[str, Any], line: int | None) -> list[FieldProblem]:
    return []


def _build_facility(v: dict[str, Any]) -> Facility:
    v = {k: (Availability.UNKNOWN if k in _SERVICES and x is None else x) for k, x in v.items()}
    v = _text_defaults(v, "name_local", "name_ru", "harbour_size", "source", "notes")
    return Facility(**{**v, "kind": FacilityKind(v["kind"])})


_SERVICES = ("water", "rations", "spares", "repair", "medical")


def _text_defaults(v: dict[str, Any], *names: str) -> dict[str, Any]:
    return {**v, **{n: v.get(n) or "" for n in names}}


def _build_ship(v: dict[str, Any]) -> ShipClass:
    v = _text_defaults(v, "name_ru", "ice_class", "source", "notes")
    return ShipClass(**{**v, "type": ShipType(v["type"])})


def _build_aircraft(v: dict[str, Any]) -> AircraftType:
    return AircraftType(**_text_defaults(v, "role", "source", "notes"))


def _build_factor(v: dict[str, Any]) -> PlanningFactor:
    v = _text_defaults(v, "source", "notes")
    return PlanningFactor(**{**v, "climate": Climate(v.get("climate") or "any")})


FACILITIES: RecordSpec[Facility] = RecordSpec(
    RecordKind.FACILITIES, "facility", FACILITY_COLUMNS, _build_facility, _facility_checks
)
SHIP_CLASSES: RecordSpec[ShipClass] = RecordSpec(
    RecordKind.SHIP_CLASSES, "ship class", SHIP_CLASS_COLUMNS, _build_ship, _ship_checks
)
AIRCRAFT_TYPES: RecordSpec[AircraftType] = RecordSpec(
    RecordKind.AIRCRAFT_TYPES, "aircraft type", AIRCRAFT_TYPE_COLUMNS, _build_aircraft, _aircraft_checks
)
PLANNING_FACTORS: RecordSpec[PlanningFactor] = RecordSpec(
    RecordKind.PLANNING_FACTORS, "planning factor", PLANNING_FACTOR_COLUMNS, _build_factor, _no_checks
)

SPECS: dict[RecordKind, RecordSpec[Any]] = {
    s.kind: s for s in (FACILITIES, SHIP_CLASSES, AIRCRAFT_TYPES, PLANNING_FACTORS)
}


def parse_record(
    spec: RecordSpec[R], raw: Mapping[str, object], *, line: int | None = None
) -> tuple[R | None, list[FieldProblem]]:
    """The record a CSV row or JSON object describes, or every problem with it (each naming field and line)."""
    values: dict[str, Any] = {}
    problems: list[FieldProblem] = []
    known = set(spec.column_names)
    for key in raw:
        if key not in known:
            problems.append(
                FieldProblem.of(
                    str(key),
                    "not_column",
                    "is not a {noun} column ({column_names})",
                    line=line,
                    noun=spec.noun,
                    column_names=", ".join(spec.column_names),
                )
            )
    for column in spec.columns:
        value, problem = convert(column, raw.get(column.name), line=line)
        if problem is not None:
            problems.append(problem)
        else:
            values[column.name] = value
    problems.extend(spec.cross_checks(values, line))
    if problems:
        return None, problems
    return spec.build(values), []


def to_raw(spec: RecordSpec[Any], record: object) -> dict[str, Any]:
    """The record's values by column name (native Python values; None = unknown)."""
    return {c.name: getattr(record, c.name) for c in spec.columns}


def record_problems(spec: RecordSpec[Any], record: object, *, line: int | None = None) -> list[FieldProblem]:
    """The same rules as for an imported row, applied to a record made in code."""
    _, problems = parse_record(spec, to_json(spec, record), line=line)
    return problems


def to_csv_row(spec: RecordSpec[Any], record: object) -> dict[str, str]:
    return {c.name: format_cell(c, getattr(record, c.name)) for c in spec.columns}


def to_json(spec: RecordSpec[Any], record: object) -> dict[str, Any]:
    return {c.name: format_json(c, getattr(record, c.name)) for c in spec.columns}


def duplicate_id_problems(ids: Iterable[tuple[str, int | None]]) -> list[FieldProblem]:
    """One problem per repeated id, on the repeating line, naming the line it first appeared on."""
    first: dict[str, int | None] = {}
    problems = []
    for record_id, line in ids:
        if record_id in first:
            where = f"line {first[record_id]}" if first[record_id] is not None else "an earlier record"
            problems.append(
                FieldProblem.of(
                    "id",
                    "duplicate_id_also",
                    "duplicate id {record_id!r}: also on {where}",
                    line=line,
                    record_id=record_id,
                    where=where,
                )
            )
        else:
            first[record_id] = line
    return problems


def changed_fields(spec: RecordSpec[R], before: R, after: R) -> dict[str, tuple[Any, Any]]:
    """Column name -> (before, after) JSON values, for the columns that differ."""
    a, b = to_json(spec, before), to_json(spec, after)
    return {k: (a[k], b[k]) for k in a if a[k] != b[k]}
