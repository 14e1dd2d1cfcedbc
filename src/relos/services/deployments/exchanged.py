"""A deployment's side of the exchange between the two parties' instances (relos.services.exchange): what each
document about a deployment says (`*_body`), and taking a received one into this instance (`take_*`).

The visiting party's instance is the authority for its request; the host's for its decision and for the
arrival and departure on its territory. A `take_*` function works inside the caller's open unit of work (the
exchange commits it together with the inbox row, so a document is applied exactly once, or not at all) and
raises, writing nothing, when the document breaks a rule here: the host re-checks a request against the
agreement and its own catalogue as if its own requester had submitted it; its approver then decides with the
caps checked at every instant with what the host alone knows (`lifecycle.approve_deployment`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime
from functools import partial
from typing import Any

from relos.domain import default_titles
from relos.domain.actor import Actor, Role
from relos.domain.deployments import lifecycle
from relos.domain.deployments.admission import iso
from relos.domain.deployments.model import Deployment, DeploymentStatus
from relos.domain.errors import Conflict, InvalidInput, NotFound, RuleViolated
from relos.domain.recorded import DEFAULT_TOLERANCE
from relos.domain.references import RecordKind
from relos.services.deployments._views import (
    assess,
    canonical,
    deployment_document,
    deployment_json,
    requested_particulars,
)
from relos.services.deployments.host_records import overstay_entry
from relos.services.exchange.authority import not_authority, require_sender_decides
from relos.services.references import allocate
from relos.services.unit_of_work import UnitOfWork

S = DeploymentStatus
#: What a request is checked against on receipt (caps and capacities are the host's approver's decision).
STATIC_RULES = ("not_in_force", "purpose_not_allowed")


def partner(sender: str) -> Actor:
    """Who a received document acts as: the partner's instance, speaking for its party."""
    return Actor(f"exchange:{sender}", sender, frozenset({Role.REQUESTER}))


# -- what the documents say ------------------------------------------------------------------------------
def request_body(d: Deployment) -> dict[str, Any]:
    """The request as the visiting party submitted it: the deployment's canonical document."""
    return dict(deployment_document(d))


def decision_body(d: Deployment) -> dict[str, Any] | None:
    """The host's decision, None while it has not decided (a decided deployment not rejected was approved)."""
    if d.decided_at is None:
        return None
    return {
        "decision": "rejected" if d.status is S.REJECTED else "approved",
        "version": d.version,
        "decided_at": iso(d.decided_at),
        "decided_by": d.decided_by or "",
        "reason": d.decision_reason,
    }


def cancellation_body(d: Deployment) -> dict[str, Any] | None:
    """The visitor's withdrawal, with its reason; None unless cancelled."""
    if d.status is not S.CANCELLED:
        return None
    return {"version": d.version, "reason": d.decision_reason}


def arrival_body(d: Deployment) -> dict[str, Any] | None:
    return {"arrived_at": iso(d.arrived_at)} if d.arrived_at is not None else None


def departure_body(d: Deployment) -> dict[str, Any] | None:
    return {"departed_at": iso(d.departed_at)} if d.departed_at is not None else None


# -- taking what the partner sent ------------------------------------------------------------------------
def instant_in(body: Mapping[str, Any], field: str) -> datetime:
    """The instant a received document gives under `field`, or InvalidInput when it is none in UTC."""
    try:
        found = datetime.fromisoformat(str(body.get(field)).replace("Z", "+00:00"))
    except ValueError:
        found = None
    if found is None or found.tzinfo is None:
        raise InvalidInput.of(
            field, "exchange_not_instant", "{value!r} is not an instant in UTC", value=body.get(field)
        )
    return found


