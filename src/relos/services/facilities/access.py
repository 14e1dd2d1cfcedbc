"""Use cases: an administrator opens a facility to the partner under an agreement, or closes it, with a reason.

The facility is then kept as the administrator left it: `relos init` does not put the bundled access back (its
origin is no longer the bundled file), and the audit trail records who changed the access, when and why;
`access_decisions` reads those decisions back for a reader, to be said in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from relos.domain.actor import Actor, Role
from relos.domain.errors import InvalidInput, NotFound
from relos.domain.facilities import Facility
from relos.domain.facilities.access import access_problems, closed, opened
from relos.services.facilities.catalogue import visible_agreements
from relos.services.people.authority import require_role
from relos.services.unit_of_work import UnitOfWork

#: The origin a facility carries once an administrator has changed its access.
ADMIN_ORIGIN = "administrator:"
#: The audit trail's actions for a change of access.
OPENED, CLOSED = "facility.opened", "facility.closed"


@dataclass(frozen=True)
class AccessDecision:
    """An administrator's decision on a facility's access, as the audit trail keeps it: opened (else closed) under
    the agreement by the user, as of the day, for the reason (the administrator's own words)."""

    opened: bool
    agreement_id: str
    by: str
    on: date
    reason: str


def _change(
    uow: UnitOfWork, *, actor: Actor, facility_id: str, agreement_id: str, reason: str, opening: bool, on: date | None
) -> Facility:
    verb = "opening" if opening else "closing"
    require_role(actor, Role.ADMINISTRATOR, action=f"{verb} a facility under an agreement")
    with uow:
        facility = uow.facilities.get(facility_id)
        if facility is None:
            raise NotFound("facility", facility_id)
        stored = uow.agreements.get(agreement_id)
        if stored is None or not actor.may_see(stored.agreement.parties):
            raise NotFound("agreement", agreement_id)
        problems = access_problems(
            facility, agreement_id=agreement_id, agreement_parties=stored.agreement.parties, reason=reason
        )
        if problems:
            raise InvalidInput(problems)
        after = (opened if opening else closed)(facility, agreement_id=agreement_id)
        uow.facilities.save(after, imported_from=ADMIN_ORIGIN + actor.user_id)
        uow.audit.record(
            actor=actor,
            action=OPENED if opening else CLOSED,
            entity="facility",
            entity_id=facility.id,
            before={"open_under": list(facility.open_under), "estimated": list(facility.estimated)},
            after={
                "open_under": list(after.open_under),
                "estimated": list(after.estimated),
                "agreement": agreement_id,
                "reason": reason.strip(),
                "on": (on or datetime.now(UTC).date()).isoformat(),
            },
            agreement_id=agreement_id,
        )
        uow.commit()
    return after


def open_facility(
    uow: UnitOfWork, *, actor: Actor, facility_id: str, agreement_id: str, reason: str, on: date | None = None
) -> Facility:
    """Open ``facility_id`` to the partner under ``agreement_id`` (administrators), saying why; recorded as of
    ``on`` (the application clock's day: the API, the web and the command pass it; else today in UTC)."""
    return _change(uow, actor=actor, facility_id=facility_id, agreement_id=agreement_id, reason=reason, opening=True,
                   on=on)  # fmt: skip


def close_facility(
    uow: UnitOfWork, *, actor: Actor, facility_id: str, agreement_id: str, reason: str, on: date | None = None
) -> Facility:
    """Close ``facility_id`` to the partner under ``agreement_id`` (administrators), saying why; recorded as of
    ``on``, as in `open_facility`."""
    return _change(uow, actor=actor, facility_id=facility_id, agreement_id=agreement_id, reason=reason, opening=False,
                   on=on)  # fmt: skip


def access_decisions(uow: UnitOfWork, *, actor: Actor, facility_id: str, limit: int = 50) -> list[AccessDecision]:
    """The decisions that opened or closed ``facility_id``, newest first, under the agreements the reader may see
    (at most ``limit``). A decision recorded before its day was kept is dated by when it was recorded."""
    with uow:
        visible = visible_agreements(uow, actor)
        entries = uow.audit.entries(entity="facility", entity_id=facility_id, limit=limit)
    decisions = []
    for entry in entries:
        after = entry.after or {}
        if entry.action not in (OPENED, CLOSED) or after.get("agreement") not in visible:
            continue
        day = date.fromisoformat(after["on"]) if "on" in after else entry.at.date()
        decisions.append(AccessDecision(entry.action == OPENED, after["agreement"], entry.actor, day, after["reason"]))
    return decisions
