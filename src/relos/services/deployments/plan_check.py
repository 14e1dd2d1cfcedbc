"""`relos plan check`: a deployment plan (CSV with a header row, or a JSON list of objects) checked against
the agreements, recorded overrides and facility capacities in the database, first come first served.
It writes nothing. The format and output are documented in docs/deployments.md; reading the file is
services.deployments.plan_table (CSV) and plan_json (JSON), its columns plan_columns (or, row by row, plan_rows).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

from relos.domain.actor import Actor
from relos.domain.deployments.admission import Limit, cap_limits, validity
from relos.domain.deployments.model import CAP_NAMES, FACILITY_RESOURCES
from relos.domain.deployments.presence import micros
from relos.domain.errors import InvalidInput
from relos.planning.engine.plan_engine import Grouping, LimitSteps, first_come_first_served
from relos.services.deployments import results
from relos.services.deployments.plan_columns import Columns, fast_columns
from relos.services.deployments.plan_results import iso_us_many
from relos.services.deployments.plan_rows import Catalogue, slow_columns
from relos.services.deployments.plan_table import FIELDS, read_table
from relos.services.deployments.plan_uniform import uniform_columns
from relos.services.unit_of_work import UnitOfWork

__all__ = ["FIELDS", "check_plan"]


def _steps(limit: Limit) -> LimitSteps:
    return LimitSteps(limit.base, tuple((micros(a), micros(b), v) for a, b, v in limit.raised))


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """A plan check allocates a few objects per row and frees none until it ends: the cycle collector's
    passes over them cost a third of the run and find nothing, so it pauses (reference counting goes on)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check_plan(uow: UnitOfWork, *, actor: Actor, text: str, name: str = "plan") -> results.PlanCheck:
    """The plan's verdict, row by row, in the JSON form of docs/deployments.md. Writes nothing."""
    with _without_cycle_collection():
        return _check_plan(uow, actor=actor, text=text, name=name)


def _read_columns(text: str, known: Catalogue, *, name: str) -> Columns:
    """The plan read as a Table, then column-wise or (when that gives up) row by row, naming every fault."""
    table = read_table(text)
    return fast_columns(table, known) or slow_columns(table, known, name=name)


def _check_plan(uow: UnitOfWork, *, actor: Actor, text: str, name: str) -> results.PlanCheck:
    """The plan's verdict, row by row.

    Caps hold per visiting party in the host's territory whatever agreement a row names; a plan naming two
    agreements between the same parties holds those rows to the caps of the first one named."""
    with uow:
        known = Catalogue(uow)
        cols = uniform_columns(text, known) or _read_columns(text, known, name=name)
        agreements = {k: v for k, v in known.agreements.items() if v is not None}
        for stored in agreements.values():
            if not actor.may_see(stored.agreement.parties):
                raise InvalidInput.of(
                    "agreement",
                    "not_agreement_database",
                    "{agreement_id!r} is not an agreement in the database",
                    agreement_id=stored.agreement.id,
                )
        pairs: dict[tuple[str, str], int] = {}
        cap_steps: list[tuple[LimitSteps, LimitSteps, LimitSteps]] = []
        for agreement_id, v, h in dict.fromkeys(k[:3] for k in cols.kinds):  # in the order the plan names them
            if (v, h) not in pairs:
                pairs[(v, h)] = len(pairs)
                overrides = uow.deployments.overrides(host_party=h, visiting_party=v)
                limits = cap_limits(agreements[agreement_id].agreement.caps, overrides)
                a, b, c = (_steps(limits[n]) for n in CAP_NAMES)
                cap_steps.append((a, b, c))
    places: dict[str, int] = {}
    place_steps: list[tuple[LimitSteps, LimitSteps, LimitSteps]] = []
    for fid, found in known.facilities.items():
        if found is not None and any(v is not None for v in found[0].limits().values()):
            places[fid] = len(places)
            held = found[0].limits()
            a, b, c = (LimitSteps(held[r]) for r in FACILITY_RESOURCES)
            place_steps.append((a, b, c))
    n, kind = len(cols.lines), cols.kind
    windows = {a: validity(v.agreement, v.events) for a, v in agreements.items()}
    since = np.array([micros(w[0]) if (w := windows[k.agreement]) else 0 for k in cols.kinds], np.int64)[kind]
    until = np.array([micros(w[1]) if (w := windows[k.agreement]) else 0 for k in cols.kinds], np.int64)[kind]
    not_in_force = (cols.starts < since) | (cols.ends > until)
    allowed = [agreements[k.agreement].agreement.allows_purpose(k.purpose) for k in cols.kinds]
    purpose_ok = np.array(allowed, dtype=bool)[kind]
    groupings = [
        Grouping(np.array([pairs[(k.visiting, k.host)] for k in cols.kinds], np.int64)[kind], cap_steps),
        Grouping(np.array([places.get(k.facility, -1) for k in cols.kinds], np.int64)[kind], place_steps),
    ]
    refused = not_in_force | ~purpose_ok
    verdicts = first_come_first_served(cols.starts, cols.ends, cols.amounts, groupings, refused)
    rows: list[results.PlanRowVerdict] = [
        {"ref": ref, "line": line, "admitted": ok, "violations": []}
        for ref, line, ok in zip(cols.refs, cols.lines, verdicts.admitted.tolist(), strict=True)
    ]
    refused_in_force, refused_purpose = not_in_force.tolist(), (~purpose_ok).tolist()
    refused_rows = np.flatnonzero(refused)
    for i, at in zip(refused_rows.tolist(), iso_us_many(cols.starts[refused_rows]), strict=True):
        if refused_in_force[i]:
            rows[i]["violations"].append({"limit": "not_in_force", "at": at, "total": 0, "max": 0})
        if refused_purpose[i]:
            rows[i]["violations"].append({"limit": "purpose_not_allowed", "at": at, "total": 0, "max": 0})
    cap_names = list(CAP_NAMES)
    place_names = [[f"facility:{p}:{r}" for r in FACILITY_RESOURCES] for p in places]
    limit_names = [
        cap_names[k] if grouping == 0 else place_names[g][k]
        for grouping, k, g in zip(
            verdicts.grouping.tolist(), verdicts.resource.tolist(), verdicts.group.tolist(), strict=True
        )
    ]
    for i, limit, at, total, cap in zip(
        verdicts.row.tolist(),
        limit_names,
        iso_us_many(verdicts.at),
        verdicts.total.tolist(),
        verdicts.max.tolist(),
        strict=True,
    ):
        rows[i]["violations"].append({"limit": limit, "at": at, "total": total, "max": cap})
    admitted = int(verdicts.admitted.sum())
    return {"results": rows, "admitted": admitted, "rejected": n - admitted}
