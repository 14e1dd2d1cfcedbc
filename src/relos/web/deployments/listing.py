"""The list of deployments: filtered (agreement, status, overstays only), sorted (latest or earliest start first,
by reference) and paged on the server by keyset (a page of PAGE deployments at most; "next" carries the last
deployment's id, so one added meanwhile neither shifts a page nor shows twice), and the same list as CSV in the
page's language (every deployment the filters keep, read a page at a time). The "find by reference" box leads to
a deployment's page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from relos.domain.actor import Actor
from relos.domain.deployments.model import DeploymentStatus
from relos.domain.errors import RelosError
from relos.services.agreements.register import list_agreements
from relos.services.deployments import reads
from relos.services.deployments.results import Deployment
from relos.web import session as web
from relos.web.common import MAX_ID, list_filters, page_error, render, render_error, to_sign_in
from relos.web.csv_export import keyset_download
from relos.web.i18n import translator
from relos.web.i18n.names import Names
from relos.web.references import find_box

router = APIRouter(include_in_schema=False)
STATUSES = [s.value for s in DeploymentStatus]
PAGE = 50
EXPORT_PAGE = 500
#: The sorts the list offers: (service's sort, descending); the first is the default.
SORTS = {"latest": ("start", True), "earliest": ("start", False), "reference": ("reference", False)}


def _view(request: Request) -> dict[str, str]:
    agreement, status = list_filters(request)
    sort = request.query_params.get("sort") or "latest"
    overstays = "1" if request.query_params.get("overstays") == "1" else ""
    return {
        "agreement": agreement,
        "status": status,
        "overstays": overstays,
        "sort": sort if sort in SORTS else "latest",
    }


def _rows(request: Request, actor: Actor, view: dict[str, str], *, after: str | None, limit: int) -> list[Deployment]:
    sort, descending = SORTS[view["sort"]]
    return reads.list_deployments(
        web.database(request).uow(),
        actor=actor,
        agreement_id=view["agreement"] or None,
        status=view["status"] or None,
        overstays=view["overstays"] == "1",
        now=web.clock(request).now(),
        after=after,
        limit=limit,
        sort=sort,
        descending=descending,
    )


@router.get("/deployments", response_class=HTMLResponse)
def deployments_page(request: Request) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    found = find_box(request, base="/deployments")
    if found is not None:
        return found
    view = _view(request)
    after = (request.query_params.get("after") or "").strip()[:MAX_ID] or None
    agreements = list_agreements(web.database(request).uow(), actor=session.actor, at=web.clock(request).today())
    error = None
    try:
        rows = _rows(request, session.actor, view, after=after, limit=PAGE + 1)
    except RelosError as exc:
        rows, error = [], page_error(exc)
    shown, more = rows[:PAGE], len(rows) > PAGE
    return render(
        request,
        "deployments/deployments.html",
        session,
        error.status if error else 200,
        deployments=shown,
        agreements=[v.agreement for v in agreements],
        given={**view, "overstays": view["overstays"] == "1"},
        statuses=STATUSES,
        sorts=list(SORTS),
        query={k: v for k, v in view.items() if v},
        next_after=shown[-1]["id"] if more and shown else None,
        paged=after is not None,
        error=error,
    )


@router.get("/deployments.csv")
def deployments_csv(request: Request) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    view = _view(request)
    try:
        first = _rows(request, session.actor, view, after=None, limit=EXPORT_PAGE)
    except RelosError as exc:
        return render_error(request, session, page_error(exc))
    lang = web.language(request, session)
    names, t = Names(web.database(request), session.actor, lang), translator(lang)
    return keyset_download(
        "deployments.csv",
        [t(f"deployment_csv.{h}") for h in HEADINGS],
        first,
        lambda last: _rows(request, session.actor, view, after=last, limit=EXPORT_PAGE),
        lambda d: _cells(d, t, names),
        page=EXPORT_PAGE,
    )


HEADINGS = (
    "reference",
    "title",
    "agreement",
    "visiting",
    "host",
    "facility",
    "purpose",
    "start",
    "end",
    "warships",
    "aircraft",
    "personnel",
    "status",
    "overstay",
    "version",
)


def _cells(d: Deployment, t: Any, names: Names) -> list[str]:
    totals = d["totals"]
    return [
        d["reference"],
        d["title"],
        names.agreement(d["agreement_id"]),
        names.party(d["visiting_party"]),
        names.party(d["host_party"]),
        names.facility(d["facility_id"]),
        t(f"purpose.{d['purpose']}"),
        d["start"],
        d["end"],
        str(totals["warships"]),
        str(totals["aircraft"]),
        str(totals["personnel"]),
        t(f"deployment_status.{d['status']}"),
        t("yes") if d["overstay"] else t("no"),
        str(d["version"]),
    ]
