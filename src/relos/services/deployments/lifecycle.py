"""Use cases of deployments: create, submit, amend, cancel (the visiting party's requester); approve or reject
(the host's approver); record arrival and departure, close (the host's logistics or clearance officers).
Showing, listing and assessing are services.deployments.reads; approving, with how approvals of one host
serialise on its lock, is services.deployments.approval (`approve_deployment` is here too).

Every use case takes `now` (default: the real clock) and judges against it. Arrival and departure are facts,
refused in the future beyond `tolerance` (relos.domain.recorded); an arrival outside the approved window is
refused (the window is amended, and admitted again, first); a departure after the approved end is recorded as
it happened, with a second audit entry, `deployment.overstay_recorded`, naming the breach.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from uuid6 import uuid7

from relos.domain import default_titles
from relos.domain.actor import Actor, Role
from relos.domain.deployments import lifecycle
from relos.domain.deployments.model import Deployment, DeploymentStatus
from relos.domain.errors import RuleViolated
from relos.domain.recorded import DEFAULT_TOLERANCE
from relos.domain.references import RecordKind
from relos.services.agreements.ports import StoredAgreement
from relos.services.deployments import results
from relos.services.deployments._views import (
    assess,
    canonical,
    deployment_document,
    deployment_json,
    requested_particulars,
    visible_agreement,
)
from relos.services.deployments.approval import approve_deployment as approve_deployment
from relos.services.deployments.host_records import ArrivalClearanceCheck, arrival_clearance_check, overstay_entry
from relos.services.deployments.transition import as_is, host_decides, transition
from relos.services.deployments.visitor_view import assessment_for
from relos.services.exchange.authority import require_deciding_instance
from relos.services.people.authority import require_own_party, require_role
from relos.services.references import allocate, given_title
from relos.services.unit_of_work import UnitOfWork

#: Who records the host's side of a deployment's life (arrival, departure, closing).
HOST_OFFICERS = (Role.LOGISTICS_OFFICER, Role.CLEARANCE_OFFICER, Role.HOST_APPROVER)


def _now() -> datetime:
    return datetime.now(UTC)


# -- the visiting party's requester ---------------------------------------------------------------------
def create_deployment(
    uow: UnitOfWork,
    *,
    actor: Actor,
    data: Mapping[str, Any],
    visiting_party: str | None = None,
    now: datetime | None = None,
) -> results.Deployment:
    """A requester of the visiting party drafts a deployment: agreement, facility, purpose, window, units, and
    optionally its `title` (else one is made). It gets its reference, HOST-DEP-YEAR-NUMBER, here."""
    require_role(actor, Role.REQUESTER, action="requesting a deployment")
    at = now or _now()
    title = given_title(data.get("title"), source="deployment")
    with uow:
        p, _ = requested_particulars(uow, actor, data, visiting_party)
        require_deciding_instance(uow, party=p.visiting_party, action="requesting a deployment")
        d = Deployment(
            id=str(uuid7()),
            agreement_id=p.agreement_id,
            visiting_party=p.visiting_party,
            host_party=p.host_party,
            facility_id=p.facility_id,
            purpose=p.purpose,
            purpose_consent=p.purpose_consent,
            start=p.start,
            end=p.end,
            ships=p.ships,
            aircraft=p.aircraft,
            personnel=p.personnel,
            requested_by=actor.user_id,
            created_at=at,
            note=p.note,
        )
        d = replace(
            d,
            reference=allocate(uow, kind=RecordKind.DEPLOYMENT, party=d.host_party, at=at),
            title=title or default_titles.of_deployment(d, uow.facilities.get(d.facility_id)),
        )
        uow.deployments.add(d, document=canonical(deployment_document(d)), recorded_by=actor.user_id, now=at)
        result = deployment_json(d, at)
        uow.audit.record(
            actor=actor,
            action="deployment.created",
            entity="deployment",
            entity_id=d.id,
            before=None,
            after=result,
            agreement_id=d.agreement_id,
        )
        uow.commit()
        return result


def _requester(uow: UnitOfWork, actor: Actor, d: Deployment, action: str) -> None:
    require_own_party(actor, d.visiting_party, action=action)
    require_deciding_instance(uow, party=d.visiting_party, action=action)


def submit_deployment(
    uow: UnitOfWork, *, actor: Actor, deployment_id: str, now: datetime | None = None
) -> results.SubmittedDeployment:
    """The requester submits it to the host. The agreement must be in force for the window and allow the
    purpose; caps and capacities are the host's decision at approval (an override may yet be agreed)."""
    require_role(actor, Role.REQUESTER, action="submitting a deployment")
    at = now or _now()

    def step(d: Deployment, stored: StoredAgreement) -> Deployment:
        _requester(uow, actor, d, "submitting a deployment")
        submitted = lifecycle.submit(d)
        found = assess(uow, submitted, stored, now=at)
        static = [v for v in found.violations if v.rule in ("not_in_force", "purpose_not_allowed")]
        if static:
            raise RuleViolated(static)
        return submitted

    def preview(d: Deployment, result: results.Deployment) -> results.SubmittedDeployment:
        found = assessment_for(uow, actor, d, visible_agreement(uow, actor, d.agreement_id), now=at)
        return {**result, "admission": found.as_json()}

    return transition(
        uow, actor=actor, deployment_id=deployment_id, action="deployment.submitted", step=step, now=at, shape=preview
    )


