"""The host's approver approves a deployment: admitted when every rule admits it at every instant of its window,
refused otherwise with each limit explained and the earliest window that would fit.

Approvals of one host serialise on the lock `presence:<host>`: two racing approvals can never jointly break
a cap or a facility's capacity (PostgreSQL: an advisory lock; SQLite: IMMEDIATE transactions). The lock is
held only around the decision and its write: the deployment, its agreement and its facility are read (in one
statement), and who may act on them checked, before it is taken; under it the deployment is read again (what
committed meanwhile counts) and the host's presence is read from the index the process keeps warm, checked
against the database in one statement (relos.services.deployments.ports.HostPresence).

Approvals of the same host waiting in the same process are decided together (relos.services.deployments
.decided_together): one of them takes the lock once for all, decides each in the order they arrived — each
against the host's presence and the deployments admitted before it in the same transaction — and commits them
together. Each is refused, recorded and audited on its own, as if it had been decided alone in that order. If
the transaction fails as a whole, each is decided again alone. A request with an idempotency key is decided
alone (its answer is stored in its own transaction).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from relos.domain.actor import Actor, Role
from relos.domain.deployments import lifecycle
from relos.domain.deployments.model import Deployment, Occupancy
from relos.domain.errors import RelosError, RuleViolated
from relos.domain.facilities import Facility
from relos.services.agreements.ports import StoredAgreement
from relos.services.deployments import results
from relos.services.deployments._views import assess, catalogued, facility_for, visible_in_context
from relos.services.deployments.decided_together import Turn, Turns
from relos.services.deployments.transition import (
    again_under_lock,
    as_is,
    audited,
    explained,
    host_acts,
    host_decides,
    now_utc,
    transition,
)
from relos.services.people.authority import require_role
from relos.services.unit_of_work import UnitOfWork

ACTION = "approving a deployment"
AUDITED = "deployment.approved"
#: The approvals waiting in this process, by database and host.
_TURNS = Turns()


@dataclass(frozen=True)
class _Asked:
    """An approval as read and authorised before the host's lock."""

    actor: Actor
    seen: Deployment
    stored: StoredAgreement
    facility: Facility
    at: datetime
    marker: str | None  # the row's version as it was read (relos.services.deployments.ports)


def approve_deployment(
    uow: UnitOfWork, *, actor: Actor, deployment_id: str, now: datetime | None = None
) -> results.Deployment:
    """The host's approver approves, when every rule admits it at every instant of its window (checked under
    the host's presence lock); otherwise RuleViolated explains each limit and offers the earliest window."""
    require_role(actor, Role.HOST_APPROVER, action=ACTION)
    at = now or now_utc()
    shared = uow.shared_decisions()
    if shared is None:
        return _alone(uow, actor, deployment_id, at)
    with uow:  # read (in one statement) and authorised before the host's lock, which the decision alone needs
        seen, stored, found = visible_in_context(uow, actor, deployment_id)
        host_acts(actor, seen, ACTION)  # whether this instance decides for the host: once a turn, in `_together`
        facility = catalogued(found, seen.facility_id)
        marker = uow.deployments.row_marker(deployment_id)
    asked = _Asked(actor, seen, stored, facility, at, marker)
    turn: Turn[_Asked, results.Deployment] = _TURNS.take_gathering(
        (shared, seen.host_party), Turn(asked), lambda gather: _together(uow, seen.host_party, gather)
    )
    return _alone(uow, actor, deployment_id, at) if turn.alone else turn.outcome()


def _alone(uow: UnitOfWork, actor: Actor, deployment_id: str, at: datetime) -> results.Deployment:
    facilities: dict[str, Facility] = {}

    def before_lock(seen: Deployment) -> None:
        # who decides (the host, in its instance) and the facility's capacity: read before the host's lock
        host_decides(uow, actor, seen, ACTION)
        facilities[seen.facility_id] = facility_for(uow, seen.facility_id)

    def step(d: Deployment, stored: StoredAgreement) -> Deployment:
        return _approved(uow, actor, d, stored, at, facilities.get(d.facility_id), ())

    return transition(uow, actor=actor, deployment_id=deployment_id, action=AUDITED, step=step, now=at, shape=as_is,
                      lock_presence=True, before_lock=before_lock)  # fmt: skip


def _approved(
    uow: UnitOfWork,
    actor: Actor,
    d: Deployment,
    stored: StoredAgreement,
    at: datetime,
    facility: Facility | None,
    alongside: Sequence[Occupancy],
) -> Deployment:
    """`d` approved, if the host's presence (with `alongside`, admitted before it and not yet written) admits it."""
    host_decides(uow, actor, d, ACTION)
    approved = lifecycle.approve(d, user_id=actor.user_id, at=at)
    found = assess(uow, d, stored, now=at, facility=facility, alongside=alongside)
    if not found.admitted:
        raise RuleViolated(explained(found.violations, found.as_json()["earliest_window"]))
    return approved


def _together(uow: UnitOfWork, host: str, gather: Callable[[], list[Turn[_Asked, results.Deployment]]]) -> None:
    """Decide the turns `gather` gives once the host's lock is held (approvals of `host`, those that came while
    it was awaited too) in one transaction, in their order; write and commit those admitted. A deployment asked
    twice is decided once here, and again alone after."""
    admitted: list[tuple[Turn[_Asked, results.Deployment], Deployment, Deployment]] = []
    alongside: list[Occupancy] = []
    seen: set[str] = set()
    with uow:
        # Which party this instance decides for, read before the lock (kept for the transaction): it is set once,
        # by an administrator, not under the host's lock, so reading it under the lock would only lengthen it.
        uow.exchange.own_party()
        uow.lock(f"presence:{host}")
        turns = gather()
        ids = sorted({t.asked.seen.id for t in turns})
        # The deployments' locks after the host's, as every use case takes them (no two wait on each other).
        uow.lock(*(f"deployment:{i}" for i in ids))
        for turn in turns:
            uow.deployments.read_before(turn.asked.seen, turn.asked.marker)
        now_found = uow.deployments.again_all(ids, host)
        for turn in turns:
            asked = turn.asked
            if asked.seen.id in seen:
                turn.alone = True
                continue
            seen.add(asked.seen.id)
            try:
                d, stored = again_under_lock(uow, asked.actor, asked.seen, asked.stored, now_found[asked.seen.id])
                facility = asked.facility if asked.facility.id == d.facility_id else None
                after = _approved(uow, asked.actor, d, stored, asked.at, facility, alongside)
            except RelosError as refused:  # refused or no longer possible: nothing of it is written
                turn.error = refused
                continue
            admitted.append((turn, d, after))
            alongside.append(after.occupancy())
        # An approval keeps the deployment's version: all admitted are written in one round trip, then audited.
        uow.deployments.save_decided([(after, turn.asked.at) for turn, _, after in admitted])
        for turn, d, after in admitted:
            turn.result = audited(uow, actor=turn.asked.actor, action=AUDITED, before=d, after=after,
                                  now=turn.asked.at, shape=as_is)  # fmt: skip
        uow.commit()
