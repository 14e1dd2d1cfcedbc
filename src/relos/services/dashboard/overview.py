"""The dashboard as one read: the user's day (from the application's clock, given as `now`), each agreement's
calendar, presence against the caps (per agreement in force that sets caps, and direction) over the next days,
what waits for the user, reimbursements overdue and nearly due, and recent activity (auditors and
administrators)."""

from __future__ import annotations

from datetime import date, datetime

from relos.domain.actor import Actor, Role
from relos.domain.deployments.admission import iso
from relos.services.dashboard import results
from relos.services.dashboard.calendar import agreement_calendars
from relos.services.dashboard.dues import reimbursements_due
from relos.services.dashboard.presence import period_from, presence_against_caps
from relos.services.dashboard.waiting import waiting_for
from relos.services.people.audit import read_audit_trail
from relos.services.unit_of_work import UnitOfWork

HORIZON_DAYS = 90
RECENT_ENTRIES = 10


def dashboard(
    uow: UnitOfWork, *, actor: Actor, now: datetime, on: date | None = None, horizon_days: int = HORIZON_DAYS
) -> results.Dashboard:
    """Everything the dashboard shows to `actor` at `now` (see the module docstring); the agreements'
    calendars on day `on` (default: `now`'s day), the rest at `now`."""
    today = now.date()
    calendars = agreement_calendars(uow, actor=actor, today=on or today)
    in_force = {
        a["id"]
        for a in agreement_calendars(uow, actor=actor, today=today)
        if a["status"] == "in_force" and any(v is not None for v in a["caps"].values())
    }
    start, end = period_from(now, horizon_days)
    presence = [
        presence_against_caps(
            uow,
            actor=actor,
            agreement_id=a["id"],
            host_party=host,
            visiting_party=visiting,
            start=start,
            end=end,
            now=now,
        )
        for a in calendars
        if a["id"] in in_force
        for host, visiting in directions(actor, a["parties"])
    ]
    return {
        "at": iso(now),
        "party": actor.party,
        "agreements": calendars,
        "presence": presence,
        "waiting": waiting_for(uow, actor=actor, now=now),
        "reimbursements": reimbursements_due(uow, actor=actor, today=today),
        "activity": recent_activity(uow, actor=actor),
    }


def directions(actor: Actor, parties: list[str]) -> list[tuple[str, str]]:
    """(host, visiting) pairs of an agreement as the actor's party sees them: the partner's forces in its own
    territory first, then its own forces in the partner's."""
    a, b = parties
    if actor.party == b:
        a, b = b, a
    return [(a, b), (b, a)]


def recent_activity(uow: UnitOfWork, *, actor: Actor, limit: int = RECENT_ENTRIES) -> list[results.Activity] | None:
    """The newest entries of the audit trail the actor may read; None for those who read no audit trail."""
    if not actor.has_any((Role.AUDITOR, Role.ADMINISTRATOR)):
        return None
    return [
        {
            "seq": e.seq,
            "at": iso(e.at),
            "user_id": e.actor,
            "party": e.party,
            "action": e.action,
            "entity": e.entity,
            "entity_id": e.entity_id,
        }
        for e in read_audit_trail(uow, actor=actor, limit=limit)
    ]
