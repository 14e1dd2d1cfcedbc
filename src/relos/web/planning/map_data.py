"""The maps' data, GeoJSON for the signed-in user in the page's language: the facility catalogue
(`/planning/map/facilities.geojson`, the catalogue page's filters), a route or ferry flight with its legs
and stops (`route.geojson`, `ferry.geojson`, the planner's query) and a reach without and with the agreement
(`reach.geojson`: the FeatureCollection of `relos reach --geojson` and `/api/v1/reach?geojson=true`, each
facility named). Every feature carries a `label` the map shows as text, said as the table beside it says it.
A refused question answers 422 with the fields at fault; a record the user may not see, 404."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from relos.domain.errors import RelosError
from relos.domain.facilities import Facility
from relos.services import locale_format
from relos.services.agreements.register import list_agreements
from relos.services.facilities import catalogue
from relos.services.planning.routes import RoutePlan
from relos.web import session as web
from relos.web.i18n import translator
from relos.web.i18n.names import Names
from relos.web.planning import answers, questions
from relos.web.planning.inputs import PlannerQuery, refusal_of

router = APIRouter(include_in_schema=False)
GEOJSON = "application/geo+json"
CATALOGUE_FILTERS = ("name", "country", "kind", "open_to", "agreement", "id")

Feature = dict[str, Any]


class Said:
    """Words, numbers and names in the language of the page that asked."""

    def __init__(self, request: Request, session: web.WebSession) -> None:
        self.lang = web.language(request, session)
        self.t = translator(self.lang)
        self.database = web.database(request)
        self.actor = session.actor
        self.names = Names(self.database, session.actor, self.lang)

    def kept(self, query: PlannerQuery, kind: str) -> Any:
        """The answer the page just computed for this question (with the names it read), else None."""
        fields = {"route": questions.ROUTE_FIELDS, "ferry": questions.FERRY_FIELDS, "reach": questions.REACH_FIELDS}
        found = answers.kept(
            questions.question_key(kind, self.database.url, self.actor, self.lang, query, fields[kind])
        )
        if found is None:
            return None
        plan, names = found
        if names is not None:
            self.names = names
        return plan

    def knowing(self, facilities: Iterable[Facility]) -> Said:
        """Names only these facilities (read already, or read one by one), not the whole catalogue again."""
        self.names.__dict__["_facilities"] = {f.id: f for f in facilities}  # Names' cached_property, filled
        return self

    def knowing_ids(self, ids: Iterable[str]) -> Said:
        found = []
        for ref in dict.fromkeys(ids):
            try:
                found.append(catalogue.get_facility(self.database.uow(), actor=self.actor, facility_id=ref).facility)
            except RelosError:  # a LAT,LON point
                continue
        return self.knowing(found)

    def number(self, value: float | None, digits: int = 0) -> str:
        return locale_format.number(value, self.lang, digits=digits) if value is not None else "—"

    def place(self, ref: str) -> str:
        record = self.names.facility_record(ref)
        return self.names.facility(ref) if record else ref.replace(",", ", ")

    def position(self, ref: str) -> list[float] | None:
        """(lon, lat) of a facility id or a LAT,LON point."""
        record = self.names.facility_record(ref)
        if record is not None:
            return [record.lon, record.lat]
        lat, _, lon = ref.partition(",")
        try:
            return [float(lon), float(lat)]
        except ValueError:
            return None


def _collection(features: Sequence[Feature], **properties: Any) -> Response:
    body = {"type": "FeatureCollection", "properties": properties, "features": list(features)}
    return Response(orjson.dumps(body), media_type=GEOJSON)


def _point(position: list[float], **properties: Any) -> Feature:
    return {"type": "Feature", "properties": properties, "geometry": {"type": "Point", "coordinates": position}}


def _answer(request: Request, make: Callable[[web.WebSession, Said], Response]) -> Response:
    session = web.current_session(request)
    if session is None:
        return JSONResponse({"detail": "not signed in"}, status_code=401)
    try:
        return make(session, Said(request, session))
    except RelosError as exc:
        error = refusal_of(exc)
        fields = [{"field": where, "message": str(message)} for where, message in error.items]
        return JSONResponse({"status": error.status, "errors": fields}, status_code=error.status)


@router.get("/planning/map/facilities.geojson")
def facilities(request: Request) -> Response:
    """The catalogue's facilities under the catalogue page's filters (or the one `id` names): kind, and whom each
    is open to."""

    def make(session: web.WebSession, said: Said) -> Response:
        given = {k: (request.query_params.get(k) or "").strip()[:200] or None for k in CATALOGUE_FILTERS}
        uow = web.database(request).uow
        if given["id"]:  # one facility (a deployment's)
            views = [catalogue.get_facility(uow(), actor=session.actor, facility_id=given["id"][:64])]
        else:
            views = catalogue.list_facilities(
                uow(),
                actor=session.actor,
                name=given["name"],
                country=given["country"],
                kind=given["kind"],
                open_to=given["open_to"],
                agreement=given["agreement"],
            )
        parties = {
            v.agreement.id: v.agreement.parties
            for v in list_agreements(uow(), actor=session.actor, at=datetime.now(UTC).date())
        }
        party = session.actor.party
        said.knowing(v.facility for v in views)
        out = []
        for view in views:
            f = view.facility
            opened_to = sorted({p for a in view.open_under for p in parties.get(a, ()) if p != f.country})
            access = "own" if f.country == party else "open_to_you" if party in opened_to else "other"
            kind = said.t("facility_kind." + f.kind.value)
            label = f"{said.names.facility(f.id)} · {kind} · {said.names.party(f.country)}"
            if opened_to:
                label += " · " + said.t("planning.map.open_to") + " " + ", ".join(map(said.names.party, opened_to))
            out.append(_point([f.lon, f.lat], id=f.id, kind=f.kind.value, access=access, label=label))
        return _collection(out, party=party)

    return _answer(request, make)


def route_features(plan: RoutePlan, said: Said, *, ferry: bool) -> list[Feature]:
    """Each leg as a line (its share of the route's line, with the countries it overflies for a ferry leg),
    the origin, each refuelling stop and the destination as points; for no route, the leg that comes closest."""
    result: dict[str, Any] = dict(plan.to_json())
    legs = result.get("legs") or []
    shortfall = result.get("shortfall")
    ends = [shortfall["from"], shortfall["to"]] if shortfall else []
    if "_facilities" not in said.names.__dict__:  # the page's names not at hand: read these few
        said.knowing_ids([ref for leg in legs for ref in (leg["from"], leg["to"])] + ends)
    features: list[Feature] = []
    coordinates = (result.get("geometry") or {}).get("coordinates") or []
    cuts = _cuts(coordinates, [said.position(leg["to"]) for leg in legs[:-1]])
    for n, leg in enumerate(legs):
        line = coordinates[cuts[n] : cuts[n + 1] + 1] if coordinates else []
        if len(line) < 2:
            line = [p for p in (said.position(leg["from"]), said.position(leg["to"])) if p]
        label = f"{n + 1}. {said.place(leg['from'])} → {said.place(leg['to'])} · {said.number(leg['distance_nm'])} "
        label += said.t("planning.unit.nm")
        countries = [said.names.party(c) for c in leg.get("countries") or []]
        if ferry and countries:
            label += " · " + said.t("planning.ferry.airspace") + ": " + ", ".join(countries)
        geometry = {"type": "LineString", "coordinates": line}
        features.append(
            {"type": "Feature", "properties": {"kind": "leg", "n": n + 1, "label": label}, "geometry": geometry}
        )
    if shortfall:
        line = [said.position(shortfall["from"]), said.position(shortfall["to"])]
        if all(line):
            label = f"{said.place(shortfall['from'])} → {said.place(shortfall['to'])} · "
            label += said.t("planning.route.beyond_range").format(nm=said.number(shortfall["beyond_nm"]))
            features.append(
                {
                    "type": "Feature",
                    "properties": {"kind": "shortfall", "label": label},
                    "geometry": {"type": "LineString", "coordinates": line},
                }
            )
    places = [legs[0]["from"], *result.get("stops", []), legs[-1]["to"]] if legs else []
    for i, ref in enumerate(places):
        role = "origin" if i == 0 else "destination" if i == len(places) - 1 else "stop"
        where = said.position(ref)
        if where is not None:
            label = f"{said.place(ref)} · {said.t('planning.map.' + role)}"
            features.append(_point(_near(where, coordinates), kind=role, id=ref, label=label))
    return features


def _near(position: list[float], coordinates: list[list[float]]) -> list[float]:
    """The position with its longitude on the same side of 180° as the route's line (which runs on across it)."""
    if not coordinates:
        return position
    lon = position[0]
    nearest = min(coordinates, key=lambda c: abs(c[0] - lon) % 360)
    return [lon + 360 * round((nearest[0] - lon) / 360), position[1]]


def _cuts(coordinates: list[list[float]], stops: list[list[float] | None]) -> list[int]:
    """Indices of the line's vertices nearest each stop in turn (the line's ends first and last)."""
    cuts = [0]
    for stop in stops:
        start = cuts[-1]
        if stop is None or start >= len(coordinates) - 1:
            cuts.append(start)
            continue
        best = min(
            range(start, len(coordinates)),
            key=lambda i: ((coordinates[i][0] - stop[0] + 180) % 360 - 180) ** 2 + (coordinates[i][1] - stop[1]) ** 2,
        )
        cuts.append(best)
    cuts.append(max(len(coordinates) - 1, 0))
    return cuts


def _route_answer(request: Request, *, ferry: bool) -> Response:
    def make(session: web.WebSession, said: Said) -> Response:
        query = PlannerQuery(request.query_params, said.lang, web.clock(request).today())
        plan = said.kept(query, "ferry" if ferry else "route")
        if plan is None:
            asked = questions.Asked(web.database(request).uow(), session.actor)
            plan = questions.ferry(asked, query) if ferry else questions.route(asked, query)
        return _collection(route_features(plan, said, ferry=ferry), feasible=plan.feasible)

    return _answer(request, make)


@router.get("/planning/map/route.geojson")
def route(request: Request) -> Response:
    return _route_answer(request, ferry=False)


@router.get("/planning/map/ferry.geojson")
def ferry(request: Request) -> Response:
    return _route_answer(request, ferry=True)


@router.get("/planning/map/reach.geojson")
def reach(request: Request) -> Response:
    """The sea reached without the agreement, the sea it adds, and every facility with its status and name."""

    def make(session: web.WebSession, said: Said) -> Response:
        query = PlannerQuery(request.query_params, said.lang, web.clock(request).today())
        plan = said.kept(query, "reach") or questions.reach(
            questions.Asked(web.database(request).uow(), session.actor), query
        )
        features: list[Feature] = []
        for feature in plan.geojson()["features"]:
            props: dict[str, Any] = dict(feature["properties"])
            if props.get("kind") == "facility":
                props["label"] = (
                    f"{said.place(str(props['id']))} · {said.t('planning.reach.status.' + str(props['status']))}"
                )
            else:
                props["label"] = said.t("planning.reach.area." + str(props.get("case")))
            features.append({**feature, "properties": props})
        return _collection(features, added=list(plan.added_agreements))

    return _answer(request, make)
