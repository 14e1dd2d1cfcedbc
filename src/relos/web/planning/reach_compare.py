"""The reach comparison page (`/planning/reach-compare`): what a ship reaches in N days on its own facilities, with
the agreement, with commercial bunkering in other states' ports (each such stop needing the port state's consent)
and as a task group with a replenishment tanker, side by side: a table of the tiers, the tanker arithmetic, the
facilities each tier adds, and one map beside them (`/planning/map/reach-compare.geojson`: the sea each tier adds
and each facility by the first tier reaching it), over `relos.services.planning.reach_compare`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from relos.services.planning import reach_compare as service
from relos.services.planning.reach_compare import ReachComparisonPlan
from relos.web import session as web
from relos.web.planning import answers, questions
from relos.web.planning.inputs import PlannerQuery
from relos.web.planning.map_data import Feature, Said, _answer, _collection
from relos.web.planning.pages import planner_page

router = APIRouter(include_in_schema=False)

KIND = "reach-compare"
#: The form's fields (the map's address carries the same query).
FIELDS: tuple[str, ...] = ("from", "ship_class", "days", "party", "agreement", "at", "range_nm", "speed_kn", "close")
FIELDS += ("commercial", "tanker", "escorts")


def ask(asked: questions.Asked, query: PlannerQuery) -> ReachComparisonPlan:
    """The form read into one call of the comparison."""
    home = query.required("from")
    if not query.text("days"):
        query.required("days")
    days = query.number("days", low=0, high=365)
    escorts = query.number("escorts", low=0, high=service.MAX_ESCORTS, whole=True)
    range_nm = query.number("range_nm", low=0, high=100_000)
    speed_kn = query.number("speed_kn", low=0, high=100)
    at = query.day_or_today("at")
    query.check()
    assert days is not None
    return service.compare_reach(
        asked.uow,
        actor=asked.actor,
        home=home,
        ship_class=query.text("ship_class") or None,
        days=days,
        party=query.text("party").upper()[:3] or None,
        agreement=query.text("agreement")[:64] or None,
        at=at,
        range_nm=range_nm,
        speed_kn=speed_kn,
        close=",".join(query.all("close")) or None,
        commercial=query.flag("commercial"),
        tanker=query.text("tanker")[:64] or None,
        escorts=int(escorts) if escorts is not None else 1,
    )


def rows(result: Any) -> dict[str, Any]:
    """The tiers' names in order, and the facilities a tier beyond own facilities adds (the table beside the map)."""
    names = [t["tier"] for t in result["tiers"]]
    added = [r for r in result["facilities"] if r["first_reached"] != "own"]
    closed = set(result.get("closed") or ())
    for row in added:
        row["via"] = sorted({s for stops in row["consent_stops"].values() for s in stops})
        row["closed"] = row["id"] in closed
    return {"tiers": names, "added": added}


@router.get("/planning/reach-compare", response_class=HTMLResponse)
def page(request: Request) -> Response:
    return planner_page(request, template="planning/reach_compare.html", fields=FIELDS, kind=KIND, ask=ask, extra=rows)


@router.get("/planning/map/reach-compare.geojson")
def map_data(request: Request) -> Response:
    """The sea each tier adds, and every facility with the first tier reaching it, its consent flag and its name."""

    def make(session: web.WebSession, said: Said) -> Response:
        query = PlannerQuery(request.query_params, said.lang, web.clock(request).today())
        key = questions.question_key(KIND, said.database.url, said.actor, said.lang, query, FIELDS)
        found = answers.kept(key)
        if found is not None and found[1] is not None:
            said.names = found[1]
        plan: ReachComparisonPlan = (
            found[0] if found else ask(questions.Asked(said.database.uow(), session.actor), query)
        )
        features: list[Feature] = []
        for feature in plan.geojson()["features"]:
            props: dict[str, Any] = dict(feature["properties"])
            if props["kind"] == "facility":
                label = f"{said.place(str(props['id']))} · {said.t('reach_compare.status.' + str(props['status']))}"
                if props["consent_needed"]:
                    label += f" · {said.t('reach_compare.consent_needed')}"
                if props["id"] in plan.closed:
                    label += f" · {said.t('reach_compare.closed')}"
                props["label"] = label
            else:
                props["label"] = said.t("reach_compare.area." + str(props["tier"]))
            features.append({**feature, "properties": props})
        return _collection(features, tiers=[t.tier.value for t in plan.result.tiers])

    return _answer(request, make)
