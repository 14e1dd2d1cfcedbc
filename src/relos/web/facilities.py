"""The facility catalogue's pages: a searchable list (name in either language, country, kind, open to a
party, agreement) and one facility's berths, stands, fuel, services, time zone, position, access and source.
Facilities are reference data every user may read; the agreements opening them show only when the user's
party is party to them (the service leaves the others out)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from relos.domain.errors import NotFound, RelosError
from relos.domain.facilities import FacilityKind
from relos.services.agreements.register import list_agreements
from relos.services.facilities import catalogue as service
from relos.web import session as web
from relos.web.common import page_error, render, render_error, to_sign_in

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
    try:
        if len(facility_id) > 64:
            raise NotFound("facility", facility_id[:64])
        view = service.get_facility(web.database(request).uow(), actor=session.actor, facility_id=facility_id)
    except RelosError as exc:
        return render_error(request, session, page_error(exc))
    return render(
        request, "facilities/facility.html", session, f=view.facility, open_under=view.open_under, services=SERVICES
    )
