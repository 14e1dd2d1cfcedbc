"""What the importers of the public world records share: the record an importer hands on, the checks of
the published files (columns present, numbers, coordinates, one row per identity) and the rule that keeps
a curated value when a bulk import offers another.

A world record is one row of a published file (the World Port Index, OurAirports) turned into a Facility,
with its identity in that source (WPI number, OurAirports ident) and the facility fields the source gives.
Nothing here reads files or storage: an importer hands rows (header name -> text) with their line numbers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from relos.domain.errors import FieldProblem
from relos.domain.facilities.countries import ALPHA3_TO_ALPHA2
from relos.domain.facilities.model import Availability, Facility

#: alpha-2 -> alpha-3 of the assigned ISO 3166-1 codes.
ALPHA2_TO_ALPHA3: dict[str, str] = {a2: a3 for a3, a2 in ALPHA3_TO_ALPHA2.items()}

#: (country alpha-2, lat, lon) -> (IANA time zone, whether it is an estimate).
TimeZoneOf = Callable[[str, float, float], tuple[str, bool]]

#: Fields a world import never changes on a stored facility: its identity, kind, access and curated prose.
NEVER_IMPORTED = ("id", "kind", "name_local", "open_under", "estimated", "source", "notes")

Row = Mapping[str, str]


@dataclass(frozen=True)
class WorldRecord:
    """One facility from a published file: its identity in the source, the line it came from, the facility
    it describes, and the facility fields the source gives a value for (its provenance)."""

    external_id: str
    line: int
    facility: Facility
    fields: tuple[str, ...]
    codes: tuple[str, ...] = ()  # other codes the source gives (ICAO, UN/LOCODE) to find a curated record


@dataclass
class WorldFile:
    """A published file read whole: its records, and the rows left out with the reason (no error)."""

    source: str  # "wpi" or "ourairports"
    records: list[WorldRecord] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class KeptValue:
    """A curated value a bulk import did not overwrite, beside what the source says."""

    facility_id: str
    field: str
    kept: Any
    offered: Any

    def __str__(self) -> str:
        return f"{self.facility_id}: kept curated {self.field} {_shown(self.kept)}, source says {_shown(self.offered)}"


def _shown(value: Any) -> str:
    if _unknown(value):
        return "unknown"
    if isinstance(value, tuple):
        return ";".join(value)
    return str(value.value if isinstance(value, Availability) else value)


def missing_columns(header: Sequence[str] | None, needed: Iterable[str]) -> list[FieldProblem]:
    """One problem per needed column the header lacks (line 1)."""
    present = set(header or ())
    return [
        FieldProblem.of(name, "world_column_missing", "the column {column!r} is missing", line=1, column=name)
        for name in needed
        if name not in present
    ]


def text(row: Row, column: str) -> str:
    value = row.get(column)
    return value.strip() if value else ""


def number(row: Row, column: str, line: int, problems: list[FieldProblem], *, signed: bool = False) -> float | None:
    """The column's number, None when empty; a problem naming line and column when it is not a number (or is
    negative where that means nothing)."""
    raw = text(row, column)
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        problems.append(FieldProblem.of(column, "world_not_number", "{raw!r} is not a number", line=line, raw=raw))
        return None
    if value < 0 and not signed:
        problems.append(
            FieldProblem.of(column, "world_negative", "must not be negative, not {raw}", line=line, raw=raw)
        )
        return None
    return value


def coordinate(row: Row, column: str, limit: int, line: int, problems: list[FieldProblem]) -> float | None:
    """A required latitude (limit 90) or longitude (limit 180) in decimal degrees."""
    if not text(row, column):
        problems.append(FieldProblem.of(column, "world_required", "is required", line=line))
        return None
    value = number(row, column, line, problems, signed=True)
    if value is not None and not -limit <= value <= limit:
        problems.append(
            FieldProblem.of(
                column,
                "world_outside_degrees",
                "{value} is outside -{limit}..{limit} degrees",
                line=line,
                value=value,
                limit=limit,
            )
        )
        return None
    return value


def duplicate_problems(records: Iterable[WorldRecord], column: str) -> list[FieldProblem]:
    """One problem per repeated identity, or per two identities that make the same facility id."""
    seen: dict[str, int] = {}
    ids: dict[str, tuple[str, int]] = {}
    problems = []
    for r in records:
        if r.external_id in seen:
            problems.append(
                FieldProblem.of(
                    column,
                    "world_duplicate",
                    "{value!r} is repeated: also on line {first}",
                    line=r.line,
                    value=r.external_id,
                    first=seen[r.external_id],
                )
            )
            continue
        seen[r.external_id] = r.line
        other = ids.setdefault(r.facility.id, (r.external_id, r.line))
        if other[0] != r.external_id:
            problems.append(
                FieldProblem.of(
                    column,
                    "world_same_facility_id",
                    "{value!r} makes the facility id {facility_id}, as {other!r} on line {first} does",
                    line=r.line,
                    value=r.external_id,
                    facility_id=r.facility.id,
                    other=other[0],
                    first=other[1],
                )
            )
    return problems


_CITED = {
    "icao": re.compile(r"\bICAO:? ([A-Z]{4})\b"),
    "locode": re.compile(r"\bUN/LOCODE:? ?([A-Z]{2} ?[A-Z0-9]{3})\b"),
}


def cited_codes(facilities: Iterable[Facility]) -> dict[str, str]:
    """Codes ('icao:UUEE', 'locode:RUMMK') that exactly one facility cites in its source or notes, to its id:
    how a curated record is found by an import whose own identity it does not carry."""
    owners: dict[str, set[str]] = {}
    for f in facilities:
        words = f"{f.source} {f.notes}"
        for kind, pattern in _CITED.items():
            for code in {m.replace(" ", "") for m in pattern.findall(words)}:
                owners.setdefault(f"{kind}:{code}", set()).add(f.id)
    return {code: next(iter(ids)) for code, ids in owners.items() if len(ids) == 1}


def _unknown(value: Any) -> bool:
    return value is None or value == () or value == "" or value is Availability.UNKNOWN


def merge(
    stored: Facility | None, incoming: WorldRecord, *, curated: bool, overwrite_curated: bool
) -> tuple[Facility, tuple[str, ...], list[KeptValue]]:
    """The facility to store, the fields taken from the import, and the curated values kept.

    A new facility, or one a bulk import made, is the import's (keeping its id and access). A curated one
    (reviewed by a person) keeps its id, kind, access and prose, and every value the source contradicts, each
    reported, unless `overwrite_curated`; a field the source does not know keeps the stored value."""
    if stored is None:
        return incoming.facility, incoming.fields, []
    if not curated:
        return replace(incoming.facility, id=stored.id, open_under=stored.open_under), incoming.fields, []
    changes: dict[str, Any] = {}
    taken: list[str] = []
    kept: list[KeptValue] = []
    for name in incoming.fields:
        if name in NEVER_IMPORTED:
            continue
        offered, before = getattr(incoming.facility, name), getattr(stored, name)
        if _unknown(offered) or (name in incoming.facility.estimated and not _unknown(before)):
            continue  # the source does not know it, or only estimates what is recorded
        if offered == before:
            taken.append(name)
        elif curated and not overwrite_curated:
            kept.append(KeptValue(stored.id, name, before, offered))
        else:
            changes[name] = offered
            taken.append(name)
    return (replace(stored, **changes) if changes else stored), tuple(taken), kept
