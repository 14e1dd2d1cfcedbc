"""A plan read row by row (services.deployments.plan_check): the careful path, taken when the column-wise one
(services.deployments.plan_columns) gives up, which names every problem of every row by line and field, and
the catalogue of agreements and facilities a plan names, each looked up once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np

from relos.domain.deployments.model import CAP_NAMES, Capacity, Totals
from relos.domain.deployments.presence import micros
from relos.domain.errors import FieldProblem, InvalidInput
from relos.domain.parties import party_problem
from relos.services.agreements.ports import StoredAgreement
from relos.services.deployments._views import capacity_of
from relos.services.deployments.inputs import parse_count, parse_instant
from relos.services.deployments.plan_columns import Columns, fast_count, fast_instant, kinds_of
from relos.services.deployments.plan_table import Table, cell_text
from relos.services.unit_of_work import UnitOfWork

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

    def look_up_facilities(self, facility_ids: Iterable[str]) -> None:
        """Look up in one query the facilities among `facility_ids` not looked up yet."""
        wanted = {f for f in facility_ids if f and f not in self.facilities}
        if wanted:
            found = self.uow.facilities.get_many(wanted)
            for facility_id in wanted:
                hit = found.get(facility_id)
                self.facilities[facility_id] = (capacity_of(hit), hit.country) if hit else None

    def facility(self, facility_id: str) -> tuple[Capacity, str] | None:
        if facility_id not in self.facilities:
            found = self.uow.facilities.get(facility_id)
            self.facilities[facility_id] = (capacity_of(found), found.country) if found else None
        return self.facilities[facility_id]


def _row(line: int, rec: Mapping[str, Any], known: Catalogue) -> PlanRow | None:
    """The row when every field is well formed (the common case, checked quickly); None otherwise."""
    ref, agreement_id = cell_text(rec.get("ref")), cell_text(rec.get("agreement"))
    visiting, host, facility_id = (
        cell_text(rec.get("visiting_party")),
        cell_text(rec.get("host_party")),
        cell_text(rec.get("facility")),
    )
    purpose = cell_text(rec.get("purpose"))
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
    start, end = fast_instant(rec.get("start")), fast_instant(rec.get("end"))
    counts = [fast_count(rec.get(n)) for n in CAP_NAMES]
    if start is None or end is None or end <= start or None in counts:
        return None
    w, a, p = (int(c or 0) for c in counts)
    return PlanRow(line, ref, agreement_id, visiting, host, facility_id, purpose, start, end, Totals(w, a, p))


def _slow_row(line: int, rec: Mapping[str, Any], known: Catalogue) -> tuple[PlanRow | None, list[FieldProblem]]:
    """A row the quick path did not take: the row, or everything wrong with it (each naming field and line)."""
    found: list[FieldProblem] = []
    if not cell_text(rec.get("ref")):
        found.append(FieldProblem.of("ref", "required_2", "is required", line=line))
    agreement_id = cell_text(rec.get("agreement"))
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
    visiting, host = cell_text(rec.get("visiting_party")), cell_text(rec.get("host_party"))
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
    facility_id = cell_text(rec.get("facility"))
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
    if not cell_text(rec.get("purpose")):
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
    ref, purpose = cell_text(rec.get("ref")), cell_text(rec.get("purpose"))
    row = PlanRow(line, ref, agreement_id, visiting, host, facility_id, purpose, start, end, Totals(w, a, p))
    return row, []


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
    kinds, kind = kinds_of(
        [r.agreement_id for r in rows],
        [r.visiting_party for r in rows],
        [r.host_party for r in rows],
        [r.facility_id for r in rows],
        [r.purpose for r in rows],
    )
    return Columns(
        lines=[r.line for r in rows],
        refs=[r.ref for r in rows],
        kinds=kinds,
        kind=kind,
        starts=np.array([micros(r.start) for r in rows], dtype=np.int64),
        ends=np.array([micros(r.end) for r in rows], dtype=np.int64),
        amounts=np.array(
            [[r.totals.warships, r.totals.aircraft, r.totals.personnel] for r in rows], dtype=np.int64
        ).reshape(-1, 3),
    )
