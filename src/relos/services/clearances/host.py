"""The host's side of a clearance: its clearance officer records a lead-time exception (admitting an
earlier entry, with the reason), asks for more information, approves — with its clearance number and any
restrictions — or denies, with the reason."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from relos.domain.actor import Actor, Role
from relos.domain.clearances import lifecycle
from relos.domain.clearances.model import Clearance
from relos.domain.errors import Conflict
from relos.services.clearances import results
from relos.services.clearances._steps import run_step as _step
from relos.services.exchange.authority import require_deciding_instance
from relos.services.people.authority import require_own_party, require_role
from relos.services.unit_of_work import UnitOfWork


def _now() -> datetime:
    return datetime.now(UTC)


def _host(uow: UnitOfWork, actor: Actor, c: Clearance, action: str) -> None:
    require_own_party(actor, c.host_party, action=action)
    require_deciding_instance(uow, party=c.host_party, action=action)


def record_lead_time_exception(
    uow: UnitOfWork, *, actor: Actor, clearance_id: str, reason: str, now: datetime | None = None
) -> results.ClearanceWithHistory:
    """The host admits an earlier entry than the notice period allows, and records why."""
    require_role(actor, Role.CLEARANCE_OFFICER, action="recording a lead-time exception")
    at = now or _now()

    def step(c: Clearance) -> Clearance:
        _host(uow, actor, c, "recording a lead-time exception")
        return lifecycle.record_exception(c, reason=reason, at=at, by=actor.user_id)

    return _step(
        uow,
        actor=actor,
        clearance_id=clearance_id,
        action="lead_time_exception",
        step=step,
        at=at,
        note=lambda c: c.exception.reason if c.exception else "",
    )


def request_information(
    uow: UnitOfWork, *, actor: Actor, clearance_id: str, questions: str, now: datetime | None = None
) -> results.ClearanceWithHistory:
    require_role(actor, Role.CLEARANCE_OFFICER, action="asking for more information")
    at = now or _now()

    def step(c: Clearance) -> Clearance:
        _host(uow, actor, c, "asking for more information")
        return lifecycle.request_information(c, questions=questions, at=at, by=actor.user_id)

    return _step(
        uow,
        actor=actor,
        clearance_id=clearance_id,
        action="need_more_information",
        step=step,
        at=at,
        note=lambda c: c.reason,
    )


def approve_clearance(
    uow: UnitOfWork,
    *,
    actor: Actor,
    clearance_id: str,
    clearance_number: str,
    restrictions: Iterable[str] = (),
    now: datetime | None = None,
) -> results.ClearanceWithHistory:
    """The host approves with its clearance number (unique per host); restrictions, when listed, go with it."""
    require_role(actor, Role.CLEARANCE_OFFICER, action="approving a clearance")
    at = now or _now()
    listed = list(restrictions)

    def step(c: Clearance) -> Clearance:
        _host(uow, actor, c, "approving a clearance")
        number = clearance_number.strip()
        uow.lock(f"clearance-number:{c.host_party}:{number}")
        if number and uow.clearances.number_taken(c.host_party, number, other_than=c.id):
            raise Conflict.of(
                "conflict.given_clearance_number_already",
                "{host_party} has given the clearance number {number!r} already",
                host_party=c.host_party,
                number=number,
            )
        return lifecycle.approve(c, number=number, restrictions=listed, at=at, by=actor.user_id)

    return _step(
        uow,
        actor=actor,
        clearance_id=clearance_id,
        action="approved",
        step=step,
        at=at,
        note=lambda c: (
            f"{c.clearance_number}" + (f"; restrictions: {'; '.join(c.restrictions)}" if c.restrictions else "")
        ),
    )


def deny_clearance(
    uow: UnitOfWork, *, actor: Actor, clearance_id: str, reason: str, now: datetime | None = None
) -> results.ClearanceWithHistory:
    require_role(actor, Role.CLEARANCE_OFFICER, action="denying a clearance")
    at = now or _now()

    def step(c: Clearance) -> Clearance:
        _host(uow, actor, c, "denying a clearance")
        return lifecycle.deny(c, reason=reason, at=at, by=actor.user_id)

    return _step(
        uow, actor=actor, clearance_id=clearance_id, action="denied", step=step, at=at, note=lambda c: c.reason
    )
