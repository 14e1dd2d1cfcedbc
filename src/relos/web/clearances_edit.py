"""Preparing and changing a clearance in the browser: "Prepare clearance" from a deployment (a port-call notice
for its ships, or an airspace request for its aircraft, with its window, facility and purpose filled in), the
same form filled in from the clearance to amend it (with the reason), and the host's lead-time exception with
its reason. `services.clearances` decide; a refusal comes back (303) on the form's page naming each field at
fault, with what was typed. The form that prepares one carries a one-time key: sent twice, it makes one."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from relos.domain.errors import NotFound, RelosError
from relos.services.clearances import lifecycle as clearances
from relos.services.deployments import reads
from relos.web import clearances_form as form
from relos.web import session as web
from relos.web.common import Csrf, act_on_record, page_error, render, render_error, require_id
from relos.web.deployments.edit import answer_form, opened, options
from relos.web.deployments.once import make_once
from relos.web.forms import back_to_page, kept_fields, see_other, to_sign_in

router = APIRouter(include_in_schema=False)


def _show(
    request: Request, session: web.WebSession, *, action: str, kind: str, defaults: dict[str, str], **more: Any
) -> Response:
    return render(
        request,
        "clearances/form.html",
        session,
        action=action,
        kind=kind,
        unit=form.UNITS[kind],
        row_keys=form.ROW_KEYS[kind],
        defaults=defaults,
        rows=form.row_count,
        form_key=uuid.uuid4().hex,
        **options(request, session.actor),
        **more,
    )


def _deployment(request: Request, session: web.WebSession, deployment_id: str) -> Any:
    require_id("deployment", deployment_id)
    return reads.get_deployment(
        web.database(request).uow(), actor=session.actor, deployment_id=deployment_id, now=web.clock(request).now()
    )


@router.get("/deployments/{deployment_id}/clearances/new/{kind}", response_class=HTMLResponse)
def prepare_page(request: Request, deployment_id: str, kind: str) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    try:
        if kind not in form.KINDS:
            raise NotFound("page", kind[:40])
        d = _deployment(request, session, deployment_id)
    except RelosError as exc:
        return render_error(request, session, page_error(exc))
    defaults = form.from_deployment(d, kind, web.language(request, session))
    return _show(request, session, action=request.url.path, kind=kind, defaults=defaults, d=d, c=None)


@router.get("/clearances/{clearance_id}/amend", response_class=HTMLResponse)
def amend_page(request: Request, clearance_id: str) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    try:
        require_id("clearance", clearance_id)
        c = clearances.get_clearance(web.database(request).uow(), actor=session.actor, clearance_id=clearance_id)
    except RelosError as exc:
        return render_error(request, session, page_error(exc))
    defaults = form.from_clearance(c, web.language(request, session))
    return _show(request, session, action=request.url.path, kind=c["kind"], defaults=defaults, d=None, c=c)


def _again(request: Request, session: web.WebSession, fields: dict[str, str], kind: str) -> Response:
    """The form once more, with another empty row of ships or aircraft."""
    page = request.url.path
    more = {**fields, "unit_rows": str(min(form.MAX_ROWS, form.row_count(fields, kind) + 1))}
    web.put_flash(
        request, web.flash_owner(session.secret), page, {"form": {"action": page, "fields": kept_fields(more)}}
    )
    return see_other(page)


def _submitted(
    request: Request, session: web.WebSession, fields: dict[str, str], kind: str, make: Any, notice: str
) -> Response:
    """A clearance's form sent: `make(window, details)` prepares or amends it and gives its id."""
    lang = web.language(request, session)
    used: list[int] = []

    def attempt() -> str:
        window = form.window_of(fields)
        details, rows = form.details_of(fields, kind, lang)
        used.extend(rows)
        return str(make(window, details))

    return answer_form(
        request,
        session,
        fields,
        kind="clearance",
        attempt=attempt,
        renumber=lambda exc: form.as_form_rows(exc, used),
        notice=notice,
    )


@router.post("/deployments/{deployment_id}/clearances/new/{kind}", response_class=HTMLResponse)
async def prepare(request: Request, deployment_id: str, kind: str) -> Response:
    found = await opened(request)
    if isinstance(found, Response):
        return found
    fields, session = found
    if kind not in form.KINDS:
        return back_to_page(request)
    if fields.get("more"):
        return _again(request, session, fields, kind)
    try:
        d = _deployment(request, session, deployment_id)
    except NotFound:
        return back_to_page(request)

    def make(window: dict[str, Any], details: dict[str, Any]) -> str:
        return make_once(
            request,
            session,
            key=fields.get("key", ""),
            fields=fields,
            make=lambda uow: clearances.prepare_clearance(
                uow,
                actor=session.actor,
                agreement_id=d["agreement_id"],
                kind=kind,
                facility_id=fields.get("facility_id", "").strip(),
                start=window["start"],
                end=window["end"],
                purpose=fields.get("purpose", "").strip(),
                details=details,
                deployment_id=d["id"],
                note=fields.get("note", "").strip(),
                title=fields.get("title", "").strip() or None,
                now=web.clock(request).now(),
            )["id"],
        )

    return _submitted(request, session, fields, kind, make, "done.clearance_prepared")


@router.post("/clearances/{clearance_id}/amend", response_class=HTMLResponse)
async def amend(request: Request, clearance_id: str) -> Response:
    found = await opened(request)
    if isinstance(found, Response):
        return found
    fields, session = found
    kind = fields.get("kind", "") if fields.get("kind", "") in form.KINDS else "port_call"
    if fields.get("more"):
        return _again(request, session, fields, kind)

    def make(window: dict[str, Any], details: dict[str, Any]) -> str:
        require_id("clearance", clearance_id)
        return clearances.amend_clearance(
            web.database(request).uow(),
            actor=session.actor,
            clearance_id=clearance_id,
            reason=fields.get("reason", "").strip(),
            facility_id=fields.get("facility_id", "").strip() or None,
            start=window["start"],
            end=window["end"],
            purpose=fields.get("purpose", "").strip() or None,
            details=details,
            note=fields.get("note", "").strip(),
            now=web.clock(request).now(),
        )["id"]

    return _submitted(request, session, fields, kind, make, "done.clearance_amended")


@router.post("/clearances/{clearance_id}/exception", response_class=HTMLResponse)
def lead_time_exception(
    request: Request, clearance_id: str, csrf: Csrf = "", reason: Annotated[str, Form(max_length=2_000)] = ""
) -> Response:
    return act_on_record(
        request,
        kind="clearance",
        csrf=csrf,
        done="done.exception_recorded",
        call=lambda s, uow: clearances.record_lead_time_exception(
            uow, actor=s.actor, clearance_id=clearance_id, reason=reason.strip(), now=web.clock(request).now()
        ),
        fields={"reason": reason},
    )
