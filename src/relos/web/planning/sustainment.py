"""The sustainment estimate as a page (`/planning/sustainment`): the water, rations and fuel ships, aircraft
and personnel need for N days in a climate (`relos.services.planning.sustainment`), the needs the planning
factors cannot estimate, and the estimate as draft support-order lines. Given the agreement and the facility
where it would be supplied, the page says whether the supplier lists prices there and, when it does, links to
the new-order form for that agreement and facility (web/orders/new.py) with a row per line."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from relos.domain.errors import InvalidInput, RelosError
from relos.planning.sustainment import CLIMATES
from relos.services.agreements.register import list_agreements
from relos.services.facilities import catalogue
from relos.services.orders.price_lists import offered_items
from relos.services.planning import sustainment as service
from relos.web import session as web
from relos.web.common import render, to_sign_in
from relos.web.planning.inputs import PlannerQuery, refusal_of
from relos.web.refusals import PageError

router = APIRouter(include_in_schema=False)
#: The needs the factors cannot estimate, as the engine words them → the page's word and what it names.
GAPS = (
    (re.compile(r"crew of (?P<name>\S+) is not recorded"), "crew"),
    (re.compile(r"no drinking-water factor for the (?P<name>\w+) climate"), "drinking_water"),
    (re.compile(r"no water factor"), "water"),
    (re.compile(r"no ration energy factor"), "ration_energy"),
    (re.compile(r"no fuel-burn factor for \w+ \((?P<name>[^)]+)\)"), "ship_fuel"),
    (re.compile(r"no fuel factor for aircraft \((?P<name>[^)]+)\)"), "aircraft_fuel"),
)
FIELDS = ("days", "climate", "ships", "aircraft", "personnel", "underway_hours", "intense", "agreement", "facility")


def _estimate(request: Request, session: web.WebSession, query: PlannerQuery) -> dict[str, Any]:
    days = query.number("days", low=0, high=3650, whole=True)
    if not query.text("days"):
        query.required("days")
    personnel = query.number("personnel", low=-1, high=1_000_000, whole=True)
    underway = query.number("underway_hours", low=-1, high=24)
    climate = query.required("climate")
    counts: dict[str, dict[str, int]] = {}
    for name in ("ships", "aircraft"):
        try:
            counts[name] = service.parse_counts(query.text(name), option=name)
        except InvalidInput as exc:
            query.problems.extend(exc.problems)
    query.check()
    ships, aircraft = counts["ships"], counts["aircraft"]
    assert days is not None
    result = service.estimate_sustainment(
        web.database(request).uow(),
        actor=session.actor,
        days=int(days),
        climate=climate,
        ships=ships,
        aircraft=aircraft,
        personnel=int(personnel or 0),
        intense=query.flag("intense"),
        underway_hours_per_day=24.0 if underway is None else underway,
    )
    return dict(result.to_json(with_order_lines=True))


def gap_words(gaps: list[str]) -> list[tuple[str, str]]:
    """Each gap as (catalogue word, what it names): ``ship_fuel`` and a class id; ``other`` keeps the text."""
    out = []
    for gap in gaps:
        for pattern, word in GAPS:
            found = pattern.search(gap)
            if found:
                out.append((word, found.groupdict().get("name") or ""))
                break
        else:
            out.append(("other", gap))
    return out


def _order_link(request: Request, session: web.WebSession, query: PlannerQuery, lines: int) -> dict[str, Any]:
    """Whether the supplier lists prices at the facility under the agreement, and the new order's address."""
    agreement, facility = query.text("agreement")[:64], query.text("facility")[:64]
    if not (agreement and facility):
        return {}
    today = web.clock(request).now().date()
    offer = offered_items(
        web.database(request).uow(), actor=session.actor, agreement_id=agreement, facility_id=facility, on=today
    )
    address = "/orders/new?" + urlencode({"agreement": agreement, "facility": facility, "rows": max(lines, 1)})
    return {"items": offer["items"], "supplier": offer["supplying_party"], "href": address if offer["items"] else ""}


@router.get("/planning/sustainment", response_class=HTMLResponse)
def sustainment_page(request: Request) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    query = PlannerQuery(request.query_params, web.language(request, session))
    result: dict[str, Any] | None = None
    order: dict[str, Any] = {}
    error: PageError | None = None
    if query.asked:
        try:
            result = _estimate(request, session, query)
            order = _order_link(request, session, query, len(result.get("order_lines", [])))
        except RelosError as exc:
            error = refusal_of(exc)
    uow = web.database(request).uow
    return render(
        request,
        "planning/sustainment.html",
        session,
        error.status if error else 200,
        q={name: query.text(name) for name in FIELDS},
        error=error,
        wrong={where for where, _ in error.items} if error else set(),
        result=result,
        gaps=gap_words(result["gaps"]) if result else [],
        order=order,
        climates=CLIMATES,
        agreements=[v.agreement for v in list_agreements(uow(), actor=session.actor, at=datetime.now(UTC).date())],
        facilities=[v.facility for v in catalogue.list_facilities(uow(), actor=session.actor)],
        ship_classes=catalogue.list_ship_classes(uow(), actor=session.actor),
        aircraft_types=catalogue.list_aircraft_types(uow(), actor=session.actor),
    )
