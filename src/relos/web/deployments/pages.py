"""A deployment's page (the list: listing.py): its units (ships with their dimensions, aircraft, personnel),
derived totals, window, decision, arrival and departure, versions and clearances; and its lifecycle as forms
(submit, approve, reject with reason, record arrival and departure, cancel with reason), each shown when the
user's roles and party could take that step. The services decide: a refused step comes back (303,
web/forms.py) on the page, a refused approval with the service's explanation (each limit, its first instant,
the total and the maximum, and the earliest window that would fit)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from relos.domain.errors import RelosError
from relos.domain.references import RecordKind
from relos.services.clearances import lifecycle as clearances
from relos.services.deployments import lifecycle as service
from relos.services.deployments import reads
from relos.services.facilities.catalogue import get_facility
from relos.web import session as web
from relos.web.common import (
    Csrf,
    PageError,
    act_on_record,
    page_error,
    parse_instant,
    record_page,
    render,
    render_error,
    require_id,
)
from relos.web.deployments.actions import deployment_actions
from relos.web.deployments.cap_check import cap_check
from relos.web.references import by_reference
from relos.web.refusals import as_input

router = APIRouter(include_in_schema=False)


@router.get("/deployments/{deployment_id}", response_class=HTMLResponse)
def deployment_page(request: Request, deployment_id: str) -> Response:
    return by_reference(request, RecordKind.DEPLOYMENT, deployment_id, base="/deployments") or record_page(
        request, deployment_id, show=_deployment_page
    )


def _deployment_page(request: Request, session: web.WebSession, deployment_id: str) -> Response:
    uow = web.database(request).uow
    now = web.clock(request).now()
    try:
        require_id("deployment", deployment_id)
        d = reads.get_deployment(uow(), actor=session.actor, deployment_id=deployment_id, now=now)
        linked = clearances.list_clearances(uow(), actor=session.actor, deployment_id=deployment_id)
        # what the host's decision would find now (writes nothing): shown while it awaits the decision
        assessment = (
            reads.assess_deployment(uow(), actor=session.actor, deployment_id=deployment_id, now=now)
            if d["status"] == "submitted"
            else None
        )
    except RelosError as exc:
        return render_error(request, session, page_error(exc))
    return render(
        request,
        "deployments/deployment.html",
        session,
        d=d,
        clearances=linked,
        assessment=assessment,
        actions=deployment_actions(session.actor, d),
        caps=cap_check(request, session, d) if assessment is not None else [],
        zone=_zone(request, session, d["facility_id"]),
    )


def _zone(request: Request, session: web.WebSession, facility_id: str) -> str:
    """The facility's own time zone (its window is shown there too, beside UTC)."""
    try:
        return get_facility(web.database(request).uow(), actor=session.actor, facility_id=facility_id).facility.timezone
    except RelosError:
        return "UTC"


def _act(
    request: Request, deployment_id: str, csrf: str, done: str, call: Any, fields: dict[str, str] | None = None
) -> Response:
    return act_on_record(request, kind="deployment", csrf=csrf, done=f"done.{done}", call=call, fields=fields)


Reason = Annotated[str, Form(max_length=2_000)]
Moment = Annotated[str, Form(max_length=40)]


def _moment(text: str, field_name: str) -> datetime | None:
    """The instant typed in the form (UTC), None for now; bad input raises naming the field."""
    value = parse_instant(text, field_name=field_name)
    if isinstance(value, PageError):
        raise as_input(value)
    return value


@router.post("/deployments/{deployment_id}/submit", response_class=HTMLResponse)
def submit(request: Request, deployment_id: str, csrf: Csrf = "") -> Response:
    return _act(
        request,
        deployment_id,
        csrf,
        "submitted",
        lambda s, uow: service.submit_deployment(
            uow, actor=s.actor, deployment_id=deployment_id, now=web.clock(request).now()
        ),
    )


@router.post("/deployments/{deployment_id}/approve", response_class=HTMLResponse)
def approve(request: Request, deployment_id: str, csrf: Csrf = "") -> Response:
    return _act(
        request,
        deployment_id,
        csrf,
        "approved",
        lambda s, uow: service.approve_deployment(
            uow, actor=s.actor, deployment_id=deployment_id, now=web.clock(request).now()
        ),
    )


@router.post("/deployments/{deployment_id}/reject", response_class=HTMLResponse)
def reject(request: Request, deployment_id: str, csrf: Csrf = "", reason: Reason = "") -> Response:
    return _act(
        request,
        deployment_id,
        csrf,
        "rejected",
        lambda s, uow: service.reject_deployment(
            uow, actor=s.actor, deployment_id=deployment_id, reason=reason.strip(), now=web.clock(request).now()
        ),
        fields={"reason": reason},
    )


@router.post("/deployments/{deployment_id}/cancel", response_class=HTMLResponse)
def cancel(request: Request, deployment_id: str, csrf: Csrf = "", reason: Reason = "") -> Response:
    return _act(
        request,
        deployment_id,
        csrf,
        "cancelled",
        lambda s, uow: service.cancel_deployment(
            uow, actor=s.actor, deployment_id=deployment_id, reason=reason.strip(), now=web.clock(request).now()
        ),
        fields={"reason": reason},
    )


@router.post("/deployments/{deployment_id}/arrival", response_class=HTMLResponse)
def arrive(request: Request, deployment_id: str, csrf: Csrf = "", at: Moment = "") -> Response:
    return _act(
        request,
        deployment_id,
        csrf,
        "arrived",
        lambda s, uow: service.mark_arrived(
            uow,
            actor=s.actor,
            deployment_id=deployment_id,
            at=_moment(at, "arrived_at"),
            now=web.clock(request).now(),
            tolerance=web.clock(request).tolerance,
        ),
        fields={"at": at},
    )


@router.post("/deployments/{deployment_id}/departure", response_class=HTMLResponse)
def depart(request: Request, deployment_id: str, csrf: Csrf = "", at: Moment = "") -> Response:
    return _act(
        request,
        deployment_id,
        csrf,
        "departed",
        lambda s, uow: service.mark_departed(
            uow,
            actor=s.actor,
            deployment_id=deployment_id,
            at=_moment(at, "departed_at"),
            now=web.clock(request).now(),
            tolerance=web.clock(request).tolerance,
        ),
        fields={"at": at},
    )
