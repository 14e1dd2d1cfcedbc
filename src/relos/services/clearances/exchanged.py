"""A clearance's side of the exchange between the two parties' instances (relos.services.exchange): what each
document about a port-call notice or an airspace clearance says (`*_body`), and taking a received one into this
instance (`take_*`), inside the caller's open unit of work (the exchange commits it with the inbox row).

The visiting party's instance sends the notice once submitted, each later version, and its cancellation; the
host's sends its decision (approved, with or without restrictions, denied, or more information asked). The host
checks a received notice as its own clearance officer would see one submitted: content against the agreement's
notice terms and its catalogue, the deployment it names, and the lead time counted to the moment the notice
reaches it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from relos.domain import default_titles
from relos.domain.actor import Actor, Role
from relos.domain.clearances import lifecycle
from relos.domain.clearances.model import Clearance, ClearanceStatus
from relos.domain.deployments.admission import iso
from relos.domain.errors import Conflict, InvalidInput, NotFound
from relos.domain.references import RecordKind
from relos.services.clearances import _common as common
from relos.services.clearances._steps import save
from relos.services.clearances.links import check_deployment
from relos.services.exchange.authority import not_authority, require_sender_decides
from relos.services.references import allocate
from relos.services.unit_of_work import UnitOfWork

S = ClearanceStatus
DECIDED = (S.APPROVED, S.APPROVED_WITH_RESTRICTIONS, S.DENIED, S.NEED_MORE_INFORMATION)


def partner(sender: str) -> Actor:
    """Who a received document acts as: the partner's instance, speaking for its party."""
    return Actor(f"exchange:{sender}", sender, frozenset({Role.REQUESTER, Role.CLEARANCE_OFFICER}))


# -- what the documents say ------------------------------------------------------------------------------
def notice_body(c: Clearance) -> dict[str, Any] | None:
    """The notice as the visitor submitted it; None while it is a draft."""
    if c.submitted_at is None or c.status is S.DRAFT:
        return None
    return {
        "agreement_id": c.agreement_id, "kind": c.kind.value, "facility_id": c.facility_id, "purpose": c.purpose,
        "start": iso(c.start), "end": iso(c.end), "details": common.document_body(c),
        "deployment_id": c.deployment_id, "note": c.note, "title": c.title, "reference": c.reference,
        "version": c.version, "submitted_by": c.submitted_by or "", "reason": c.reason,
    }  # fmt: skip


def cancellation_body(c: Clearance) -> dict[str, Any] | None:
    return {"version": c.version, "reason": c.reason} if c.status is S.CANCELLED else None


def decision_body(c: Clearance) -> dict[str, Any] | None:
    """The host's decision on the version it decided; None while it has not decided."""
    if c.status not in DECIDED or c.decided_at is None:
        return None
    return {
        "decision": c.status.value, "version": c.version, "clearance_number": c.clearance_number or "",
        "restrictions": list(c.restrictions), "reason": c.reason, "decided_at": iso(c.decided_at),
        "decided_by": c.decided_by or "",
    }  # fmt: skip


# -- taking what the partner sent ------------------------------------------------------------------------
def _held(uow: UnitOfWork, record_id: str, *, sender: str, own: str, sender_is: str) -> Clearance:
    uow.lock(f"clearance:{record_id}")
    c = uow.clearances.get(record_id)
    if c is None:
        raise NotFound("clearance", record_id)
    require_sender_decides("clearance", record_id, host=c.host_party, visitor=c.visiting_party, sender=sender,
                           own=own, sender_is=sender_is)  # fmt: skip
    return c


def _instant(body: Mapping[str, Any], field: str) -> datetime:
    return common.parse_instant(body.get(field), field=field)


def take_notice(
    uow: UnitOfWork, *, sender: str, own: str, record_id: str, body: Mapping[str, Any], now: datetime
) -> Clearance:
    """The host takes the visitor's notice as submitted to it now, checked as its own officer would."""
    actor = partner(sender)
    if uow.clearances.get(record_id) is not None:
        raise Conflict.of(
            "conflict.exchange_clearance_exists", "clearance {record_id} is here already", record_id=record_id
        )
    stored, terms = common.visible_agreement(uow, actor, str(body.get("agreement_id") or ""))
    c = common.build(
        clearance_id=record_id, agreement=stored, kind=str(body.get("kind") or ""), visiting_party=sender,
        facility_id=str(body.get("facility_id") or ""), purpose=str(body.get("purpose") or ""),
        start=body.get("start"), end=body.get("end"), details=body.get("details"),
        deployment_id=body.get("deployment_id") or None, note=str(body.get("note") or ""),
        created_by=f"{sender}:{body.get('submitted_by')}", created_at=now,
    )  # fmt: skip
    if c.host_party != own:
        raise not_authority("clearance", sender=own, role="host", record_id=record_id)
    c = common.check(uow, c, stored, terms)
    check_deployment(uow, c)
    place = common.facility(uow, c.facility_id)
    lifecycle.check_submission(c, terms=terms.of(c.kind), at=now, timezone=place.timezone)
    version = body.get("version")
    c = lifecycle.submit(replace(c, version=version if isinstance(version, int) and version > 0 else 1), at=now,
                         by=actor.user_id)  # fmt: skip
    reference = str(body.get("reference") or "")
    if not reference or uow.references.find(RecordKind.CLEARANCE, reference) is not None:
        reference = allocate(uow, kind=RecordKind.CLEARANCE, party=c.host_party, at=now)
    c = replace(c, reference=reference, title=str(body.get("title") or "") or default_titles.of_clearance(c, place))
    uow.clearances.add(
        c, document=common.document_of(c), submit_by=common.deadline(c, terms, place.timezone),
        recorded_by=actor.user_id, now=now,
    )  # fmt: skip
    common.record_change(uow, actor=actor, before=None, after=c, action="submitted", at=now)
    return c


