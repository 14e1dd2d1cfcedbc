"""The agreement register's pages: one agreement's terms, status at a chosen day, every recorded event
with its source and what is not known; administrators record an event through a form (answered 303 back to
the page, web/forms.py: confirmed, or refused with what was typed)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from relos.domain.agreements import AgreementEvent, EventKind, current_term_end
from relos.domain.errors import FieldProblem, NotFound, RelosError
from relos.services.agreements import register as service
from relos.services.exchange import mutual
from relos.services.exchange.keys import current_key
from relos.services.exchange.peers import instance_party
from relos.web import session as web
from relos.web.admin.common import new_key, once
from relos.web.common import (
    MAX_ID,
    PageError,
    day_required,
    form_session,
    invalid,
    page_error,
    parse_day,
    render,
    render_error,
    role_set,
    to_sign_in,
)
from relos.web.forms import refuse

router = APIRouter(include_in_schema=False)
EVENT_KINDS = [k.value for k in EventKind]


@router.get("/agreements", include_in_schema=False)
def agreements_list() -> Response:
    """The register's list is the overview's agreements table: an address typed by hand finds it."""
    return RedirectResponse("/#agreements-card", status_code=303)


@router.get("/agreements/{agreement_id}", response_class=HTMLResponse)
def agreement_page(request: Request, agreement_id: str, at: str | None = None) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    return _page(request, session, agreement_id, at_text=at)


def _page(
    request: Request,
    session: web.WebSession,
    agreement_id: str,
    *,
    at_text: str | None,
) -> Response:
    today = web.clock(request).today()
    error = None
    day = parse_day(at_text, field_name="at")
    if isinstance(day, PageError):
        error, day = day, None
    at = day or today
    if len(agreement_id) > MAX_ID:
        return render_error(request, session, page_error(_not_found(agreement_id)))
    try:
        view = service.get_agreement(web.database(request).uow(), actor=session.actor, agreement_id=agreement_id, at=at)
    except RelosError as exc:
        return render_error(request, session, page_error(exc))
    a = view.agreement
    summary = view.summary()
    st = view.status
    term_end = current_term_end(a, st.in_force_from, st.in_force_until, at)
    document: dict[str, Any] = dict(a.document)
    return render(
        request,
        "agreements/agreement.html",
        session,
        error.status if error else 200,
        a=summary,
        notice=document.get("notice") or {},
        reimbursement=document.get("reimbursement") or {},
        # under automatic renewal the term running on the day, not the outer limit of every renewal
        current_term_end=term_end if term_end is not None and term_end != st.in_force_until else None,
        exclusions=document.get("exclusions") or {},
        at=at,
        today=today,
        error=error,
        may_record="administrator" in role_set(session),
        event_kinds=EVENT_KINDS,
        form_key=new_key(),
        form=dict.fromkeys(("kind", "effective", "source", "note"), "")  # what the form starts with
        | {"party": session.actor.party or "", "date": today.isoformat()},
    )


def _not_found(agreement_id: str) -> RelosError:
    return NotFound("agreement", agreement_id[:MAX_ID])


@router.post("/agreements/{agreement_id}/events", response_class=HTMLResponse)
def record_event(
    request: Request,
    agreement_id: str,
    kind: Annotated[str, Form(max_length=40)] = "",
    on: Annotated[str, Form(alias="date", max_length=20)] = "",
    party: Annotated[str, Form(max_length=3)] = "",
    effective: Annotated[str, Form(max_length=20)] = "",
    source: Annotated[str, Form(max_length=2_000)] = "",
    note: Annotated[str, Form(max_length=2_000)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
    key: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    """An administrator records an event; the form's one-time key records it once however often it is sent. In a
    party's instance an extension or a termination by consent is proposed to the partner instead (the proposals
    page)."""
    session = form_session(request, csrf)
    if isinstance(session, Response):
        return session
    form = {"kind": kind, "date": on, "party": party, "effective": effective, "source": source, "note": note}
    event = _event(form)
    if isinstance(event, PageError):
        return refuse(request, session, event, form)
    clock = web.clock(request)
    if event.kind in mutual.MUTUAL_EVENTS and instance_party(web.database(request).uow(read_only=True)):
        signing = current_key(web.settings(request).data_dir)
        return once(  # a party's instance: proposed to the partner, effective once it consents
            request, session, key=key, fields=form, missing="agreement", anchor="#events",
            done=["proposals.event_proposed", f"event.{event.kind.value}"],
            call=lambda uow: mutual.propose_event(
                uow, actor=session.actor, key=signing, now=clock.now(), agreement_id=agreement_id, kind=event.kind,
                on=event.on, source=event.source, effective=event.effective, note=event.note,
                tolerance=clock.tolerance,
            ),
        )  # fmt: skip
    return once(
        request, session, key=key, fields=form, missing="agreement", anchor="#events",
        done=["event_recorded", f"event.{event.kind.value}"],
        call=lambda uow: service.record_event(
            uow, actor=session.actor, agreement_id=agreement_id, event=event, at=clock.today(), now=clock.now(),
            tolerance=clock.tolerance,
        ),
    )  # fmt: skip


def _event(form: dict[str, str]) -> AgreementEvent | PageError:
    """The event the form describes, or the first thing wrong with its kind or days (the service checks the rest)."""
    if form["kind"] not in EVENT_KINDS:
        return invalid(
            FieldProblem.of(
                "kind", "event_kind_unknown", "{kind!r} is not a kind of agreement event", kind=form["kind"]
            )
        )
    on = parse_day(form["date"], field_name="date")
    if on is None:
        return invalid(day_required("date"))
    effective = parse_day(form["effective"], field_name="effective")
    if isinstance(on, PageError):
        return on
    if isinstance(effective, PageError):
        return effective
    return AgreementEvent(
        kind=EventKind(form["kind"]),
        on=on,
        source=form["source"].strip(),
        party=form["party"] or None,
        effective=effective,
        note=form["note"].strip(),
    )
