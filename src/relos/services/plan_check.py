"""`relos plan check`: a deployment plan (CSV with a header row, or a JSON list of objects) checked against
the agreements, recorded overrides and facility capacities in the database, first come first served.
It writes nothing. The format and output are fixed by shared/INTERFACES.md.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from relos.domain.actor import Actor
from relos.domain.agreements import AgreementEvent
from relos.domain.deployments.admission import (
    Exceeded,
    Limit,
    cap_limits,
    facility_limits,
    in_force_violation,
    iso,
    purpose_violation,
)
from relos.domain.deployments.model import CAP_NAMES, FACILITY_RESOURCES, Capacity, Totals
from relos.domain.deployments.plan import Demand, PlanItem, first_come_first_served
from relos.domain.errors import FieldProblem, InvalidInput, Violation
from relos.domain.parties import party_problem
from relos.services.deployment_inputs import parse_count, parse_instant
from relos.services.deployment_views import capacity_of
from relos.services.ports import StoredAgreement, UnitOfWork

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


def _records(text: str, *, name: str) -> list[tuple[int, Mapping[str, Any]]]:
    """(line, record) for each row of a CSV or JSON plan."""
    stripped = text.lstrip("\ufeff").lstrip()
    if stripped.startswith("["):
        return _json_records(text.lstrip("\ufeff"), name=name)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InvalidInput.for_field("header", "the plan is empty", line=1) from None
    except csv.Error as exc:
        raise InvalidInput.for_field("header", str(exc), line=1) from None
    missing = [f for f in FIELDS if f not in header]
    if missing:
        raise InvalidInput.for_field("header", f"missing column(s): {', '.join(missing)}", line=1)
    out: list[tuple[int, Mapping[str, Any]]] = []
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                raise InvalidInput.for_field(
                    "row", f"{len(cells)} cells where the header has {len(header)}", line=reader.line_num
                )
            out.append((reader.line_num, dict(zip(header, cells, strict=True))))
    except csv.Error as exc:
        raise InvalidInput.for_field("row", str(exc), line=reader.line_num) from None
    return out


def _json_records(text: str, *, name: str) -> list[tuple[int, Mapping[str, Any]]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput.for_field("json", exc.msg, line=exc.lineno) from None
    if not isinstance(data, list):
        raise InvalidInput.for_field("json", "a JSON plan is a list of objects", line=1)
    # the line each item starts on, for messages
    decoder, pos, lines = json.JSONDecoder(), text.index("[") + 1, []
    for _ in data:
        while text[pos] in " \t\r\n,":
            pos += 1
        lines.append(text.count("\n", 0, pos) + 1)
        _, pos = decoder.raw_decode(text, pos)
    out: list[tuple[int, Mapping[str, Any]]] = []
    for line, item in zip(lines, data, strict=True):
        if not isinstance(item, dict):
            raise InvalidInput.for_field("row", "each item of a JSON plan is an object", line=line)
        missing = [f for f in FIELDS if f not in item and f != "facility"]
        if missing:
            raise InvalidInput.for_field("row", f"missing field(s): {', '.join(missing)}", line=line)
        out.append((line, item))
    return out


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def parse_plan(
    uow: UnitOfWork, text: str, *, name: str = "plan"
) -> tuple[list[PlanRow], dict[str, StoredAgreement], dict[str, Capacity]]:
    """The plan's rows, and the agreements and facilities they name; InvalidInput naming each bad line."""
    problems: list[FieldProblem] = []
    rows: list[PlanRow] = []
    agreements: dict[str, StoredAgreement | None] = {}
    facilities: dict[str, Capacity | None] = {}
    countries: dict[str, str] = {}
    for line, rec in _records(text, name=name):
        found: list[FieldProblem] = []
        ref = _text(rec.get("ref"))
        if not ref:
            found.append(FieldProblem("ref", "is required", line))
        agreement_id = _text(rec.get("agreement"))
        if agreement_id not in agreements:
            agreements[agreement_id] = uow.agreements.get(agreement_id) if agreement_id else None
        stored = agreements[agreement_id]
        if stored is None:
            found.append(FieldProblem("agreement", f"{agreement_id!r} is not an agreement in the database", line))
        visiting, host = _text(rec.get("visiting_party")), _text(rec.get("host_party"))
        for field, party in (("visiting_party", visiting), ("host_party", host)):
            bad = party_problem(party, field=field, line=line)
            if bad:
                found.append(bad)
            elif stored is not None and party not in stored.agreement.parties:
                found.append(FieldProblem(field, f"{party} is not a party to {agreement_id}", line))
        if visiting and visiting == host:
            found.append(FieldProblem("host_party", "the host must be the other party", line))
        facility_id = _text(rec.get("facility"))
        if facility_id:
            if facility_id not in facilities:
                facility = uow.facilities.get(facility_id)
                facilities[facility_id] = capacity_of(facility) if facility else None
                if facility:
                    countries[facility_id] = facility.country
            if facilities[facility_id] is None:
                found.append(FieldProblem("facility", f"{facility_id!r} is not a facility of the catalogue", line))
            elif countries[facility_id] != host and not found:
                found.append(FieldProblem("facility", f"{facility_id} is not in the host's territory ({host})", line))
        purpose = _text(rec.get("purpose"))
        if not purpose:
            found.append(FieldProblem("purpose", "is required", line))
        start = parse_instant(rec.get("start"), field="start", problems=found, line=line)
        end = parse_instant(rec.get("end"), field="end", problems=found, line=line)
        if start is not None and end is not None and end <= start:
            found.append(FieldProblem("end", f"{rec.get('end')} is not after the start {rec.get('start')}", line))
        counts = [parse_count(rec.get(n), field=n, problems=found, line=line) for n in CAP_NAMES]
        problems += found
        if found or start is None or end is None or None in counts:
            if len(problems) >= MAX_PROBLEMS:
                break
            continue
        warships, aircraft, personnel = (int(c or 0) for c in counts)
        rows.append(
            PlanRow(
                line,
                ref,
                agreement_id,
                visiting,
                host,
                facility_id,
                purpose,
                start,
                end,
                Totals(warships, aircraft, personnel),
            )
        )
    if problems:
        raise InvalidInput(problems, source=name)
    return (
        rows,
        {k: v for k, v in agreements.items() if v is not None},
        {k: v for k, v in facilities.items() if v is not None},
    )