def take_amendment(
    uow: UnitOfWork, *, sender: str, own: str, record_id: str, body: Mapping[str, Any], now: datetime
) -> Clearance:
    """The host takes the visitor's new version of a notice it holds, checked again as a whole (the lead time
    counted to now when the amendment adds a ship or aircraft or moves the start earlier); it awaits the host's
    decision again."""
    actor = partner(sender)
    before = _held(uow, record_id, sender=sender, own=own, sender_is="visitor")
    if body.get("version") != before.version + 1:
        raise Conflict.of(
            "conflict.exchange_clearance_amendment_out_of_turn",
            "the amendment makes version {amended} of clearance {record_id}, which is at version {version} here",
            amended=body.get("version"),
            record_id=record_id,
            version=before.version,
        )
    stored, terms = common.visible_agreement(uow, actor, before.agreement_id)
    rebuilt = common.build(
        clearance_id=before.id, agreement=stored, kind=before.kind.value, visiting_party=before.visiting_party,
        facility_id=str(body.get("facility_id") or ""), purpose=str(body.get("purpose") or ""),
        start=body.get("start"), end=body.get("end"), details=body.get("details"),
        deployment_id=before.deployment_id, note=str(body.get("note") or ""), created_by=before.created_by,
        created_at=before.created_at,
    )  # fmt: skip
    rebuilt = common.check(uow, rebuilt, stored, terms)
    check_deployment(uow, rebuilt)
    amended = lifecycle.amend(before, rebuilt, reason=str(body.get("reason") or ""))
    place = common.facility(uow, amended.facility_id)
    lifecycle.check_submission(
        amended, terms=terms.of(amended.kind), at=now, timezone=place.timezone,
        lead_time=lifecycle.lead_time_applies(before, amended),
    )  # fmt: skip
    save(uow, amended, actor=actor, new_version=True, now=now)
    common.record_change(uow, actor=actor, before=before, after=amended, action="amended", at=now, note=amended.reason)
    return amended


def take_cancellation(
    uow: UnitOfWork, *, sender: str, own: str, record_id: str, body: Mapping[str, Any], now: datetime
) -> Clearance:
    """The host takes the visitor's withdrawal of its notice."""
    actor = partner(sender)
    before = _held(uow, record_id, sender=sender, own=own, sender_is="visitor")
    after = lifecycle.cancel(before, reason=str(body.get("reason") or ""))
    save(uow, after, actor=actor, new_version=False, now=now)
    common.record_change(uow, actor=actor, before=before, after=after, action="cancelled", at=now, note=after.reason)
    return after


def take_decision(
    uow: UnitOfWork, *, sender: str, own: str, record_id: str, body: Mapping[str, Any], now: datetime
) -> Clearance:
    """The visitor takes the host's decision on the version it decided."""
    actor = partner(sender)
    before = _held(uow, record_id, sender=sender, own=own, sender_is="host")
    if body.get("version") != before.version:
        raise Conflict.of(
            "conflict.exchange_clearance_other_version",
            "the decision is of version {decided} of clearance {record_id}, which is at version {version} here",
            decided=body.get("version"),
            record_id=record_id,
            version=before.version,
        )
    at, by = _instant(body, "decided_at"), f"{sender}:{body.get('decided_by')}"
    decision, reason = body.get("decision"), str(body.get("reason") or "")
    if decision in (S.APPROVED.value, S.APPROVED_WITH_RESTRICTIONS.value):
        restrictions = [str(r) for r in body.get("restrictions") or []]
        number = str(body.get("clearance_number") or "")
        after = lifecycle.approve(before, number=number, restrictions=restrictions, at=at, by=by)
    elif decision == S.DENIED.value:
        after = lifecycle.deny(before, reason=reason, at=at, by=by)
    elif decision == S.NEED_MORE_INFORMATION.value:
        after = lifecycle.request_information(before, questions=reason, at=at, by=by)
    else:
        raise InvalidInput.of(
            "decision", "exchange_not_clearance_decision", "{value!r} is not a decision on a clearance",
            value=decision,
        )  # fmt: skip
    save(uow, after, actor=actor, new_version=False, now=now)
    common.record_change(uow, actor=actor, before=before, after=after, action=after.status.value, at=now, note=reason)
    return after
