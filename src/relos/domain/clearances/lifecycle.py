"""A clearance's life: draft → submitted → need more information | approved | approved with
restrictions | denied; amended (a new version after submission, decided again); cancelled; expired.

Each step is a pure function returning the next clearance, raising Conflict for a wrong state,
InvalidInput for bad input and RuleViolated for a broken rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime

from relos.domain.clearances.coverage import ShipRef, same_ship
from relos.domain.clearances.model import (
    FINAL,
    GRANTED,
    PENDING,
    Clearance,
    ClearanceStatus,
    LeadTimeException,
    Ship,
)
from relos.domain.clearances.rules import (
    berth_violations,
    facility_violations,
    in_force_violations,
    lead_time_violation,
    missing_fields,
    request_problems,
    unit_problems,
    window_problems,
)
from relos.domain.clearances.terms import KindTerms
from relos.domain.errors import Conflict, FieldProblem, InvalidInput, RuleViolated, Violation
from relos.domain.facilities.model import Facility

S = ClearanceStatus
AMENDABLE = frozenset({S.DRAFT, S.SUBMITTED, S.NEED_MORE_INFORMATION, S.AMENDED, *GRANTED})


def _require(c: Clearance, states: Iterable[ClearanceStatus], *, action: str) -> None:
    wanted = frozenset(states)
    if c.status not in wanted:
        names = " or ".join(sorted(s.value for s in wanted))
        raise Conflict.of(
            "conflict.clearance_needs",
            "clearance {c_id} is {status}; {action} needs it {names}",
            c_id=c.id,
            reference=c.reference or c.id,
            status=c.status.value,
            action=action,
            names=names,
        )


def _text(value: str, field: str, what: str) -> str:
    if not value.strip():
        raise InvalidInput.of(field, "required", "{what} is required", what=what)
    return value.strip()


def check_content(
    c: Clearance,
    *,
    terms: KindTerms,
    facility: Facility,
    airfields: Iterable[Facility],
    agreement_parties: tuple[str, str],
    in_force: tuple[date, date] | None,
    agreement_label: str,
) -> tuple[str, ...]:
    """Raise when the clearance is malformed or breaks a rule; return the warnings it carries."""
    problems: list[FieldProblem] = [*window_problems(c.start, c.end), *unit_problems(c), *request_problems(c, terms)]
    if problems:
        raise InvalidInput(problems, source=f"clearance {c.id}")
    violations: list[Violation] = facility_violations(
        c, facility, agreement_parties=agreement_parties, airfields=tuple(airfields)
    )
    unfit, warnings = berth_violations(c, facility)
    violations += unfit
    violations += in_force_violations(c, in_force, agreement_label)
    if violations:
        raise RuleViolated(violations)
    return tuple(warnings)


def check_submission(c: Clearance, *, terms: KindTerms, at: datetime, timezone: str, lead_time: bool = True) -> None:
    """Complete (every required field) and in time (lead time in local time, or an exception), before the start."""
    missing = missing_fields(c, terms)
    if missing:
        raise InvalidInput(missing, source=f"clearance {c.id} is incomplete and cannot be submitted")
    if at >= c.start:
        raise RuleViolated(
            [Violation("start_passed", f"the window starts {c.start.isoformat()}, before {at.isoformat()}", {})]
        )
    if lead_time:
        late = lead_time_violation(c, at=at, timezone=timezone, terms=terms, exception=c.exception)
        if late:
            raise RuleViolated([late])


def lead_time_applies(before: Clearance, after: Clearance) -> bool:
    """An amendment is a new notice (lead time counted again) when it adds a ship or an aircraft or
    moves the start earlier; other corrections (a commander's name, a frequency) are not."""
    if after.start < before.start:
        return True
    if any(not any(same_ship_of(x, y) for y in before.ships) for x in after.ships):
        return True
    tails = {(a.tail_number or "").casefold() for a in before.aircraft}
    return any((a.tail_number or "").casefold() not in tails for a in after.aircraft)


def same_ship_of(a: Ship, b: Ship) -> bool:
    return same_ship(ShipRef(a.name or "", a.hull_number), b)


def submit(c: Clearance, *, at: datetime, by: str) -> Clearance:
    _require(c, {S.DRAFT}, action="submitting")
    return replace(c, status=S.SUBMITTED, submitted_at=at, submitted_by=by)


def request_information(c: Clearance, *, questions: str, at: datetime, by: str) -> Clearance:
    _require(c, PENDING, action="asking for more information")
    return replace(
        c,
        status=S.NEED_MORE_INFORMATION,
        reason=_text(questions, "questions", "the questions"),
        decided_at=at,
        decided_by=by,
    )


def approve(c: Clearance, *, number: str, restrictions: Iterable[str], at: datetime, by: str) -> Clearance:
    """Approve with the host's clearance number; with restrictions listed it is approved with restrictions."""
    _require(c, PENDING, action="approving")
    listed = tuple(r.strip() for r in restrictions if r.strip())
    return replace(
        c,
        status=S.APPROVED_WITH_RESTRICTIONS if listed else S.APPROVED,
        clearance_number=_text(number, "clearance_number", "the clearance number"),
        restrictions=listed,
        reason="",
        decided_at=at,
        decided_by=by,
    )


def deny(c: Clearance, *, reason: str, at: datetime, by: str) -> Clearance:
    _require(c, PENDING, action="denying")
    return replace(c, status=S.DENIED, reason=_text(reason, "reason", "the reason"), decided_at=at, decided_by=by)


def cancel(c: Clearance, *, reason: str) -> Clearance:
    if c.status in FINAL:
        raise Conflict.of(
            "conflict.clearance_cannot_cancelled",
            "clearance {c_id} is {status}; it cannot be cancelled",
            c_id=c.id,
            reference=c.reference or c.id,
            status=c.status.value,
        )
    return replace(c, status=S.CANCELLED, reason=_text(reason, "reason", "the reason"))


def amend(c: Clearance, after: Clearance, *, reason: str) -> Clearance:
    """A new version; after submission it is decided again (status amended), a draft stays a draft. It keeps
    its id, reference and title."""
    _require(c, AMENDABLE, action="amending")
    why = _text(reason, "reason", "the reason for the amendment")
    return replace(
        after,
        id=c.id,
        version=c.version + 1,
        status=S.DRAFT if c.status is S.DRAFT else S.AMENDED,
        created_by=c.created_by,
        created_at=c.created_at,
        submitted_at=c.submitted_at,
        submitted_by=c.submitted_by,
        clearance_number=c.clearance_number,
        restrictions=(),
        decided_at=None,
        decided_by=None,
        reason=why,
        exception=c.exception,
        reference=c.reference,
        title=c.title,
    )


def record_exception(c: Clearance, *, reason: str, at: datetime, by: str) -> Clearance:
    """The host admits this call earlier than the lead time allows, with its reason (kept on the notice)."""
    if c.status in FINAL:
        raise Conflict.of(
            "conflict.clearance_no_exception_can_recorded",
            "clearance {c_id} is {status}; no exception can be recorded",
            c_id=c.id,
            reference=c.reference or c.id,
            status=c.status.value,
        )
    why = _text(reason, "reason", "the reason for admitting the earlier entry")
    return replace(c, exception=LeadTimeException(why, by, at, c.start))


def expired(c: Clearance, *, now: datetime) -> Clearance | None:
    """The clearance as expired at `now`, or None while it is still live: a granted clearance after its
    window; one never granted (draft, pending, awaiting information) once its start has passed."""
    if c.status in FINAL:
        return None
    if c.status in GRANTED:
        return replace(c, status=S.EXPIRED) if c.end <= now else None
    return replace(c, status=S.EXPIRED) if c.start <= now else None
