"""What an assessment tells the visiting party: nothing of the forces of pacts it is not party to.

The host judges a facility's capacity across every agreement it is party to (relos.services.deployments._views
.assess): a Russian request at an Indian base counts the American ships there under another pact. The host sees
every particular. The visiting party learns that the facility cannot take its force in the window asked, with
the facility's capacity, but neither how full it is nor when (the instant and total of the breach are the
request's own), and a window that would fit coarsened to start on a whole week (Monday 00:00 UTC), so that no
other force's arrival or departure can be read from it. Its own caps it sees in full: they count only its own
forces.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from relos.domain.actor import Actor
from relos.domain.deployments.admission import iso
from relos.domain.deployments.model import FACILITY_RESOURCES, Deployment
from relos.domain.errors import Violation
from relos.services.agreements.ports import StoredAgreement
from relos.services.deployments._views import Assessment, assess
from relos.services.unit_of_work import UnitOfWork

#: How far a coarsened window is looked for, in whole weeks after the exact one.
WEEKS_AHEAD = 104
FACILITY = "facility:"


def week_start(instant: datetime) -> datetime:
    """The first Monday 00:00 UTC at or after `instant`."""
    midnight = instant.replace(hour=0, minute=0, second=0, microsecond=0)
    monday = midnight - timedelta(days=midnight.weekday())
    return monday if monday >= instant else monday + timedelta(days=7)


def assessment_for(
    uow: UnitOfWork, actor: Actor, d: Deployment, stored: StoredAgreement, *, now: datetime
) -> Assessment:
    """`assess` as `actor` may read it: in full for the host (and the operator), else as said above."""
    found = assess(uow, d, stored, now=now)
    if actor.is_operator or actor.party == d.host_party:
        return found
    violations = [_seen(v, d) if str(v.details.get("limit", "")).startswith(FACILITY) else v for v in found.violations]
    suggestion = found.suggestion
    if suggestion is not None:
        suggestion = _coarse_window(uow, d, stored, suggestion[0], now=now)
    return Assessment(violations, suggestion)


def _seen(v: Violation, d: Deployment) -> Violation:
    limit = str(v.details["limit"])
    facility, _, resource = limit.removeprefix(FACILITY).partition(":")
    start, end = iso(d.start), iso(d.end)
    return Violation(
        rule=v.rule,
        message=f"{facility} cannot take this force between {start} and {end} ({resource}: capacity "
        f"{v.details['max']}); the host counts every force there, under every agreement",
        details={"limit": limit, "at": start, "total": _own(d, resource), "max": v.details["max"]},
    )


def _own(d: Deployment, resource: str) -> int:
    """What the request itself asks of the resource (its berths, stands or beds)."""
    return d.totals.get(FACILITY_RESOURCES[resource]) if resource in FACILITY_RESOURCES else 0


def _coarse_window(
    uow: UnitOfWork, d: Deployment, stored: StoredAgreement, exact: datetime, *, now: datetime
) -> tuple[datetime, datetime] | None:
    """The earliest window of the request's length that fits and starts on a week, at or after `exact`."""
    length = d.end - d.start
    candidate = week_start(max(exact, d.start))
    for _ in range(WEEKS_AHEAD):
        moved = replace(d, start=candidate, end=candidate + length)
        if not assess(uow, moved, stored, now=now).violations:
            return candidate, candidate + length
        candidate += timedelta(days=7)
    return None
