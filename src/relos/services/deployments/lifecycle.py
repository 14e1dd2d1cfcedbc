"""Use cases of deployments: create, submit, amend, cancel (the visiting party's requester); approve or reject
(the host's approver); record arrival and departure, close (the host's logistics or clearance officers).
Showing, listing and assessing are services.deployments.reads.

Approvals of one host serialise on the lock `presence:<host>`: two racing approvals can never jointly break
a cap or a facility's capacity (PostgreSQL: an advisory lock; SQLite: IMMEDIATE transactions). The lock is
held only around the decision and its write: the deployment, its agreement and its facility are read, and who
may act on them checked, before it is taken; under it the deployment is read again (what committed meanwhile
counts) and the host's presence is read from the index the process keeps warm, checked against the database in
one statement (relos.services.deployments.ports.HostPresence).

Every use case takes `now` (default: the real clock) and judges against it. Arrival and departure are facts,
refused in the future beyond `tolerance` (relos.domain.recorded); an arrival outside the approved window is
refused (the window is amended, and admitted again, first); a departure after the approved end is recorded as
it happened, with a second audit entry, `deployment.overstay_recorded`, naming the breach.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from uuid6 import uuid7

from relos.domain import default_titles
from relos.domain.actor import Actor, Role
from relos.domain.deployments import lifecycle
from relos.domain.deployments.model import Deployment, DeploymentStatus
from relos.domain.errors import Forbidden, RuleViolated, Violation
from relos.domain.facilities import Facility
from relos.domain.recorded import DEFAULT_TOLERANCE
from relos.domain.references import RecordKind
from relos.services.agreements.ports import StoredAgreement
from relos.services.deployments import results
from relos.services.deployments._views import (
    assess,
    canonical,
    deployment_document,
    deployment_json,
    facility_for,
    requested_particulars,
    visible_again,
    visible_agreement,
    visible_deployment,
)
from relos.services.deployments.host_records import ArrivalClearanceCheck, arrival_clearance_check, overstay_entry
from relos.services.deployments.visitor_view import assessment_for
from relos.services.exchange.authority import require_deciding_instance
from relos.services.people.authority import require_own_party, require_role
from relos.services.references import allocate, given_title
from relos.services.unit_of_work import UnitOfWork

#: Who records the host's side of a deployment's life (arrival, departure, closing).
HOST_OFFICERS = (Role.LOGISTICS_OFFICER, Role.CLEARANCE_OFFICER, Role.HOST_APPROVER)
_Result = TypeVar("_Result", bound=results.Deployment)


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


def _transition(
    uow: UnitOfWork,
    *,
    actor: Actor,
    deployment_id: str,
    action: str,
    step: Callable[[Deployment, StoredAgreement], Deployment],
    now: datetime,
    shape: Callable[[Deployment, results.Deployment], _Result],
    lock_presence: bool = False,
    document: bool = False,
    breach: Callable[[Deployment], tuple[str, dict[str, object]] | None] | None = None,
    before_lock: Callable[[Deployment], None] | None = None,
) -> _Result:
    """Take `step` under the deployment's lock (and the host's presence lock), save, audit; the result is
    the deployment's JSON as `shape` completes it (the audit keeps its status, version and any explanation).
    `breach` names a breach the step recorded (its audit action and particulars): audited in the same
    transaction, after the step's own entry. `before_lock` (with `lock_presence`) is given the deployment as
    read before the host's lock is taken: what it checks or reads there is not the host's presence."""
    with uow:
        if lock_presence:
            # read and authorised before the host's lock, which the decision alone needs; the host cannot change
            seen = visible_deployment(uow, actor, deployment_id)
            stored = visible_agreement(uow, actor, seen.agreement_id)
            if before_lock is not None:
                before_lock(seen)
            uow.lock(f"presence:{seen.host_party}", f"deployment:{deployment_id}")
            d = visible_again(uow, actor, seen)  # afresh: what committed before the lock counts
            if d.agreement_id != seen.agreement_id:  # amended meanwhile to another agreement
                stored = visible_agreement(uow, actor, d.agreement_id)
        else:
            uow.lock(f"deployment:{deployment_id}")
            d = visible_deployment(uow, actor, deployment_id)
            stored = visible_agreement(uow, actor, d.agreement_id)
        after = step(d, stored)
        doc = canonical(deployment_document(after)) if document else None
        uow.deployments.save(after, document=doc, recorded_by=actor.user_id, now=now)
        result = shape(after, deployment_json(after, now))
        keys: Mapping[str, object] = result  # by name: which keys it carries depends on `shape`
        uow.audit.record(
            actor=actor,
            action=action,
            entity="deployment",
            entity_id=deployment_id,
            before={"status": d.status.value, "version": d.version},
            after={k: keys[k] for k in ("status", "version", "explanation") if k in keys} | {"by": actor.user_id},
            agreement_id=d.agreement_id,
        )
        found = breach(after) if breach is not None else None
        if found is not None:
            breach_action, particulars = found
            uow.audit.record(
                actor=actor,
                action=breach_action,
                entity="deployment",
                entity_id=deployment_id,
                before=None,
                after=particulars | {"by": actor.user_id},
                agreement_id=d.agreement_id,
            )
        uow.commit()
        return result


def _as_is(_: Deployment, result: results.Deployment) -> results.Deployment:
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

    return _transition(
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

    return _transition(
        uow,
        actor=actor,
        deployment_id=deployment_id,
        action="deployment.amended",
        step=step,
        now=at,
        shape=_as_is,
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

    return _transition(
        uow,
        actor=actor,
        deployment_id=deployment_id,
        action="deployment.cancelled",
        step=step,
        now=now or _now(),
        shape=_as_is,
        lock_presence=True,
    )


# -- the host -------------------------------------------------------------------------------------------
def _host(uow: UnitOfWork, actor: Actor, d: Deployment, action: str) -> None:
    if not actor.is_operator and actor.party != d.host_party:
        raise Forbidden.of(
            "forbidden.only_host_does",
            "{action}: only the host {host_party} does that",
            action=action,
            host_party=d.host_party,
        )
    require_deciding_instance(uow, party=d.host_party, action=action)


def approve_deployment(
    uow: UnitOfWork, *, actor: Actor, deployment_id: str, now: datetime | None = None
) -> results.Deployment:
    """The host's approver approves, when every rule admits it at every instant of its window (checked under
    the host's presence lock); otherwise RuleViolated explains each limit and offers the earliest window."""
    require_role(actor, Role.HOST_APPROVER, action="approving a deployment")
    at = now or _now()
    facilities: dict[str, Facility] = {}

    def before_lock(seen: Deployment) -> None:
        # who decides (the host, in its instance) and the facility's capacity: read before the host's lock
        _host(uow, actor, seen, "approving a deployment")
        facilities[seen.facility_id] = facility_for(uow, seen.facility_id)

    def step(d: Deployment, stored: StoredAgreement) -> Deployment:
        _host(uow, actor, d, "approving a deployment")
        approved = lifecycle.approve(d, user_id=actor.user_id, at=at)
        found = assess(uow, d, stored, now=at, facility=facilities.get(d.facility_id))
        if not found.admitted:
            raise RuleViolated(_explained(found.violations, found.as_json()["earliest_window"]))
        return approved

    return _transition(
        uow,
        actor=actor,
        deployment_id=deployment_id,
        action="deployment.approved",
        step=step,
        now=at,
        shape=_as_is,
        lock_presence=True,
        before_lock=before_lock,
    )


