"""Reading deployments: one with its versions, a list (filtered; overstays only: present after the approved end,
or departed after it), and the assessment of whether one would be admitted now. They write nothing; the use
cases that change a deployment are services.deployments."""

from __future__ import annotations

from datetime import UTC, datetime

from relos.domain.actor import Actor
from relos.domain.deployments.model import DeploymentStatus
from relos.domain.errors import InvalidInput
from relos.services.deployments import results
from relos.services.deployments._views import (
    deployment_json,
    visible_agreement,
    visible_deployment,
    visible_with_history,
)
from relos.services.deployments.visitor_view import assessment_for
from relos.services.unit_of_work import UnitOfWork

#: The orders a list of deployments may be sorted in.
SORTS = ("start", "reference")


def _now() -> datetime:
    return datetime.now(UTC)


def get_deployment(
    uow: UnitOfWork, *, actor: Actor, deployment_id: str, now: datetime | None = None
) -> results.DeploymentWithVersions:
    at = now or _now()
    with uow:
        d, history = visible_with_history(uow, actor, deployment_id)
        versions: list[results.DeploymentVersion] = [
            {
                "version": v.version,
                "reason": v.reason,
                "recorded_by": v.recorded_by,
                "recorded_at": v.recorded_at.isoformat(),
            }
            for v in history
        ]
        return {**deployment_json(d, at), "versions": versions}


def assess_deployment(
    uow: UnitOfWork, *, actor: Actor, deployment_id: str, now: datetime | None = None
) -> results.Assessment:
    """Would it be admitted now? Every violation explained, and the earliest window that fits. Writes nothing."""
    at = now or _now()
    with uow:
        d = visible_deployment(uow, actor, deployment_id)
        return assessment_for(uow, actor, d, visible_agreement(uow, actor, d.agreement_id), now=at).as_json()


def list_deployments(
    uow: UnitOfWork,
    *,
    actor: Actor,
    agreement_id: str | None = None,
    status: str | None = None,
    facility_id: str | None = None,
    overstays: bool = False,
    now: datetime | None = None,
    after: str | None = None,
    limit: int | None = None,
    sort: str = "start",
    descending: bool = True,
) -> list[results.Deployment]:
    """Latest start first (`sort`: "start" or "reference"; not `descending`: the other way). `after`: those
    following that deployment in this order (keyset paging); `limit`: at most that many."""
    at = now or _now()
    if sort not in SORTS:
        raise InvalidInput.of("sort", "not_one_4", "{sort!r} is not one of {SORTS}", sort=sort, SORTS=", ".join(SORTS))
    wanted = None
    if status is not None:
        try:
            wanted = DeploymentStatus(status)
        except ValueError:
            raise InvalidInput.of(
                "status", "not_deployment_status", "{status!r} is not a deployment status", status=status
            ) from None
    found: list[results.Deployment] = []
    with uow:
        while True:  # more than one batch only when `overstays` leaves some out
            batch = uow.deployments.list(
                agreement_id=agreement_id,
                status=wanted,
                party=actor.party,
                facility_id=facility_id,
                after=after,
                limit=limit,
                sort=sort,
                descending=descending,
            )
            found += [
                deployment_json(d, at)
                for d in batch
                if actor.may_see((d.visiting_party, d.host_party)) and (not overstays or d.overstayed(at))
            ]
            if limit is None or len(batch) < limit or len(found) >= limit:
                return found[:limit]
            after = batch[-1].id
