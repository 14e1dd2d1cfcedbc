"""The planners' pages that draw a map: a route with its legs and refuelling stops (`/planning/route`), the
reach of a ship class in N days without and with an agreement side by side (`/planning/reach`), and a ferry
flight with the airspace each leg crosses (`/planning/ferry`), each over `relos.services.planning.routes`.
Every map has the same facts in a table beside it, so the page works without script; the map's data is
fetched from the same question's GeoJSON (web/planning/map_data.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from relos.domain.errors import RelosError
from relos.services.agreements.register import list_agreements
from relos.services.facilities import catalogue
from relos.web import session as web
from relos.web.common import render, to_sign_in
from relos.web.planning import answers, questions
from relos.web.planning.inputs import PlannerQuery, refusal_of
from relos.web.refusals import PageError

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class Choices:
    """What the forms offer: facilities (by kind), ship classes, aircraft types, the user's agreements, passages."""

    sea_facilities: list[Any]
    air_facilities: list[Any]
    ship_classes: list[Any]
    aircraft_types: list[Any]
    agreements: list[Any]
    passages: tuple[str, ...]
    parties: list[str]


def choices(request: Request, session: web.WebSession) -> Choices:
    uow, actor = web.database(request).uow, session.actor
    facilities = [v.facility for v in catalogue.list_facilities(uow(), actor=actor)]
    sea = [f for f in facilities if f.kind.value in ("port", "naval_base")]
    air = [f for f in facilities if f.kind.value in ("airfield", "air_base")]
    agreements = [v.agreement for v in list_agreements(uow(), actor=actor, at=datetime.now(UTC).date())]
    parties = list(dict.fromkeys([actor.party, *(p for a in agreements for p in a.parties)]))
    return Choices(
        sea,
        air,
        catalogue.list_ship_classes(uow(), actor=actor),
        catalogue.list_aircraft_types(uow(), actor=actor),
        agreements,
        questions.PASSAGES,
        [p for p in parties if p],
    )


def given(request: Request, fields: tuple[str, ...]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """What the form holds: each field's text, and the ticked values of the multi-valued ones."""
    params = request.query_params
    single = {name: (params.get(name) or "").strip()[:500] for name in fields}
    many = {name: [v for v in params.getlist(name) if v][:40] for name in ("close", "agreement")}
    return single, many


def map_source(kind: str, request: Request, fields: tuple[str, ...]) -> str:
    """The address of the question's GeoJSON: the same fields (and language) as the page's own query."""
    pairs = [(k, v) for k, v in request.query_params.multi_items() if k in (*fields, "lang")]
    return f"/planning/map/{kind}.geojson?{urlencode(pairs)}"


def planner_page(
    request: Request,
    *,
    template: str,
    fields: tuple[str, ...],
    kind: str,
    ask: Callable[[questions.Asked, PlannerQuery], Any],
    extra: Callable[[Any], dict[str, Any]] | None = None,
) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    lang = web.language(request, session)
    query = PlannerQuery(request.query_params, lang, web.clock(request).today())
    plan: Any = None
    error: PageError | None = None
    if query.asked:
        try:
            plan = ask(questions.Asked(web.database(request).uow(), session.actor), query)
        except RelosError as exc:
            error = refusal_of(exc)
    single, many = given(request, fields)
    result = plan.to_json() if plan is not None else None
    page = render(
        request,
        template,
        session,
        error.status if error else 200,
        q=single,
        many=many,
        choices=choices(request, session),
        plan=plan,
        result=result,
        extra=extra(result) if extra and result is not None else {},
        error=error,
        wrong={where for where, _ in error.items} if error else set(),
        map_src=map_source(kind, request, fields) if plan is not None else "",
    )
    if plan is not None:  # for the map, which asks the same question next (with the names the page read)
        said = getattr(request.state, "relos_page", None)
        key = questions.question_key(kind, web.database(request).url, session.actor, lang, query, fields)
        answers.keep(key, (plan, getattr(said, "names", None)))
    return page


@router.get("/planning", response_class=HTMLResponse)
def planning_home(request: Request) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    return render(request, "planning/index.html", session)


@router.get("/planning/route", response_class=HTMLResponse)
def route_page(request: Request) -> Response:
    return planner_page(
        request, template="planning/route.html", fields=questions.ROUTE_FIELDS, kind="route", ask=questions.route
    )


@router.get("/planning/reach", response_class=HTMLResponse)
def reach_page(request: Request) -> Response:
    return planner_page(
        request,
        template="planning/reach.html",
        fields=questions.REACH_FIELDS,
        kind="reach",
        ask=questions.reach,
        extra=reach_rows,
    )


def reach_rows(result: Any) -> dict[str, Any]:
    """Every facility reached with the agreement, with its arrival without it (none: newly reachable) and the fuel
    the ship takes there (none: no fuel it can take)."""
    without = {row["id"]: row for row in result["without"]["facilities"]}
    fuel = {stop["facility"]: stop for stop in result.get("fuel_at_stops", [])}
    rows = [
        {
            "id": row["id"],
            "without": (without.get(row["id"]) or {}).get("arrival_h"),
            "with": row["arrival_h"],
            "stops": row["stops"],
            "fuel": fuel.get(row["id"]),
        }
        for row in result["with"]["facilities"]
    ]
    return {"rows": sorted(rows, key=lambda r: r["with"])}


@router.get("/planning/ferry", response_class=HTMLResponse)
def ferry_page(request: Request) -> Response:
    return planner_page(
        request, template="planning/ferry.html", fields=questions.FERRY_FIELDS, kind="ferry", ask=questions.ferry
    )
