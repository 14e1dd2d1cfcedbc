"""The facility catalogue's pages: a searchable list (name in either language, country, kind, open to a
party, agreement) and one facility's berths, stands, fuel, services, time zone, position, access and source;
an administrator opens it to the partner under an agreement, or closes it, from its page (with a reason).
Facilities are reference data every user may read; the agreements opening them show only when the user's
party is party to them (the service leaves the others out)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from relos.domain.errors import NotFound, RelosError
from relos.domain.facilities import FacilityKind
from relos.services.agreements.register import list_agreements
from relos.services.facilities import access as access_service
from relos.services.facilities import catalogue as service
from relos.web import session as web
from relos.web.common import page_error, render, render_error, role_set, to_sign_in
from relos.web.forms import Csrf, act_on_record

router = APIRouter(include_in_schema=False)
KINDS = [k.value for k in FacilityKind]
SERVICES = ("water", "rations", "spares", "repair", "medical")
FILTERS = ("name", "country", "kind", "open_to", "agreement")


@router.get("/facilities", response_class=HTMLResponse)
def facilities_page(request: Request) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    given = {k: (request.query_params.get(k) or "").strip()[:200] for k in FILTERS}
    uow = web.database(request).uow
    agreements = [v.agreement for v in list_agreements(uow(), actor=session.actor, at=web.clock(request).today())]
    error = None
    try:
        views = service.list_facilities(
            uow(),
            actor=session.actor,
            name=given["name"] or None,
            country=given["country"] or None,
            kind=given["kind"] or None,
            open_to=given["open_to"] or None,
            agreement=given["agreement"] or None,
        )
    except RelosError as exc:
        views, error = [], page_error(exc)
    return render(
        request,
        "facilities/facilities.html",
        session,
        error.status if error else 200,
        facilities=[(v.facility, v.open_under) for v in views],
        given=given,
        kinds=KINDS,
        agreements=agreements,
        error=error,
    )


@router.get("/facilities/{facility_id}", response_class=HTMLResponse)
def facility_page(request: Request, facility_id: str) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    uow = web.database(request).uow
    try:
        if len(facility_id) > 64:
            raise NotFound("facility", facility_id[:64])
        view = service.get_facility(uow(), actor=session.actor, facility_id=facility_id)
    except RelosError as exc:
        return render_error(request, session, page_error(exc))
    decisions = access_service.access_decisions(uow(), actor=session.actor, facility_id=view.facility.id)
    hosts = []  # the agreements an administrator may open or close it under: its host country is party to them
    if "administrator" in role_set(session):
        every = list_agreements(uow(), actor=session.actor, at=web.clock(request).today())
        hosts = [v.agreement for v in every if view.facility.country in v.agreement.parties]
    return render(
        request,
        "facilities/facility.html",
        session,
        f=view.facility,
        open_under=view.open_under,
        services=SERVICES,
        access_agreements=hosts,
        decisions=decisions,
        csrf=session.csrf,
    )


@router.post("/facilities/{facility_id}/access", response_class=HTMLResponse)
def change_access(
    request: Request,
    facility_id: str,
    agreement: Annotated[str, Form(max_length=64)] = "",
    change: Annotated[str, Form(max_length=8)] = "",
    reason: Annotated[str, Form(max_length=2_000)] = "",
    csrf: Csrf = "",
) -> Response:
    """An administrator opens the facility to the partner under an agreement, or closes it, saying why (the
    service decides and records it in the audit trail); the page confirms, or shows the refusal."""
    opening = change == "open"
    act = access_service.open_facility if opening else access_service.close_facility
    fields = {"agreement": agreement, "change": change, "reason": reason}
    return act_on_record(
        request,
        kind="facility",
        csrf=csrf,
        done="facility.opened_notice" if opening else "facility.closed_notice",
        fields=fields,
        call=lambda session, uow: act(
            uow,
            actor=session.actor,
            facility_id=facility_id[:64],
            agreement_id=agreement,
            reason=reason,
            on=web.clock(request).today(),
        ),
    )
