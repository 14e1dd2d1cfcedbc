"""The pages: sign-in, sign-out and the audit trail (the page after sign-in, `/`, is web/dashboard).
Handlers translate and call services; the services decide who may do what."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from relos.domain.errors import Forbidden, NotAuthenticated
from relos.domain.references import RecordKind
from relos.services.people import sessions
from relos.services.people.audit import read_audit_trail
from relos.services.people.ports import AuditEntry
from relos.services.references import references_of
from relos.web import session as web
from relos.web.common import PageError, form_session, render, to_sign_in
from relos.web.forms import refuse

router = APIRouter(include_in_schema=False)
LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})


@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_page(request: Request) -> Response:
    if web.current_session(request) is not None:
        return RedirectResponse("/", status_code=303)
    return _sign_in_form(request)


def _sign_in_form(request: Request) -> Response:
    holder = Response()  # collects the pre-session cookie, if a new one is needed
    csrf = web.pre_session_csrf(request, holder)
    # browsers keep Secure cookies over plain http only on the loopback interface
    plain_http = request.url.scheme != "https" and request.url.hostname not in LOOPBACK
    insecure = web.settings(request).cookie_secure and plain_http
    response = render(request, "home/sign_in.html", None, csrf=csrf, insecure=insecure)
    for value in holder.headers.getlist("set-cookie"):
        response.headers.append("set-cookie", value)
    return response


@router.post("/sign-in", response_class=HTMLResponse)
def sign_in(
    request: Request,
    user_id: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1_024)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    if not web.pre_session_csrf_valid(request, csrf):
        return refuse(request, None, PageError("error.form_expired", 403), keep=False)
    try:
        signed_in = sessions.sign_in(
            web.database(request).uow(),
            user_id=user_id,
            password=password,
            now=datetime.now(UTC),
            address=request.client.host if request.client else "",
        )
    except NotAuthenticated:  # back to the form (303), saying so, with the user name typed (never the password)
        return refuse(request, None, PageError("sign_in_failed", 401), {"user_id": user_id})
    response = RedirectResponse("/", status_code=303)
    web.set_session_cookie(request, response, signed_in.secret)
    return response


@router.post("/sign-out")
def sign_out(request: Request, csrf: Annotated[str, Form(max_length=200)] = "") -> Response:
    session = form_session(request, csrf)
    if isinstance(session, Response):
        return session
    sessions.sign_out(web.database(request).uow(), secret=session.secret, now=datetime.now(UTC))
    web.drop_flashes(request, session)
    response = to_sign_in()
    web.clear_session_cookie(response)
    return response


@router.get("/audit", response_class=HTMLResponse)
def audit(request: Request) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    try:
        entries = read_audit_trail(web.database(request).uow(), actor=session.actor, limit=200)
    except Forbidden:
        return render(request, "message.html", session, 403, message="forbidden")
    return render(request, "home/audit.html", session, entries=entries, records=_records(request, session, entries))


#: The audit trail's entities that are records with a reference, and where their pages are.
REFERENCED = {"deployment": RecordKind.DEPLOYMENT, "clearance": RecordKind.CLEARANCE, "order": RecordKind.ORDER}


def _records(request: Request, session: web.WebSession, entries: list[AuditEntry]) -> dict[tuple[str, str], str]:
    """The references of the deployments, clearances and orders the entries are about, by (entity, id), for those
    the reader may see: the page names them so, and links them, rather than by their ids."""
    found: dict[tuple[str, str], str] = {}
    for entity, kind in REFERENCED.items():
        ids = {e.entity_id for e in entries if e.entity == entity}
        if ids:
            said = references_of(web.database(request).uow(), actor=session.actor, kind=kind, record_ids=ids)
            found |= {(entity, i): reference for i, reference in said.items()}
    return found


__all__ = ["router"]
