"""Clearances' pages: the list (by agreement, by status; newest first, a page of PAGE at a time by keyset) with
what is due soon (by deadline, overdue first; a page of PAGE at a time, saying how many in all), one clearance's
notice content (ships or aircraft, window in local time and UTC, notice period and deadline), its status history
(who, of which party, when), restrictions, clearance number and the host's exception; the host's decision as
forms (approve with a number, approve with restrictions, deny with reason, ask for more information) and the
visiting side's (submit, cancel with reason); and the notice to download as text or PDF in English, Russian or
both (laid out by `services.clearances.notice`). The services decide: a refusal comes back (303, web/forms.py)
on the clearance's page naming the field or rule, with what was typed."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from relos.domain.clearances.model import ClearanceStatus
from relos.domain.errors import InvalidInput, NotFound, RelosError
from relos.domain.references import RecordKind
from relos.services.agreements.register import list_agreements
from relos.services.clearances import host as clearance_host
from relos.services.clearances import lifecycle as clearances
from relos.services.clearances.notice import clearance_notice
from relos.web import session as web
from relos.web.common import (
    MAX_ID,
    SECURITY_HEADERS,
    Csrf,
    act_on_record,
    list_filters,
    page_error,
    record_page,
    render,
    render_error,
    require_id,
    to_sign_in,
)
from relos.web.deployments.actions import clearance_actions
from relos.web.references import by_reference, find_box

router = APIRouter(include_in_schema=False)
STATUSES = [s.value for s in ClearanceStatus]
LANGUAGES = ("en", "ru", "both")
DUE_DAYS = 30
PAGE = 50
MAX_OFFSET = 1_000_000


@router.get("/clearances", response_class=HTMLResponse)
def clearances_page(request: Request) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    found = find_box(request, base="/clearances")
    if found is not None:
        return found
    agreement, status = list_filters(request)
    after = (request.query_params.get("after") or "").strip()[:MAX_ID] or None
    uow = web.database(request).uow
    agreements = list_agreements(uow(), actor=session.actor, at=web.clock(request).today())
    error = None
    try:
        rows = clearances.list_clearances(
            uow(),
            actor=session.actor,
            agreement_id=agreement or None,
            status=status or None,
            after=after,
            limit=PAGE + 1,
            descending=True,
        )
    except RelosError as exc:
        rows, error = [], page_error(exc)
    shown, more = rows[:PAGE], len(rows) > PAGE
    due_from = _offset(request.query_params.get("due_from"))
    due, due_total = clearances.due_soon_page(
        uow(), actor=session.actor, within_days=DUE_DAYS, now=web.clock(request).now(), offset=due_from, limit=PAGE
    )
    query = {k: v for k, v in {"agreement": agreement, "status": status}.items() if v}
    return render(
        request,
        "clearances/clearances.html",
        session,
        error.status if error else 200,
        clearances=shown,
        next_after=shown[-1]["id"] if more and shown else None,
        paged=after is not None,
        query=query,
        due=due,
        due_total=due_total,
        due_from=due_from,
        due_next=due_from + PAGE if due_from + PAGE < due_total else None,
        due_days=DUE_DAYS,
        agreements=[v.agreement for v in agreements],
        given={"agreement": agreement, "status": status},
        statuses=STATUSES,
        error=error,
    )


def _offset(text: str | None) -> int:
    """Where the page of the due list starts: a multiple of PAGE (0 for anything else; past the end, an empty
    page that says how many there are)."""
    try:
        value = int(text or 0)
    except ValueError:
        return 0
    return value - value % PAGE if 0 <= value <= MAX_OFFSET else 0


@router.get("/clearances/{clearance_id}", response_class=HTMLResponse)
def clearance_page(request: Request, clearance_id: str) -> Response:
    return by_reference(request, RecordKind.CLEARANCE, clearance_id, base="/clearances") or record_page(
        request, clearance_id, show=_clearance_page
    )


def _clearance_page(request: Request, session: web.WebSession, clearance_id: str) -> Response:
    try:
        require_id("clearance", clearance_id)
        c = clearances.get_clearance(web.database(request).uow(), actor=session.actor, clearance_id=clearance_id)
    except RelosError as exc:
        return render_error(request, session, page_error(exc))
    return render(
        request,
        "clearances/clearance.html",
        session,
        c=c,
        actions=clearance_actions(session.actor, c),
        languages=LANGUAGES,
    )


@router.get("/clearances/{clearance_id}/notice.{suffix}", response_model=None)
def notice(request: Request, clearance_id: str, suffix: str) -> Response:
    """The notice as the API and the command give it (`services.clearances.notice`), to download."""
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    language = request.query_params.get("language") or "both"
    file_format = {"txt": "text", "pdf": "pdf"}.get(suffix)
    try:
        require_id("clearance", clearance_id)
        if file_format is None:
            raise NotFound("clearance", clearance_id)
        if language not in LANGUAGES:
            raise InvalidInput.of(
                "language", "not_one_language", "{given!r} is not one of en, ru, both", given=language[:20]
            )
        body = clearance_notice(
            web.database(request).uow(),
            actor=session.actor,
            clearance_id=clearance_id,
            language=language,
            file_format=file_format,
        )
    except RelosError as exc:
        return render_error(request, session, page_error(exc))
    name = f"notice-{clearance_id}-{language}.{suffix}"
    media = "application/pdf" if file_format == "pdf" else "text/plain; charset=utf-8"
    headers = {**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'}
    return Response(body if isinstance(body, bytes) else body.encode(), media_type=media, headers=headers)


def _act(
    request: Request, clearance_id: str, csrf: str, done: str, call: Any, fields: dict[str, str] | None = None
) -> Response:
    return act_on_record(request, kind="clearance", csrf=csrf, done=f"done.clearance_{done}", call=call, fields=fields)


Text = Annotated[str, Form(max_length=4_000)]


@router.post("/clearances/{clearance_id}/submit", response_class=HTMLResponse)
def submit(request: Request, clearance_id: str, csrf: Csrf = "") -> Response:
    return _act(
        request,
        clearance_id,
        csrf,
        "submitted",
        lambda s, uow: clearances.submit_clearance(
            uow, actor=s.actor, clearance_id=clearance_id, now=web.clock(request).now()
        ),
    )


@router.post("/clearances/{clearance_id}/cancel", response_class=HTMLResponse)
def cancel(request: Request, clearance_id: str, csrf: Csrf = "", reason: Text = "") -> Response:
    return _act(
        request,
        clearance_id,
        csrf,
        "cancelled",
        lambda s, uow: clearances.cancel_clearance(
            uow, actor=s.actor, clearance_id=clearance_id, reason=reason.strip(), now=web.clock(request).now()
        ),
        fields={"reason": reason},
    )


@router.post("/clearances/{clearance_id}/approve", response_class=HTMLResponse)
def approve(
    request: Request,
    clearance_id: str,
    csrf: Csrf = "",
    clearance_number: Annotated[str, Form(max_length=200)] = "",
    restrictions: Text = "",
    with_restrictions: Annotated[str, Form(max_length=1)] = "",
) -> Response:
    listed = [line.strip() for line in restrictions.splitlines() if line.strip()]

    def call(s: web.WebSession, uow: Any) -> None:
        if with_restrictions and not listed:
            raise InvalidInput.of("restrictions", "list_restrictions_one_line", "list the restrictions, one a line")
        clearance_host.approve_clearance(
            uow,
            actor=s.actor,
            clearance_id=clearance_id,
            clearance_number=clearance_number.strip(),
            restrictions=listed,
            now=web.clock(request).now(),
        )

    fields = {"clearance_number": clearance_number, "restrictions": restrictions}
    fields["with_restrictions"] = with_restrictions
    return _act(request, clearance_id, csrf, "approved", call, fields=fields)


@router.post("/clearances/{clearance_id}/deny", response_class=HTMLResponse)
def deny(request: Request, clearance_id: str, csrf: Csrf = "", reason: Text = "") -> Response:
    return _act(
        request,
        clearance_id,
        csrf,
        "denied",
        lambda s, uow: clearance_host.deny_clearance(
            uow, actor=s.actor, clearance_id=clearance_id, reason=reason.strip(), now=web.clock(request).now()
        ),
        fields={"reason": reason},
    )


@router.post("/clearances/{clearance_id}/ask", response_class=HTMLResponse)
def ask(request: Request, clearance_id: str, csrf: Csrf = "", questions: Text = "") -> Response:
    return _act(
        request,
        clearance_id,
        csrf,
        "asked",
        lambda s, uow: clearance_host.request_information(
            uow, actor=s.actor, clearance_id=clearance_id, questions=questions.strip(), now=web.clock(request).now()
        ),
        fields={"questions": questions},
    )
