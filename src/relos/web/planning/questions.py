"""A planner's question as the planning services take it: the route, reach and ferry forms read into one call
of `relos.services.planning.routes` each. The pages and the map's data ask the same question from the same
address, so a map always draws what the table beside it says."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from relos.domain.actor import Actor
from relos.planning.sea.passages import Passage
from relos.services.planning import routes
from relos.services.planning.routes import ReachPlan, RoutePlan
from relos.services.unit_of_work import UnitOfWork
from relos.web.planning.inputs import PlannerQuery, access_choice

#: Passages a route or reach may close, in the order the form lists them.
PASSAGES = tuple(p.value for p in Passage)
#: The form fields of each planner (the map's data address carries the same query).
ROUTE_FIELDS: tuple[str, ...] = ("from", "to", "ship_class", "range_nm", "speed_kn", "party", "access", "agreement")
ROUTE_FIELDS += ("at", "close", "unconstrained", "stop_hours")
REACH_FIELDS = ("from", "ship_class", "days", "party", "agreement", "at", "range_nm", "speed_kn", "close")
FERRY_FIELDS = ("from", "to", "aircraft", "party", "access", "agreement", "at", "range_nm", "speed_kn", "stop_hours")


def question_key(
    kind: str, database: str, actor: Actor, lang: str, query: PlannerQuery, fields: tuple[str, ...]
) -> Hashable:
    """Who asked which question of which database, in which language (the key of web/planning/answers.py)."""
    asked = tuple(sorted((k, v) for k, v in query.params.multi_items() if k in fields))
    return (kind, database, actor.user_id, actor.party, lang, query.today, asked)


@dataclass(frozen=True)
class Asked:
    """Who asks, with which unit of work."""

    uow: UnitOfWork
    actor: Actor


def _closed(query: PlannerQuery) -> str | None:
    return ",".join(query.all("close")) or None


def _party(query: PlannerQuery) -> str | None:
    return query.text("party").upper()[:3] or None


def _trip(query: PlannerQuery, *, max_speed: float, stop_hours: float) -> dict[str, Any]:
    """What a route and a ferry flight both take: the ends, range, speed, party, agreements, date, stop time."""
    trip: dict[str, Any] = {"origin": query.required("from"), "destination": query.required("to")}
    trip["range_nm"] = query.number("range_nm", low=0, high=100_000)
    trip["speed_kn"] = query.number("speed_kn", low=0, high=max_speed)
    given_stop = query.number("stop_hours", low=-1, high=240)
    trip["stop_hours"] = stop_hours if given_stop is None else given_stop
    trip["at"] = query.day_or_today("at")
    trip["agreements"] = access_choice(query)
    trip["party"] = _party(query)
    return trip


def route(asked: Asked, query: PlannerQuery) -> RoutePlan:
    trip = _trip(query, max_speed=100, stop_hours=12.0)
    query.check()
    return routes.route(
        asked.uow,
        actor=asked.actor,
        ship_class=query.text("ship_class") or None,
        unconstrained=query.flag("unconstrained"),
        close=_closed(query),
        **trip,
    )


def reach(asked: Asked, query: PlannerQuery) -> ReachPlan:
    home = query.required("from")
    days = query.number("days", low=0, high=365)
    if not query.text("days"):
        query.required("days")
    range_nm = query.number("range_nm", low=0, high=100_000)
    speed_kn = query.number("speed_kn", low=0, high=100)
    at = query.day_or_today("at")
    query.check()
    assert days is not None
    return routes.reach_from(
        asked.uow,
        actor=asked.actor,
        home=home,
        ship_class=query.text("ship_class") or None,
        days=days,
        party=_party(query),
        agreement=query.text("agreement")[:64] or None,
        at=at,
        range_nm=range_nm,
        speed_kn=speed_kn,
        close=_closed(query),
    )


def ferry(asked: Asked, query: PlannerQuery) -> RoutePlan:
    trip = _trip(query, max_speed=2_000, stop_hours=2.0)
    aircraft = query.required("aircraft")
    query.check()
    return routes.ferry(asked.uow, actor=asked.actor, aircraft=aircraft, **trip)
