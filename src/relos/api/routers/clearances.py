"""/api/v1/clearances: port-call notices and airspace clearances, their steps, the notice, what is due."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from relos.api.deps import ActorDep, ClockDep, UowDep
from relos.api.paging import DEFAULT_LIMIT, PAGED, Cursor, Limit, page
from relos.api.schemas.clearances import AmendIn, ApprovalIn, ClearanceIn, QuestionsIn, ReasonIn
from relos.services.clearances import lifecycle as service
from relos.services.clearances.notice import clearance_notice
from relos.services.clearances.results import (
    Clearance,
    ClearanceWithHistory,
    ClearanceWithVersions,
    DueItem,
    ExpiredClearance,
)

router = APIRouter(tags=["clearances"])


@router.get("/clearances", responses=PAGED)
def list_clearances(
    request: Request,
    response: Response,
    uow: UowDep,
    actor: ActorDep,
    agreement_id: str | None = Query(default=None, max_length=64),
    status: str | None = Query(default=None, max_length=40),
    deployment_id: str | None = Query(default=None, max_length=64),
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> list[Clearance]:
    """Oldest first, a page at a time (relos.api.paging)."""
    rows = service.list_clearances(
        uow,
        actor=actor,
        agreement_id=agreement_id,
        status=status,
        deployment_id=deployment_id,
        after=cursor,
        limit=limit + 1,
    )
    return page(request, response, rows, limit)


@router.post("/clearances", status_code=201)
def prepare_clearance(body: ClearanceIn, uow: UowDep, actor: ActorDep, clock: ClockDep) -> ClearanceWithHistory:
    return service.prepare_clearance(
        uow,
        actor=actor,
        agreement_id=body.agreement_id,
        kind=body.kind,
        visiting_party=body.visiting_party,
        facility_id=body.facility_id,
        deployment_id=body.deployment_id,
        purpose=body.purpose,
        start=body.start,
        end=body.end,
        details=body.details(),
        note=body.note,
        title=body.title,
        now=clock.now(),
    )


@router.get("/clearances/due")
def due_soon(
    uow: UowDep, actor: ActorDep, clock: ClockDep, within_days: int = Query(default=30, ge=0, le=3650)
) -> list[DueItem]:
    """What is due for submission within `within_days`, by deadline: clearances still to be submitted, and
    deployments whose ships or aircraft no live clearance names yet."""
    return service.due_soon(uow, actor=actor, within_days=within_days, now=clock.now())


@router.post("/clearances/expiry")
def expire(uow: UowDep, actor: ActorDep, clock: ClockDep) -> list[ExpiredClearance]:
    """Mark expired what has passed (run daily)."""
    return service.expire_clearances(uow, actor=actor, now=clock.now())


@router.get("/clearances/{clearance_id}")
def get_clearance(clearance_id: str, uow: UowDep, actor: ActorDep) -> ClearanceWithVersions:
    return service.get_clearance(uow, actor=actor, clearance_id=clearance_id)


@router.get(
    "/clearances/{clearance_id}/notice",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}, "application/pdf": {}}, "description": "the notice"}},
)
def notice(
    clearance_id: str,
    uow: UowDep,
    actor: ActorDep,
    language: str = Query(default="both", pattern="^(en|ru|both)$"),
    format: str = Query(default="text", pattern="^(text|pdf)$"),
) -> Response:
    found = clearance_notice(uow, actor=actor, clearance_id=clearance_id, language=language, file_format=format)
    if isinstance(found, bytes):
        return Response(
            found,
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="notice-{clearance_id}-{language}.pdf"'},
        )
    return Response(found, media_type="text/plain; charset=utf-8")


@router.post("/clearances/{clearance_id}/amendments")
def amend(clearance_id: str, body: AmendIn, uow: UowDep, actor: ActorDep, clock: ClockDep) -> ClearanceWithHistory:
    return service.amend_clearance(
        uow,
        actor=actor,
        clearance_id=clearance_id,
        reason=body.reason,
        facility_id=body.facility_id,
        purpose=body.purpose,
        start=body.start,
        end=body.end,
        details=body.details(),
        note=body.note,
        now=clock.now(),
    )


@router.post("/clearances/{clearance_id}/submission")
def submit(clearance_id: str, uow: UowDep, actor: ActorDep, clock: ClockDep) -> ClearanceWithHistory:
    return service.submit_clearance(uow, actor=actor, clearance_id=clearance_id, now=clock.now())


@router.post("/clearances/{clearance_id}/cancellation")
def cancel(clearance_id: str, body: ReasonIn, uow: UowDep, actor: ActorDep, clock: ClockDep) -> ClearanceWithHistory:
    return service.cancel_clearance(uow, actor=actor, clearance_id=clearance_id, reason=body.reason, now=clock.now())


@router.post("/clearances/{clearance_id}/lead-time-exception")
def lead_time_exception(
    clearance_id: str, body: ReasonIn, uow: UowDep, actor: ActorDep, clock: ClockDep
) -> ClearanceWithHistory:
    return service.record_lead_time_exception(
        uow, actor=actor, clearance_id=clearance_id, reason=body.reason, now=clock.now()
    )


@router.post("/clearances/{clearance_id}/information-requests")
def ask(clearance_id: str, body: QuestionsIn, uow: UowDep, actor: ActorDep, clock: ClockDep) -> ClearanceWithHistory:
    return service.request_information(
        uow, actor=actor, clearance_id=clearance_id, questions=body.questions, now=clock.now()
    )


@router.post("/clearances/{clearance_id}/approval")
def approve(clearance_id: str, body: ApprovalIn, uow: UowDep, actor: ActorDep, clock: ClockDep) -> ClearanceWithHistory:
    return service.approve_clearance(
        uow,
        actor=actor,
        clearance_id=clearance_id,
        clearance_number=body.clearance_number,
        restrictions=body.restrictions,
        now=clock.now(),
    )


@router.post("/clearances/{clearance_id}/denial")
def deny(clearance_id: str, body: ReasonIn, uow: UowDep, actor: ActorDep, clock: ClockDep) -> ClearanceWithHistory:
    return service.deny_clearance(uow, actor=actor, clearance_id=clearance_id, reason=body.reason, now=clock.now())
