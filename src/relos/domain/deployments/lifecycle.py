"""A deployment's life: draft → submitted → approved | rejected → arrived → departed → closed; cancel; amend.

Each step is a pure function returning the next deployment, raising Conflict for a wrong state,
InvalidInput for bad input and RuleViolated for a rule it breaks. Whether the caps and capacities admit it
is `admission`'s question: the use case asks it (under a lock) before `approve`.

Arrival and departure are facts: neither may lie in the future (relos.domain.recorded). An arrival must fall
inside the approved window (``arrival_before_window``, ``arrival_after_window``): the approval admitted the
force for that window only, so a force that comes earlier or later needs its window amended, and admitted
again as a whole, first. A departure after the approved end is recorded as it happened — an overstay the host
cannot undo by refusing to write it down — and shows as a breach (relos.domain.deployments.breaches).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from relos.domain.deployments.admission import iso
from relos.domain.deployments.model import AMENDABLE, Deployment, DeploymentStatus, Particulars, aware
from relos.domain.errors import Conflict, InvalidInput, RuleViolated, Violation
from relos.domain.recorded import DEFAULT_TOLERANCE, refuse_future

S = DeploymentStatus


def _require(d: Deployment, *states: DeploymentStatus, action: str) -> None:
    if d.status not in states:
        wanted = " or ".join(s.value for s in states)
        raise Conflict.of(
            "conflict.deployment_needs",
            "deployment {d_id} is {status}; {action} needs it {wanted}",
            d_id=d.id,
            reference=d.reference or d.id,
            status=d.status.value,
            action=action,
            wanted=wanted,
        )


def _instant(value: datetime, field: str) -> None:
    if not aware(value):
        raise InvalidInput.of(field, "must_carry_time_zone_utc_2", "must carry a time zone (UTC)")


def submit(d: Deployment) -> Deployment:
    _require(d, S.DRAFT, action="submitting")
    return replace(d, status=S.SUBMITTED)


def approve(d: Deployment, *, user_id: str, at: datetime) -> Deployment:
    """The host approves; the caller has checked admission under the host's presence lock."""
    _require(d, S.SUBMITTED, action="approving")
    return replace(d, status=S.APPROVED, decided_by=user_id, decided_at=at, decision_reason="")


def reject(d: Deployment, *, user_id: str, at: datetime, reason: str) -> Deployment:
    _require(d, S.SUBMITTED, action="rejecting")
    if not reason.strip():
        raise InvalidInput.of("reason", "rejection_needs_reason", "a rejection needs its reason")
    return replace(d, status=S.REJECTED, decided_by=user_id, decided_at=at, decision_reason=reason)


def arrival_violation(d: Deployment, at: datetime) -> Violation | None:
    """An arrival at `at` must fall inside the approved window [start, end); otherwise the window is amended
    (and the amended deployment admitted again, at every instant, against the caps and capacities) first."""
    details: dict[str, object] = {
        "field": "arrived_at",
        "arrived_at": iso(at),
        "start": iso(d.start),
        "end": iso(d.end),
    }
    if at < d.start:
        return Violation(
            "arrival_before_window",
            f"arrived_at: {iso(at)} is before the approved start {iso(d.start)} of deployment {d.id}; "
            "the window must be amended, and the amendment approved (checked again as a whole against the caps "
            "and capacities at every instant), before an earlier arrival is recorded",
            details,
        )
    if at >= d.end:
        return Violation(
            "arrival_after_window",
            f"arrived_at: {iso(at)} is at or after the approved end {iso(d.end)} of deployment {d.id}; "
            "the window must be amended, and the amendment approved, before this arrival is recorded",
            details,
        )
    return None


def arrive(d: Deployment, *, at: datetime, now: datetime, tolerance: timedelta = DEFAULT_TOLERANCE) -> Deployment:
    """The force's actual arrival (the host records it): not in the future, inside the approved window."""
    _require(d, S.APPROVED, action="recording arrival")
    _instant(at, "arrived_at")
    refuse_future([("arrived_at", at)], now=now, tolerance=tolerance, source=f"arrival of {d.id}")
    wrong = arrival_violation(d, at)
    if wrong is not None:
        raise RuleViolated([wrong])
    return replace(d, status=S.ARRIVED, arrived_at=at)


def depart(d: Deployment, *, at: datetime, now: datetime, tolerance: timedelta = DEFAULT_TOLERANCE) -> Deployment:
    """The force's actual departure: after its arrival, not in the future. After the approved end it is still
    recorded (as it happened): `overstayed` then says so, and the use case records the breach."""
    _require(d, S.ARRIVED, action="recording departure")
    _instant(at, "departed_at")
    assert d.arrived_at is not None
    if at <= d.arrived_at:
        raise InvalidInput.of(
            "departed_at",
            "not_after_arrival",
            "{at} is not after the arrival {arrived_at}",
            at=at.isoformat(),
            arrived_at=d.arrived_at.isoformat(),
        )
    refuse_future([("departed_at", at)], now=now, tolerance=tolerance, source=f"departure of {d.id}")
    return replace(d, status=S.DEPARTED, departed_at=at)


def close(d: Deployment) -> Deployment:
    _require(d, S.DEPARTED, action="closing")
    return replace(d, status=S.CLOSED)


def cancel(d: Deployment, *, reason: str) -> Deployment:
    """The requester withdraws a deployment that has not arrived."""
    _require(d, *sorted(AMENDABLE), action="cancelling")
    if not reason.strip():
        raise InvalidInput.of("reason", "cancellation_needs_reason", "a cancellation needs its reason")
    return replace(d, status=S.CANCELLED, decision_reason=reason)


def amend(d: Deployment, p: Particulars, *, reason: str) -> Deployment:
    """A new version with new particulars; a submitted or approved one goes back to submitted and is
    checked again as a whole (its old approval no longer holds capacity)."""
    _require(d, *sorted(AMENDABLE), action="amending")
    if not reason.strip():
        raise InvalidInput.of("reason", "amendment_needs_reason", "an amendment needs its reason")
    if (p.agreement_id, p.visiting_party, p.host_party) != (d.agreement_id, d.visiting_party, d.host_party):
        raise InvalidInput.of(
            "agreement_id", "amendment_keeps_agreement_parties", "an amendment keeps the agreement and the parties"
        )
    return replace(
        d,
        facility_id=p.facility_id,
        purpose=p.purpose,
        purpose_consent=p.purpose_consent,
        start=p.start,
        end=p.end,
        ships=p.ships,
        aircraft=p.aircraft,
        personnel=p.personnel,
        note=p.note,
        version=d.version + 1,
        status=S.DRAFT if d.status is S.DRAFT else S.SUBMITTED,
        decided_by=None,
        decided_at=None,
        decision_reason="",
        amendment_reason=reason,
    )