def _held(uow: UnitOfWork, record_id: str, *, sender: str, own: str, sender_is: str) -> Deployment:
    """The deployment a document is about, which the sender must be the `sender_is` ("host"/"visitor") of."""
    uow.lock(f"deployment:{record_id}")
    d = uow.deployments.get(record_id)
    if d is None:
        raise NotFound("deployment", record_id)
    require_sender_decides("deployment", record_id, host=d.host_party, visitor=d.visiting_party, sender=sender,
                           own=own, sender_is=sender_is)  # fmt: skip
    return d


def _audit(uow: UnitOfWork, sender: str, action: str, before: Deployment, after: Deployment) -> None:
    uow.audit.record(
        actor=partner(sender),
        action=action,
        entity="deployment",
        entity_id=after.id,
        before={"status": before.status.value, "version": before.version},
        after={"status": after.status.value, "version": after.version, "by": f"exchange:{sender}"},
        agreement_id=after.agreement_id,
    )


def take_request(
    uow: UnitOfWork, *, sender: str, own: str, record_id: str, body: Mapping[str, Any], now: datetime
) -> Deployment:
    """The host takes the visiting party's request as submitted to it, checked as its own requester's would be
    (agreement in force for the window, purpose allowed, facility of the host open to the visitor and fit)."""
    actor = partner(sender)
    if uow.deployments.get(record_id) is not None:
        raise Conflict.of(
            "conflict.exchange_record_exists", "deployment {record_id} is here already", record_id=record_id
        )
    p, stored = requested_particulars(uow, actor, body, sender)
    if p.host_party != own:
        raise not_authority("deployment", sender=own, role="host", record_id=record_id)
    d = Deployment(
        id=record_id, agreement_id=p.agreement_id, visiting_party=p.visiting_party, host_party=p.host_party,
        facility_id=p.facility_id, purpose=p.purpose, purpose_consent=p.purpose_consent, start=p.start, end=p.end,
        ships=p.ships, aircraft=p.aircraft, personnel=p.personnel, requested_by=f"{sender}:{body.get('requested_by')}",
        created_at=now, note=p.note, status=S.SUBMITTED,
    )  # fmt: skip
    static = [v for v in assess(uow, d, stored, now=now).violations if v.rule in STATIC_RULES]
    if static:
        raise RuleViolated(static)
    reference = str(body.get("reference") or "")
    if not reference or uow.references.find(RecordKind.DEPLOYMENT, reference) is not None:
        reference = allocate(uow, kind=RecordKind.DEPLOYMENT, party=d.host_party, at=now)
    title = str(body.get("title") or "") or default_titles.of_deployment(d, uow.facilities.get(d.facility_id))
    d = replace(d, reference=reference, title=title)
    uow.deployments.add(d, document=canonical(deployment_document(d)), recorded_by=actor.user_id, now=now)
    uow.audit.record(
        actor=actor, action="deployment.received", entity="deployment", entity_id=d.id, before=None,
        after=deployment_json(d, now), agreement_id=d.agreement_id,
    )  # fmt: skip
    return d


def take_amendment(
    uow: UnitOfWork, *, sender: str, own: str, record_id: str, body: Mapping[str, Any], now: datetime
) -> Deployment:
    """The host takes the visitor's new version, checked again as a whole as its own requester's would be; an
    approved deployment goes back to submitted and its approver decides again."""
    d = _held(uow, record_id, sender=sender, own=own, sender_is="visitor")
    if body.get("version") != d.version + 1:
        raise Conflict.of(
            "conflict.exchange_amendment_out_of_turn",
            "the amendment makes version {amended} of deployment {record_id}, which is at version {version} here",
            amended=body.get("version"),
            record_id=record_id,
            version=d.version,
        )
    p, stored = requested_particulars(uow, partner(sender), {**body, "agreement_id": d.agreement_id}, sender)
    after = lifecycle.amend(d, p, reason=str(body.get("amendment_reason") or ""))
    if after.status is S.SUBMITTED:
        static = [v for v in assess(uow, after, stored, now=now).violations if v.rule in STATIC_RULES]
        if static:
            raise RuleViolated(static)
    uow.deployments.save(
        after, document=canonical(deployment_document(after)), recorded_by=partner(sender).user_id, now=now
    )
    _audit(uow, sender, "deployment.amended", d, after)
    return after