def _explained(violations: list[Violation], window: results.EarliestWindow | None) -> list[Violation]:
    """The violations, each carrying the earliest window that would fit (the same for all)."""
    return [Violation(v.rule, v.message, v.details | {"earliest_window": window}) for v in violations]


def reject_deployment(
    uow: UnitOfWork, *, actor: Actor, deployment_id: str, reason: str, now: datetime | None = None
) -> results.RejectedDeployment:
    """The host's approver rejects, with a reason; the rejection keeps the admission's explanation."""
    require_role(actor, Role.HOST_APPROVER, action="rejecting a deployment")
    at = now or _now()
    explanation: list[results.Assessment] = []  # the assessment of the deployment as it was before rejection

    def step(d: Deployment, stored: StoredAgreement) -> Deployment:
        _host(uow, actor, d, "rejecting a deployment")
        rejected = lifecycle.reject(d, user_id=actor.user_id, at=at, reason=reason)
        explanation.append(assess(uow, d, stored, now=at).as_json())
        return rejected

    def explained(_: Deployment, result: results.Deployment) -> results.RejectedDeployment:
        return {**result, "explanation": explanation[-1]}

    return _transition(
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
        _host(uow, actor, d, "recording an arrival")
        try:
            arrived = lifecycle.arrive(d, at=arrived_at, now=moment, tolerance=tolerance)
        except RuleViolated as outside:  # outside the window: said together with any clearance missing
            raise RuleViolated(outside.violations + clearance_check(uow, d, at=arrived_at)) from None
        refused = clearance_check(uow, d, at=arrived_at)
        if refused:
            raise RuleViolated(refused)
        return arrived

    return _transition(
        uow,
        actor=actor,
        deployment_id=deployment_id,
        action="deployment.arrived",
        step=step,
        now=moment,
        shape=_as_is,
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
        _host(uow, actor, d, "recording a departure")
        return lifecycle.depart(d, at=at or moment, now=moment, tolerance=tolerance)

    return _transition(
        uow,
        actor=actor,
        deployment_id=deployment_id,
        action="deployment.departed",
        step=step,
        now=moment,
        shape=_as_is,
        lock_presence=True,
        breach=overstay_entry,
    )


def close_deployment(
    uow: UnitOfWork, *, actor: Actor, deployment_id: str, now: datetime | None = None
) -> results.Deployment:
    require_role(actor, *HOST_OFFICERS, action="closing a deployment")

    def step(d: Deployment, _: StoredAgreement) -> Deployment:
        _host(uow, actor, d, "closing a deployment")
        return lifecycle.close(d)

    return _transition(
        uow,
        actor=actor,
        deployment_id=deployment_id,
        action="deployment.closed",
        step=step,
        now=now or _now(),
        shape=_as_is,
    )
