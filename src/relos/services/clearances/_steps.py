"""One step of a clearance in one transaction: lock it, load it as the actor may see it, apply the step,
store it (with its deadline, and its document when the version is new), record the change and the audit
entry, commit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from relos.domain.actor import Actor
from relos.domain.clearances.model import Clearance
from relos.services.clearances import _common as common
from relos.services.clearances import results
from relos.services.unit_of_work import UnitOfWork


def save(uow: UnitOfWork, c: Clearance, *, actor: Actor, new_version: bool, now: datetime) -> None:
    """Store the clearance as changed at `now` (the app's clock), its deadline worked out again."""
    _stored, terms = common.visible_agreement(uow, actor, c.agreement_id)
    place = common.facility(uow, c.facility_id)
    due = common.deadline(c, terms, place.timezone)
    doc = common.document_of(c) if new_version else None
    uow.clearances.save(c, document=doc, submit_by=due, recorded_by=actor.user_id, now=now)


def run_step(
    uow: UnitOfWork,
    *,
    actor: Actor,
    clearance_id: str,
    action: str,
    step: Callable[[Clearance], Clearance],
    at: datetime,
    note: Callable[[Clearance], str] = lambda c: "",
    new_version: bool = False,
) -> results.ClearanceWithHistory:
    with uow:
        uow.lock(f"clearance:{clearance_id}")
        before = common.visible_clearance(uow, actor, clearance_id)
        after = step(before)
        save(uow, after, actor=actor, new_version=new_version, now=at)
        common.record_change(uow, actor=actor, before=before, after=after, action=action, at=at, note=note(after))
        result = common.clearance_with_history(uow, after)
        uow.commit()
        return result