def amend_deployment(
    uow: UnitOfWork,
    *,
    actor: Actor,
    deployment_id: str,
    data: Mapping[str, Any],
    reason: str,
    now: datetime | None = None,
) -> results.Deployment:
    """A new version, checked again as a whole; an approved one goes back to submitted for the host."""
    require_role(actor, Role.REQUESTER, action="amending a deployment")
    at = now or _now()

    def step(d: Deployment, stored: StoredAgreement) -> Deployment:
        _requester(uow, actor, d, "amending a deployment")
        merged = dict(data)
        merged.setdefault("agreement_id", d.agreement_id)
        p, _ = requested_particulars(uow, actor, merged, d.visiting_party)
        amended = lifecycle.amend(d, p, reason=reason)
        if amended.status is DeploymentStatus.SUBMITTED:
            found = assess(uow, amended, stored, now=at)
            static = [v for v in found.violations if v.rule in ("not_in_force", "purpose_not_allowed")]
            if static:
                raise RuleViolated(static)
        return amended

    return transition(
        uow,
        actor=actor,
        deployment_id=deployment_id,
        action="deployment.amended",
        step=step,
        now=at,
        shape=as_is,
        document=True,
        lock_presence=True,
    )


def cancel_deployment(
    uow: UnitOfWork, *, actor: Actor, deployment_id: str, reason: str, now: datetime | None = None
) -> results.Deployment:
    require_role(actor, Role.REQUESTER, action="cancelling a deployment")

    def step(d: Deployment, _: StoredAgreement) -> Deployment:
        _requester(uow, actor, d, "cancelling a deployment")
        return lifecycle.cancel(d, reason=reason)

    return transition(
        uow,
        actor=actor,
        deployment_id=deployment_id,
        action="deployment.cancelled",
        step=step,
        now=now or _now(),
        shape=as_is,
        lock_presence=True,
    )


