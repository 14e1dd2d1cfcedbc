"""/api/v1/deployments (the life of a deployment), /api/v1/cap-overrides, /api/v1/presence and
/api/v1/plan-checks (the plan check of `relos plan check`, writing nothing). Every route judges by the
application's clock (relos.api.deps.ClockDep)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from fastapi import APIRouter, Request, Response

from relos.api.deps import ActorDep, ChangerDep, ClockDep, ReaderDep, UowDep
from relos.api.paging import DEFAULT_LIMIT, PAGED, Cursor, Limit, page
from relos.api.schemas.deployments import (
    AmendIn,
    DeploymentIn,
    DeploymentParticularsIn,
    MomentIn,
    OverrideIn,
    PlanIn,
    ReasonIn,
)
from relos.domain.errors import InvalidInput
from relos.services.deployments import lifecycle as service
from relos.services.deployments import presence, reads, results
from relos.services.deployments.plan_check import check_plan

router = APIRouter(tags=["deployments"])


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _data(body: DeploymentParticularsIn) -> dict[str, Any]:
    data = body.data()
    data["start"], data["end"] = _utc(body.start), _utc(body.end)
    return data


@router.post("/deployments", status_code=201)
def create_deployment(body: DeploymentIn, uow: UowDep, actor: ActorDep, clock: ClockDep) -> results.Deployment:
    return service.create_deployment(
        uow, actor=actor, data=_data(body), visiting_party=body.visiting_party, now=clock.now()
    )


@router.get("/deployments", responses=PAGED)
async def list_deployments(
    request: Request,
    response: Response,
    read: ReaderDep,
    agreement_id: str | None = None,
    status: str | None = None,
    facility_id: str | None = None,
    overstays: bool = False,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    *,
    clock: ClockDep,
) -> list[results.Deployment]:
    """Latest start first, a page at a time (relos.api.paging). `overstays`: only those present after their
    approved end, or that departed after it."""
    now = clock.now()
    rows = await read(
        lambda uow, actor: reads.list_deployments(
            uow,
            actor=actor,
            agreement_id=agreement_id,
            status=status,
            facility_id=facility_id,
            overstays=overstays,
            now=now,
            after=cursor,
            limit=limit + 1,
        )
    )
    return page(request, response, rows, limit)


@router.get("/deployments/{deployment_id}")
async def get_deployment(deployment_id: str, read: ReaderDep, clock: ClockDep) -> results.DeploymentWithVersions:
    now = clock.now()
    return await read(lambda uow, actor: reads.get_deployment(uow, actor=actor, deployment_id=deployment_id, now=now))


@router.get("/deployments/{deployment_id}/assessment")
def assess_deployment(deployment_id: str, uow: UowDep, actor: ActorDep, clock: ClockDep) -> results.Assessment:
    """Would it be admitted now: each violation (limit, first instant, total, max) and the earliest window."""
    return reads.assess_deployment(uow, actor=actor, deployment_id=deployment_id, now=clock.now())


@router.post("/deployments/{deployment_id}/submission")
def submit_deployment(deployment_id: str, uow: UowDep, actor: ActorDep, clock: ClockDep) -> results.SubmittedDeployment:
    return service.submit_deployment(uow, actor=actor, deployment_id=deployment_id, now=clock.now())


@router.post("/deployments/{deployment_id}/approval")
async def approve_deployment(deployment_id: str, change: ChangerDep, clock: ClockDep) -> results.Deployment:
    """409 problem+json with `violations` (limit, at, total, max, earliest_window) when a limit would break."""
    now = clock.now()
    return await change(
        lambda uow, actor: service.approve_deployment(uow, actor=actor, deployment_id=deployment_id, now=now)
    )


@router.post("/deployments/{deployment_id}/rejection")
def reject_deployment(
    deployment_id: str, body: ReasonIn, uow: UowDep, actor: ActorDep, clock: ClockDep
) -> results.RejectedDeployment:
    return service.reject_deployment(uow, actor=actor, deployment_id=deployment_id, reason=body.reason, now=clock.now())


@router.post("/deployments/{deployment_id}/amendments")
def amend_deployment(
    deployment_id: str, body: AmendIn, uow: UowDep, actor: ActorDep, clock: ClockDep
) -> results.Deployment:
    """A new version; an approved deployment goes back to submitted, to be admitted again as a whole."""
    data = _data(body)
    data.pop("reason", None)
    return service.amend_deployment(
        uow, actor=actor, deployment_id=deployment_id, data=data, reason=body.reason, now=clock.now()
    )


@router.post("/deployments/{deployment_id}/cancellation")
def cancel_deployment(
    deployment_id: str, body: ReasonIn, uow: UowDep, actor: ActorDep, clock: ClockDep
) -> results.Deployment:
    return service.cancel_deployment(uow, actor=actor, deployment_id=deployment_id, reason=body.reason, now=clock.now())


@router.post("/deployments/{deployment_id}/arrival")
def mark_arrived(
    deployment_id: str, body: MomentIn, uow: UowDep, actor: ActorDep, clock: ClockDep
) -> results.Deployment:
    """422 (`recorded_in_future`) for an arrival in the future; 409 (`arrival_before_window`,
    `arrival_after_window`) for one outside the approved window: amend the window, and have it approved, first."""
    at = _utc(body.at) if body.at else None
    return service.mark_arrived(
        uow, actor=actor, deployment_id=deployment_id, at=at, now=clock.now(), tolerance=clock.tolerance
    )


@router.post("/deployments/{deployment_id}/departure")
def mark_departed(
    deployment_id: str, body: MomentIn, uow: UowDep, actor: ActorDep, clock: ClockDep
) -> results.Deployment:
    """422 (`recorded_in_future`) for a departure in the future. One after the approved end is recorded, and
    shows as an overstay (`overstay`, `breaches`; audited as `deployment.overstay_recorded`)."""
    at = _utc(body.at) if body.at else None
    return service.mark_departed(
        uow, actor=actor, deployment_id=deployment_id, at=at, now=clock.now(), tolerance=clock.tolerance
    )


@router.post("/deployments/{deployment_id}/closure")
def close_deployment(deployment_id: str, uow: UowDep, actor: ActorDep, clock: ClockDep) -> results.Deployment:
    return service.close_deployment(uow, actor=actor, deployment_id=deployment_id, now=clock.now())


@router.post("/cap-overrides", status_code=201)
def record_override(body: OverrideIn, uow: UowDep, actor: ActorDep, clock: ClockDep) -> results.CapOverride:
    return presence.record_override(
        uow,
        actor=actor,
        agreement_id=body.agreement_id,
        visiting_party=body.visiting_party,
        start=_utc(body.start),
        end=_utc(body.end),
        limits={"warships": body.warships, "aircraft": body.aircraft, "personnel": body.personnel},
        authority=body.authority,
        reference=body.reference,
        now=clock.now(),
    )


@router.post("/cap-overrides/{override_id}/revocation")
def revoke_override(
    override_id: str, body: ReasonIn, uow: UowDep, actor: ActorDep, clock: ClockDep
) -> results.CapOverride:
    """409 problem+json naming each cap, first instant, total and max when approved or present forces rely on it."""
    return presence.revoke_override(uow, actor=actor, override_id=override_id, reason=body.reason, now=clock.now())


@router.get("/cap-overrides")
def list_overrides(
    uow: UowDep, actor: ActorDep, host_party: str, visiting_party: str | None = None
) -> list[results.CapOverride]:
    return presence.list_overrides(uow, actor=actor, host_party=host_party, visiting_party=visiting_party)


@router.get("/presence")
def presence_timeline(
    uow: UowDep,
    actor: ActorDep,
    host_party: str,
    start: dt.datetime,
    end: dt.datetime,
    visiting_party: str | None = None,
    facility_id: str | None = None,
    *,
    clock: ClockDep,
) -> results.PresenceTimeline:
    """The step functions of presence over [start, end): visiting parties' totals and a facility's load; the
    overstays and every breach of an approval (`breaches`) among the deployments present in it."""
    return presence.timeline(
        uow,
        actor=actor,
        host_party=host_party,
        start=_utc(start),
        end=_utc(end),
        visiting_party=visiting_party,
        facility_id=facility_id,
        now=clock.now(),
    )


@router.post("/plan-checks")
def plan_check(body: PlanIn, uow: UowDep, actor: ActorDep) -> results.PlanCheck:
    """The plan check of `relos plan check`, first come first served; writes nothing."""
    if (body.csv is None) == (body.rows is None):
        raise InvalidInput.of("plan", "give_either_csv_header_row", "give either `csv` (with its header row) or `rows`")
    # one object a line: the messages name item N as line N
    text = body.csv if body.csv is not None else "[" + ",\n".join(json.dumps(r) for r in body.rows or []) + "]"
    return check_plan(uow, actor=actor, text=text, name="plan")