def _refusals(row: PlanRow, stored: StoredAgreement, events: tuple[AgreementEvent, ...]) -> list[Exceeded]:
    found: list[Violation] = []
    rule = in_force_violation(stored.agreement, events, row.start, row.end)
    if rule:
        found.append(rule)
    rule = purpose_violation(stored.agreement, row.purpose, start=row.start)
    if rule:
        found.append(rule)
    return [Exceeded(v.rule, row.start, 0, 0) for v in found]


def check_plan(uow: UnitOfWork, *, actor: Actor, text: str, name: str = "plan") -> dict[str, Any]:
    """The plan's verdict, row by row, in the JSON form of shared/INTERFACES.md. Writes nothing."""
    with uow:
        rows, agreements, capacities = parse_plan(uow, text, name=name)
        for stored in agreements.values():
            if not actor.may_see(stored.agreement.parties):
                raise InvalidInput.for_field(
                    "agreement", f"{stored.agreement.id!r} is not an agreement in the database"
                )
        caps: dict[tuple[str, str, str], dict[str, Limit]] = {}
        for row in rows:
            key = (row.agreement_id, row.visiting_party, row.host_party)
            if key not in caps:
                overrides = uow.deployments.overrides(host_party=row.host_party, visiting_party=row.visiting_party)
                caps[key] = cap_limits(agreements[row.agreement_id].agreement.caps, overrides)
    facility_limit = {fid: facility_limits(c) for fid, c in capacities.items()}
    items: list[PlanItem] = []
    for row in rows:
        stored = agreements[row.agreement_id]
        limits = caps[(row.agreement_id, row.visiting_party, row.host_party)]
        demands = [
            Demand(("cap", row.visiting_party, row.host_party, n), limits[n], row.totals.get(n))
            for n in CAP_NAMES
            if limits[n].base is not None or limits[n].raised
        ]
        for resource, limit in facility_limit.get(row.facility_id, {}).items():
            demands.append(
                Demand(("facility", row.facility_id, resource), limit, row.totals.get(FACILITY_RESOURCES[resource]))
            )
        items.append(PlanItem(row.start, row.end, tuple(demands), tuple(_refusals(row, stored, stored.events))))
    verdicts = first_come_first_served(items)
    results = [
        {
            "ref": row.ref,
            "line": row.line,
            "admitted": not found,
            "violations": [{"limit": e.limit, "at": iso(e.at), "total": e.total, "max": e.max} for e in found],
        }
        for row, found in zip(rows, verdicts, strict=True)
    ]
    admitted = sum(1 for r in results if r["admitted"])
    return {"results": results, "admitted": admitted, "rejected": len(results) - admitted}