# -- the host -------------------------------------------------------------------------------------------
def reject_deployment(
    uow: UnitOfWork, *, actor: Actor, deployment_id: str, reason: str, now: datetime | None = None
) -> results.RejectedDeployment:
    """The host's approver rejects, with a reason; the rejection keeps the admission's explanation."""
    require_role(actor, Role.HOST_APPROVER, action="rejecting a deployment")
    at = now or _now()
    explanation: list[results.Assessment] = []  # the assessment of the deployment as it was before rejection

    def step(d: Deployment, stored: StoredAgreement) -> Deployment:
        host_decides(uow, actor, d, "rejecting a deployment")
        rejected = lifecycle.reject(d, user_id=actor.user_id, at=at, reason=reason)
        explanation.append(assess(uow, d, stored, now=at).as_json())
        return rejected

    def explained(_: Deployment, result: results.Deployment) -> results.RejectedDeployment:
        return {**result, "explanation": explanation[-1]}

    return transition(
        uow,
        actor=actor,
        deployment_id=deployment_id,
        action="deployment.rejected",
        step=step,
        now=at,
        shape=explained,
    )


def mark_arrived(
    uow: UnitOfWork,
    *,
    actor: Actor,
    deployment_id: str,
    at: datetime | None = None,
    now: datetime | None = None,
    tolerance: timedelta = DEFAULT_TOLERANCE,
    clearance_check: ArrivalClearanceCheck = arrival_clearance_check,
) -> results.Deployment:
    """The host records the force's actual arrival (`at`, default `now`): refused in the future beyond
    `tolerance` (`recorded_in_future`, 422) and outside the approved window (`arrival_before_window`,
    `arrival_after_window`, 409: amend the window, and have it approved again, first). `clearance_check` is the
    hook that requires an approved clearance covering the deployment (its violations refuse the
    arrival; nothing is written)."""
    require_role(actor, *HOST_OFFICERS, action="recording an arrival")
    moment = now or _now()
    arrived_at = at or moment

    def step(d: Deployment, _: StoredAgreement) -> Deployment:
        host_decides(uow, actor, d, "recording an arrival")
        try:
            arrived = lifecycle.arrive(d, at=arrived_at, now=moment, tolerance=tolerance)
        except RuleViolated as outside:  # outside the window: said together with any clearance missing
            raise RuleViolated(outside.violations + clearance_check(uow, d, at=arrived_at)) from None
        refused = clearance_check(uow, d, at=arrived_at)
        if refused:
            raise RuleViolated(refused)
        return arrived

    return transition(
        uow,
        actor=actor,
        deployment_id=deployment_id,
        action="deployment.arrived",
        step=step,
        now=moment,
        shape=as_is,
        lock_presence=True,
    )


def mark_departed(
    uow: UnitOfWork,
    *,
    actor: Actor,
    deployment_id: str,
    at: datetime | None = None,
    now: datetime | None = None,
    tolerance: timedelta = DEFAULT_TOLERANCE,
) -> results.Deployment:
    """The host records the force's actual departure (`at`, default `now`; refused in the future beyond
    `tolerance`). A departure after the approved end is recorded as it happened — the overstay ends here — and
    is a breach: the deployment shows it (`overstay`, `breaches`) and the audit trail gets
    `deployment.overstay_recorded` beside `deployment.departed`."""
    require_role(actor, *HOST_OFFICERS, action="recording a departure")
    moment = now or _now()

    def step(d: Deployment, _: StoredAgreement) -> Deployment:
        host_decides(uow, actor, d, "recording a departure")
        return lifecycle.depart(d, at=at or moment, now=moment, tolerance=tolerance)

    return transition(
        uow,
        actor=actor,
        deployment_id=deployment_id,
        action="deployment.departed",
        step=step,
        now=moment,
        shape=as_is,
        lock_presence=True,
        breach=overstay_entry,
    )


def close_deployment(
    uow: UnitOfWork, *, actor: Actor, deployment_id: str, now: datetime | None = None
) -> results.Deployment:
    require_role(actor, *HOST_OFFICERS, action="closing a deployment")

    def step(d: Deployment, _: StoredAgreement) -> Deployment:
        host_decides(uow, actor, d, "closing a deployment")
        return lifecycle.close(d)

    return transition(
        uow,
        actor=actor,
        deployment_id=deployment_id,
        action="deployment.closed",
        step=step,
        now=now or _now(),
        shape=as_is,
    )
