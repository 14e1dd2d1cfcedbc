"""Use cases of clearances: prepare, amend, submit and cancel (the visiting party's requester or
clearance officer); expire; show, list, and what is due soon. The host's clearance officer's steps
(lead-time exception, more information, approval with or without restrictions, denial) are in
``host`` and re-exported here, so that every use case of the area is `clearances.<name>`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from uuid6 import uuid7

from relos.domain import default_titles
from relos.domain.actor import Actor, Role
from relos.domain.clearances import lifecycle
from relos.domain.clearances.model import Clearance, ClearanceStatus
from relos.domain.errors import InvalidInput
from relos.domain.references import RecordKind
from relos.services.clearances import _common as common
from relos.services.clearances import results
from relos.services.clearances._steps import run_step as _step
from relos.services.clearances._steps import save as _save
from relos.services.clearances.due import due_soon, due_soon_page
from relos.services.clearances.host import (
    approve_clearance,
    deny_clearance,
    record_lead_time_exception,
    request_information,
)
from relos.services.clearances.links import check_deployment
from relos.services.exchange.authority import require_deciding_instance
from relos.services.people.authority import require_own_party, require_role
from relos.services.references import allocate, given_title
from relos.services.unit_of_work import UnitOfWork

VISITOR_ROLES = (Role.REQUESTER, Role.CLEARANCE_OFFICER)


def _now() -> datetime:
    return datetime.now(UTC)


def prepare_clearance(
    uow: UnitOfWork,
    *,
    actor: Actor,
    agreement_id: str,
    kind: str,
    facility_id: str,
    start: object,
    end: object,
    purpose: str,
    details: Mapping[str, Any] | None,
    visiting_party: str | None = None,
    deployment_id: str | None = None,
    note: str = "",
    title: str | None = None,
    now: datetime | None = None,
) -> results.ClearanceWithHistory:
    """The visiting party drafts a port-call notice or an airspace clearance request, optionally with its
    `title` (else one is made). It gets its reference, HOST-CLR-YEAR-NUMBER, here."""
    require_role(actor, *VISITOR_ROLES, action="preparing a clearance")
    party = visiting_party or actor.party
    if party is None:
        raise InvalidInput.of(
            "visiting_party", "operator_names_visiting_party", "the operator names the visiting party"
        )
    require_own_party(actor, party, action="preparing a clearance")
    at = now or _now()
    chosen = given_title(title, source="clearance")
    with uow:
        require_deciding_instance(uow, party=party, action="preparing a clearance")
        stored, terms = common.visible_agreement(uow, actor, agreement_id)
        c = common.build(
            clearance_id=str(uuid7()),
            agreement=stored,
            kind=kind,
            visiting_party=party,
            facility_id=facility_id,
            purpose=purpose,
            start=start,
            end=end,
            details=details,
            deployment_id=deployment_id,
            note=note,
            created_by=actor.user_id,
            created_at=at,
        )
        c = common.check(uow, c, stored, terms)
        check_deployment(uow, c)
        place = common.facility(uow, c.facility_id)
        c = replace(
            c,
            reference=allocate(uow, kind=RecordKind.CLEARANCE, party=c.host_party, at=at),
            title=chosen or default_titles.of_clearance(c, place),
        )
        uow.clearances.add(
            c,
            document=common.document_of(c),
            submit_by=common.deadline(c, terms, place.timezone),
            recorded_by=actor.user_id,
            now=at,
        )
        common.record_change(uow, actor=actor, before=None, after=c, action="prepared", at=at)
        result = common.clearance_with_history(uow, c)
        uow.commit()
        return result


def _visitor(uow: UnitOfWork, actor: Actor, c: Clearance, action: str) -> None:
    require_own_party(actor, c.visiting_party, action=action)
    require_deciding_instance(uow, party=c.visiting_party, action=action)


def submit_clearance(
    uow: UnitOfWork, *, actor: Actor, clearance_id: str, now: datetime | None = None
) -> results.ClearanceWithHistory:
    """Submit through the agreement's channel: complete, in time (host's local time) or excepted."""
    require_role(actor, *VISITOR_ROLES, action="submitting a clearance")
    at = now or _now()

    def step(c: Clearance) -> Clearance:
        _visitor(uow, actor, c, "submitting a clearance")
        stored, terms = common.visible_agreement(uow, actor, c.agreement_id)
        checked = common.check(uow, c, stored, terms)
        check_deployment(uow, checked)
        place = common.facility(uow, c.facility_id)
        lifecycle.check_submission(checked, terms=terms.of(c.kind), at=at, timezone=place.timezone)
        return lifecycle.submit(checked, at=at, by=actor.user_id)

    return _step(uow, actor=actor, clearance_id=clearance_id, action="submitted", step=step, at=at)


def amend_clearance(
    uow: UnitOfWork,
    *,
    actor: Actor,
    clearance_id: str,
    reason: str,
    facility_id: str | None = None,
    start: object | None = None,
    end: object | None = None,
    purpose: str | None = None,
    details: Mapping[str, Any] | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> results.ClearanceWithHistory:
    """A new version (what is not given is kept); after submission it awaits the host's decision again.

    An amendment that adds a ship or aircraft, or moves the start earlier, is a new notice for the lead time.
    """
    require_role(actor, *VISITOR_ROLES, action="amending a clearance")
    at = now or _now()

    def step(c: Clearance) -> Clearance:
        _visitor(uow, actor, c, "amending a clearance")
        stored, terms = common.visible_agreement(uow, actor, c.agreement_id)
        body = details
        if body is None:
            body = common.document_body(c)
        rebuilt = common.build(
            clearance_id=c.id,
            agreement=stored,
            kind=c.kind.value,
            visiting_party=c.visiting_party,
            facility_id=facility_id or c.facility_id,
            purpose=purpose or c.purpose,
            start=c.start if start is None else start,
            end=c.end if end is None else end,
            details=body,
            deployment_id=c.deployment_id,
            note=c.note if note is None else note,
            created_by=c.created_by,
            created_at=c.created_at,
        )
        rebuilt = common.check(uow, rebuilt, stored, terms)
        check_deployment(uow, rebuilt)
        amended = lifecycle.amend(c, rebuilt, reason=reason)
        if c.status is not ClearanceStatus.DRAFT:
            place = common.facility(uow, amended.facility_id)
            lifecycle.check_submission(
                amended,
                terms=terms.of(c.kind),
                at=at,
                timezone=place.timezone,
                lead_time=lifecycle.lead_time_applies(c, amended),
            )
        return amended

    return _step(
        uow,
        actor=actor,
        clearance_id=clearance_id,
        action="amended",
        step=step,
        at=at,
        note=lambda c: c.reason,
        new_version=True,
    )


def cancel_clearance(
    uow: UnitOfWork, *, actor: Actor, clearance_id: str, reason: str, now: datetime | None = None
) -> results.ClearanceWithHistory:
    require_role(actor, *VISITOR_ROLES, action="cancelling a clearance")
    at = now or _now()

    def step(c: Clearance) -> Clearance:
        _visitor(uow, actor, c, "cancelling a clearance")
        return lifecycle.cancel(c, reason=reason)

    return _step(
        uow, actor=actor, clearance_id=clearance_id, action="cancelled", step=step, at=at, note=lambda c: c.reason
    )


def expire_clearances(uow: UnitOfWork, *, actor: Actor, now: datetime | None = None) -> list[results.ExpiredClearance]:
    """Mark expired what has passed (run daily): granted clearances after their window, others after their start."""
    require_role(actor, Role.CLEARANCE_OFFICER, Role.ADMINISTRATOR, action="expiring clearances")
    at = now or _now()
    done: list[results.ExpiredClearance] = []
    with uow:
        uow.lock("clearances:expire")
        for c in uow.clearances.expirable(now=at):
            if not actor.may_see((c.visiting_party, c.host_party)):
                continue
            after = lifecycle.expired(c, now=at)
            if after is None:
                continue
            _save(uow, after, actor=actor, new_version=False, now=at)
            common.record_change(uow, actor=actor, before=c, after=after, action="expired", at=at)
            done.append({"id": c.id, "from": c.status.value, "to": after.status.value})
        uow.commit()
    return done


def get_clearance(uow: UnitOfWork, *, actor: Actor, clearance_id: str) -> results.ClearanceWithVersions:
    """A clearance with its history and every version recorded of it."""
    with uow:
        c = common.visible_clearance(uow, actor, clearance_id)
        return {
            **common.clearance_with_history(uow, c),
            "versions": [
                {
                    "version": v.version,
                    "reason": v.reason,
                    "recorded_by": v.recorded_by,
                    "recorded_at": v.recorded_at.isoformat(),
                }
                for v in uow.clearances.versions(c.id)
            ],
        }


def list_clearances(
    uow: UnitOfWork,
    *,
    actor: Actor,
    agreement_id: str | None = None,
    status: str | None = None,
    deployment_id: str | None = None,
    after: str | None = None,
    limit: int | None = None,
    descending: bool = False,
) -> list[results.Clearance]:
    """Oldest first (newest first when `descending`). `after`: those following that clearance in this order
    (keyset paging); `limit`: at most that many."""
    wanted = _status(status)
    with uow:
        found = uow.clearances.list(
            agreement_id=agreement_id,
            status=wanted,
            deployment_id=deployment_id,
            parties=None if actor.party is None else (actor.party,),
            after=after,
            limit=limit,
            descending=descending,
        )
        return [common.clearance_json(uow, c) for c in found]


def _status(status: str | None) -> ClearanceStatus | None:
    if status is None:
        return None
    try:
        return ClearanceStatus(status)
    except ValueError:
        names = ", ".join(s.value for s in ClearanceStatus)
        raise InvalidInput.of(
            "status",
            "not_clearance_status",
            "{status!r} is not a clearance status ({names})",
            status=status,
            names=names,
        ) from None


__all__ = [
    "amend_clearance",
    "approve_clearance",
    "cancel_clearance",
    "deny_clearance",
    "due_soon",
    "due_soon_page",
    "expire_clearances",
    "get_clearance",
    "list_clearances",
    "prepare_clearance",
    "record_lead_time_exception",
    "request_information",
    "submit_clearance",
]
