"""Importing an agreement file (`/admin/agreements`): an administrator uploads the file (TOML, the format of
docs/agreement-format.md); services.agreements.register.import_agreement checks it (its signature, entry into
force and events must have happened by the application's clock) and adds or replaces the agreement, keeping its
recorded events. Events (ratification, entry into force, extension, termination, each with its source) are
recorded on the agreement's own page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from relos.domain.actor import Role
from relos.domain.errors import FieldProblem
from relos.services.agreements.register import import_agreement, list_agreements
from relos.services.dashboard.calendar import calendar_of
from relos.web import session as web
from relos.web.admin.common import new_key, once
from relos.web.common import Csrf, form_session, invalid, render, to_sign_in
from relos.web.forms import refuse

router = APIRouter(include_in_schema=False)
MAX_FILE_BYTES = 256 * 1024


@router.get("/admin/agreements", response_class=HTMLResponse)
def agreements_page(request: Request) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    today = web.clock(request).today()
    views = list_agreements(web.database(request).uow(read_only=True), actor=session.actor, at=today)
    return render(
        request,
        "admin/agreements.html",
        session,
        agreements=[{**v.summary(), "term": calendar_of(v, today)} for v in views],
        may_import=Role.ADMINISTRATOR in session.actor.roles,
        key=new_key(),
        csrf=session.csrf,
    )


@router.post("/admin/agreements", response_class=HTMLResponse)
async def import_file(request: Request, csrf: Csrf = "", key: Annotated[str, Form(max_length=64)] = "") -> Response:
    session = form_session(request, csrf)
    if isinstance(session, Response):
        return session
    upload = (await request.form()).get("file")
    content = await upload.read(MAX_FILE_BYTES + 1) if isinstance(upload, UploadFile) else b""
    name = ((upload.filename or "") if isinstance(upload, UploadFile) else "")[:200]
    fields = {"file_name": name}
    if not content:
        return refuse(
            request,
            session,
            invalid(FieldProblem.of("file", "agreement_no_file", "choose the agreement's file (TOML)")),
            fields,
        )
    if len(content) > MAX_FILE_BYTES:
        return refuse(
            request,
            session,
            invalid(
                FieldProblem.of("file", "file_too_large", "the file may be at most {limit} bytes", limit=MAX_FILE_BYTES)
            ),
            fields,
        )
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return refuse(
            request, session, invalid(FieldProblem.of("file", "file_not_utf8", "the file is not UTF-8 text")), fields
        )
    clock = web.clock(request)
    return once(
        request, session, key=key, fields=fields | {"size": str(len(content))}, done=["admin.agreement_imported"],
        call=lambda uow: import_agreement(
            uow, actor=session.actor, text=text, source_name=name or "upload.toml", at=clock.today(),
            now=clock.now(), tolerance=clock.tolerance,
        ),
    )  # fmt: skip
