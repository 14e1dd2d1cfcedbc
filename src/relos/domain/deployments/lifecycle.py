"""A deployment's life: draft → submitted → approved | rejected → arrived → departed → closed; cancel; amend.

Each step is a pure function returning the next deployment, raising Conflict for a wrong state and
InvalidInput for bad input. Whether the caps and capacities admit it is `admission`'s question: the
use case asks it (under a lock) before `approve`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from relos.domain.deployments.model import AMENDABLE, Deployment, DeploymentStatus, Particulars, aware
from relos.domain.errors import Conflict, InvalidInput

S = DeploymentStatus


def _require(d: Deployment, *states: DeploymentStatus, action: str) -> None:
    if d.status not in states:
        wanted = " or ".join(s.value for s in states)
        raise Conflict(f"deployment {d.id} is {d.status.value}; {action} needs it {wanted}")


def _instant(value: datetime, field: str) -> None:
    if not aware(value):
        raise InvalidInput.for_field(field, "must carry a time zone (UTC)")


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
        raise InvalidInput.for_field("reason", "a rejection needs its reason")
    return replace(d, status=S.REJECTED, decided_by=user_id, decided_at=at, decision_reason=reason)


def arrive(d: Deployment, *, at: datetime) -> Deployment:
    """The force's actual arrival (the host records it)."""
    _require(d, S.APPROVED, action="recording arrival")
    _instant(at, "arrived_at")
    return replace(d, status=S.ARRIVED, arrived_at=at)


def depart(d: Deployment, *, at: datetime) -> Deployment:
    """The force's actual departure: after its arrival."""
    _require(d, S.ARRIVED, action="recording departure")
    _instant(at, "departed_at")
    assert d.arrived_at is not None
    if at <= d.arrived_at:
        raise InvalidInput.for_field(
            "departed_at", f"{at.isoformat()} is not after the arrival {d.arrived_at.isoformat()}"
        )
    return replace(d, status=S.DEPARTED, departed_at=at)


def close(d: Deployment) -> Deployment:
    _require(d, S.DEPARTED, action="closing")
    return replace(d, status=S.CLOSED)


def cancel(d: Deployment, *, reason: str) -> Deployment:
    """The requester withdraws a deployment that has not arrived."""
    _require(d, *sorted(AMENDABLE), action="cancelling")
    if not reason.strip():
        raise InvalidInput.for_field("reason", "a cancellation needs its reason")
    return replace(d, status=S.CANCELLED, decision_reason=reason)


def amend(d: Deployment, p: Particulars, *, reason: str) -> Deployment:
    """A new version with new particulars; a submitted or approved one goes back to submitted and is
    checked again as a whole (its old approval no longer holds capacity)."""
    _require(d, *sorted(AMENDABLE), action="amending")
    if not reason.strip():
        raise InvalidInput.for_field("reason", "an amendment needs its reason")
    if (p.agreement_id, p.visiting_party, p.host_party) != (d.agreement_id, d.visiting_party, d.host_party):
        raise InvalidInput.for_field("agreement_id", "an amendment keeps the agreement and the parties")
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
