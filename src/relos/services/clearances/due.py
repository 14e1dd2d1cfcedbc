"""What is due for submission, by deadline: clearances still to be submitted, and deployments whose ships or
aircraft no live clearance names yet (re-exported by services.clearances.lifecycle)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import cast

from typing_extensions import TypedDict

from relos.domain.actor import Actor
from relos.domain.clearances.model import Clearance
from relos.domain.errors import InvalidInput
from relos.services.clearances import _common as common
from relos.services.clearances import results
from relos.services.clearances.links import Uncleared, uncleared_deployments
from relos.services.deployments.results import DeploymentAircraft, DeploymentShip
from relos.services.unit_of_work import UnitOfWork


def _now() -> datetime:
    return datetime.now(UTC)


class _DeploymentNeeds(TypedDict, total=False):
    """The keys of a due item that only a deployment has."""

    needs: list[str]
    ships: list[DeploymentShip]
    aircraft: list[DeploymentAircraft]
    personnel: int
    ships_without_clearance: list[str]
    aircraft_without_clearance: list[str]


#: Unpacked (empty) into a clearance's due item, so that mypy checks every key of the clearance against
#: DueItem (a TypedDict literal with ``**`` must find each optional key of its type in some ``**`` item).
_NOT_A_DEPLOYMENT: _DeploymentNeeds = {}


def due_soon(
    uow: UnitOfWork, *, actor: Actor, within_days: int = 30, now: datetime | None = None
) -> list[results.DueItem]:
    """What is due for submission within `within_days`, by deadline (overdue first): clearances still to be
    submitted (drafts, and those the host asked more of), and submitted or approved deployments whose ships
    or aircraft no live clearance names yet (`item`: "clearance" or "deployment")."""
    return due_soon_page(uow, actor=actor, within_days=within_days, now=now)[0]


def due_soon_page(
    uow: UnitOfWork,
    *,
    actor: Actor,
    within_days: int = 30,
    now: datetime | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> tuple[list[results.DueItem], int]:
    """due_soon's items from `offset`, at most `limit` of them, and how many there are in all."""
    if within_days < 0:
        raise InvalidInput.of("within_days", "must_0_not", "must be ≥ 0, not {within_days}", within_days=within_days)
    at = now or _now()
    with uow:
        rows = uow.clearances.due(
            statuses=common.OPEN_FOR_SUBMISSION,
            before=at + timedelta(days=within_days),
            parties=None if actor.party is None else (actor.party,),
        )
        uncleared = uncleared_deployments(uow, party=actor.party, before=at + timedelta(days=within_days))
        keyed: list[tuple[datetime, str, Clearance | Uncleared]] = [(deadline, c.id, c) for c, deadline in rows]
        keyed += [(u[1], u[0].id, u) for u in uncleared if actor.may_see((u[0].visiting_party, u[0].host_party))]
        keyed.sort(key=lambda k: (k[0], k[1]))
        page = keyed[offset:] if limit is None else keyed[offset : offset + limit]
        return [_due_item(uow, what, deadline, at) for deadline, _, what in page], len(keyed)


def _due_item(uow: UnitOfWork, what: Clearance | Uncleared, deadline: datetime, at: datetime) -> results.DueItem:
    if isinstance(what, Clearance):
        return {
            "item": "clearance",
            **common.clearance_json(uow, what),
            **_NOT_A_DEPLOYMENT,
            "overdue": deadline <= at,
            "days_left": _days_left(deadline, at),
        }
    d, _, ships, tails = what
    return {
        "item": "deployment",
        "id": d.id,
        "reference": d.reference,
        "title": d.title,
        "status": d.status.value,
        "agreement_id": d.agreement_id,
        "visiting_party": d.visiting_party,
        "host_party": d.host_party,
        "facility_id": d.facility_id,
        "start": d.start.isoformat(),
        "end": d.end.isoformat(),
        "needs": (["port_call"] if ships else []) + (["airspace"] if tails else []),
        "ships": [cast(DeploymentShip, s.as_dict()) for s in d.ships],
        "aircraft": [cast(DeploymentAircraft, a.as_dict()) for a in d.aircraft],
        "personnel": d.personnel,
        "ships_without_clearance": ships,
        "aircraft_without_clearance": tails,
        "submit_by": deadline.isoformat(),
        "overdue": deadline <= at,
        "days_left": _days_left(deadline, at),
    }


def _days_left(deadline: datetime, at: datetime) -> int:
    return (deadline - at).days if deadline > at else 0
