"""The list of deployments: filtered (agreement, status, overstays only), sorted (latest or earliest start first,
by reference) and paged on the server by keyset (a page of PAGE deployments at most; "next" carries the last
deployment's id, so one added meanwhile neither shifts a page nor shows twice), and the same list as CSV in the
page's language (every deployment the filters keep, read a page at a time). The "find by reference" box leads to
a deployment's page."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from relos.domain.actor import Actor
from relos.domain.deployments.model import DeploymentStatus
from relos.services.agreements.register import list_agreements
from relos.services.deployments import reads
from relos.services.deployments.results import Deployment
from relos.web import session as web
from relos.web.common import list_filters, render, to_sign_in
from relos.web.paged_list import Words, csv_download, read_page, sort_of
from relos.web.references import find_box

router = APIRouter(include_in_schema=False)
PAGE = 50
EXPORT_PAGE = 500
STATUSES = [s.value for s in DeploymentStatus]
#: The sorts the list offers: (service's sort, descending); the first is the default.
SORTS = {"latest": ("start", True), "earliest": ("start", False), "reference": ("reference", False)}


def _view(request: Request) -> dict[str, str]:
    agreement, status = list_filters(request)
    overstays = "1" if request.query_params.get("overstays") == "1" else ""
    return {"agreement": agreement, "status": status, "overstays": overstays, "sort": sort_of(request, SORTS)}


def _fetch(request: Request, actor: Actor, view: dict[str, str]) -> Callable[[str | None, int], list[Deployment]]:
    sort, descending = SORTS[view["sort"]]

    def fetch(after: str | None, limit: int) -> list[Deployment]:
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

    return fetch


@router.get("/deployments", response_class=HTMLResponse)
def deployments_page(request: Request) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    found = find_box(request, base="/deployments")
    if found is not None:
        return found
    view = _view(request)
    agreements = list_agreements(web.database(request).uow(), actor=session.actor, at=web.clock(request).today())
    page = read_page(request, _fetch(request, session.actor, view), page=PAGE)
    return render(
        request,
        "deployments/deployments.html",
        session,
        page.status,
        deployments=page.rows,
        agreements=[v.agreement for v in agreements],
        given={**view, "overstays": view["overstays"] == "1"},
        statuses=STATUSES,
        sorts=list(SORTS),
        query={k: v for k, v in view.items() if v},
        next_after=page.next_after,
        paged=page.paged,
        error=page.error,
    )


@router.get("/deployments.csv")
def deployments_csv(request: Request) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    fetch = _fetch(request, session.actor, _view(request))
    return csv_download(
        request, session, "deployments.csv", [f"deployment_csv.{h}" for h in HEADINGS], fetch, _cells, page=EXPORT_PAGE
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


def _cells(d: Deployment, words: Words) -> list[str]:
    t, names = words.t, words.names
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
