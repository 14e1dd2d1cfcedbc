"""One step of a deployment's life, as every use case of relos.services.deployments.lifecycle and .approval
takes it: under the deployment's lock (and, for a decision on the host's presence, the host's), the step, the
save and the audit entry in one transaction; and who of the host may decide."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import TypeVar

from relos.domain.actor import Actor
from relos.domain.deployments.model import Deployment
from relos.domain.errors import Forbidden, Violation
from relos.services.agreements.ports import StoredAgreement
from relos.services.deployments import results
from relos.services.deployments._views import (
    canonical,
    checked_again,
    deployment_document,
    deployment_json,
    visible_agreement,
    visible_deployment,
)
from relos.services.exchange.authority import require_deciding_instance
from relos.services.unit_of_work import UnitOfWork

Result = TypeVar("Result", bound=results.Deployment)
#: A breach a step recorded: its audit action and particulars (None: none).
Breach = Callable[[Deployment], tuple[str, dict[str, object]] | None]


def now_utc() -> datetime:
    return datetime.now(UTC)


def as_is(_: Deployment, result: results.Deployment) -> results.Deployment:
    return result


def host_decides(uow: UnitOfWork, actor: Actor, d: Deployment, action: str) -> None:
    """Only the host (or an operator) decides, in the instance that decides for the host."""
    host_acts(actor, d, action)
    require_deciding_instance(uow, party=d.host_party, action=action)


def host_acts(actor: Actor, d: Deployment, action: str) -> None:
    """Only the host (or an operator) decides: the actor's half of `host_decides`, which reads nothing."""
    if not actor.is_operator and actor.party != d.host_party:
        raise Forbidden.of(
            "forbidden.only_host_does",
            "{action}: only the host {host_party} does that",
            action=action,
            host_party=d.host_party,
        )


def explained(violations: list[Violation], window: results.EarliestWindow | None) -> list[Violation]:
    """The violations, each carrying the earliest window that would fit (the same for all)."""
    return [Violation(v.rule, v.message, v.details | {"earliest_window": window}) for v in violations]


def transition(
    uow: UnitOfWork,
    *,
    actor: Actor,
    deployment_id: str,
    action: str,
    step: Callable[[Deployment, StoredAgreement], Deployment],
    now: datetime,
    shape: Callable[[Deployment, results.Deployment], Result],
    lock_presence: bool = False,
    document: bool = False,
    breach: Breach | None = None,
    before_lock: Callable[[Deployment], None] | None = None,
) -> Result:
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
            d, stored = again_under_lock(uow, actor, seen, stored, uow.deployments.again(seen.id, seen.host_party))
        else:
            uow.lock(f"deployment:{deployment_id}")
            d = visible_deployment(uow, actor, deployment_id)
            stored = visible_agreement(uow, actor, d.agreement_id)
        after = step(d, stored)
        result = record(uow, actor=actor, action=action, before=d, after=after, now=now, shape=shape,
                        document=document, breach=breach)  # fmt: skip
        uow.commit()
        return result


def again_under_lock(
    uow: UnitOfWork, actor: Actor, seen: Deployment, stored: StoredAgreement, found: Deployment | None
) -> tuple[Deployment, StoredAgreement]:
    """`seen` and its agreement as committed now: `found` is `seen` as read again once the host's lock is held
    (`again` or `again_all`; None: gone), so what committed before the lock counts."""
    d = checked_again(actor, seen, found)
    if d.agreement_id != seen.agreement_id:  # amended meanwhile to another agreement
        stored = visible_agreement(uow, actor, d.agreement_id)
    return d, stored


def record(
    uow: UnitOfWork,
    *,
    actor: Actor,
    action: str,
    before: Deployment,
    after: Deployment,
    now: datetime,
    shape: Callable[[Deployment, results.Deployment], Result],
    document: bool = False,
    breach: Breach | None = None,
) -> Result:
    """Save `after` (the step taken from `before`) and audit it, in the unit of work's transaction (not
    committed here); the result is the deployment's JSON as `shape` completes it."""
    doc = canonical(deployment_document(after)) if document else None
    uow.deployments.save(after, document=doc, recorded_by=actor.user_id, now=now)
    return audited(uow, actor=actor, action=action, before=before, after=after, now=now, shape=shape, breach=breach)


def audited(
    uow: UnitOfWork,
    *,
    actor: Actor,
    action: str,
    before: Deployment,
    after: Deployment,
    now: datetime,
    shape: Callable[[Deployment, results.Deployment], Result],
    breach: Breach | None = None,
) -> Result:
    """`record` once `after` is saved: its audit entry (and any breach's), and its JSON as `shape` completes it."""
    result = shape(after, deployment_json(after, now))
    keys: Mapping[str, object] = result  # by name: which keys it carries depends on `shape`
    uow.audit.record(
        actor=actor,
        action=action,
        entity="deployment",
        entity_id=after.id,
        before={"status": before.status.value, "version": before.version},
        after={k: keys[k] for k in ("status", "version", "explanation") if k in keys} | {"by": actor.user_id},
        agreement_id=before.agreement_id,
    )
    found = breach(after) if breach is not None else None
    if found is not None:
        breach_action, particulars = found
        uow.audit.record(
            actor=actor,
            action=breach_action,
            entity="deployment",
            entity_id=after.id,
            before=None,
            after=particulars | {"by": actor.user_id},
            agreement_id=before.agreement_id,
        )
    return result