def take_cancellation(
    uow: UnitOfWork, *, sender: str, own: str, record_id: str, body: Mapping[str, Any], now: datetime
) -> Deployment:
    """The host takes the visitor's withdrawal of a deployment that has not arrived."""
    d = _held(uow, record_id, sender=sender, own=own, sender_is="visitor")
    after = lifecycle.cancel(d, reason=str(body.get("reason") or ""))
    uow.deployments.save(after, document=None, recorded_by=partner(sender).user_id, now=now)
    _audit(uow, sender, "deployment.cancelled", d, after)
    return after


def take_decision(
    uow: UnitOfWork, *, sender: str, own: str, record_id: str, body: Mapping[str, Any], now: datetime
) -> Deployment:
    """The visitor takes the host's approval or rejection of the version it decided."""
    d = _held(uow, record_id, sender=sender, own=own, sender_is="host")
    if body.get("version") != d.version:
        raise Conflict.of(
            "conflict.exchange_decision_other_version",
            "the decision is of version {decided} of deployment {record_id}, which is at version {version} here",
            decided=body.get("version"),
            record_id=record_id,
            version=d.version,
        )
    at = instant_in(body, "decided_at")
    by = f"{sender}:{body.get('decided_by')}"
    if body.get("decision") == "approved":
        after = lifecycle.approve(d, user_id=by, at=at)
    elif body.get("decision") == "rejected":
        after = lifecycle.reject(d, user_id=by, at=at, reason=str(body.get("reason") or ""))
    else:
        raise InvalidInput.of(
            "decision",
            "exchange_not_decision",
            "{value!r} is neither approved nor rejected",
            value=body.get("decision"),
        )
    uow.deployments.save(after, document=None, recorded_by=partner(sender).user_id, now=now)
    _audit(uow, sender, f"deployment.{after.status.value}", d, after)
    return after


def _host_fact(
    uow: UnitOfWork,
    sender: str,
    own: str,
    record_id: str,
    step: Callable[[Deployment], Deployment],
    action: str,
    now: datetime,
) -> tuple[Deployment, Deployment]:
    d = _held(uow, record_id, sender=sender, own=own, sender_is="host")
    after = step(d)
    uow.deployments.save(after, document=None, recorded_by=partner(sender).user_id, now=now)
    _audit(uow, sender, action, d, after)
    return d, after


def take_arrival(
    uow: UnitOfWork, *, sender: str, own: str, record_id: str, body: Mapping[str, Any], now: datetime
) -> Deployment:
    """The visitor takes the arrival the host recorded on its territory."""
    at = instant_in(body, "arrived_at")
    step = partial(lifecycle.arrive, at=at, now=now, tolerance=DEFAULT_TOLERANCE)
    return _host_fact(uow, sender, own, record_id, step, "deployment.arrived", now)[1]


def take_departure(
    uow: UnitOfWork, *, sender: str, own: str, record_id: str, body: Mapping[str, Any], now: datetime
) -> Deployment:
    """The visitor takes the departure the host recorded; an overstay is audited as the host's is."""
    at = instant_in(body, "departed_at")
    step = partial(lifecycle.depart, at=at, now=now, tolerance=DEFAULT_TOLERANCE)
    _, after = _host_fact(uow, sender, own, record_id, step, "deployment.departed", now)
    found = overstay_entry(after)
    if found is not None:
        action, particulars = found
        uow.audit.record(
            actor=partner(sender), action=action, entity="deployment", entity_id=after.id, before=None,
            after=particulars | {"by": f"exchange:{sender}"}, agreement_id=after.agreement_id,
        )  # fmt: skip
    return after
