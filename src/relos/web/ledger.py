"""The ledger's pages: balances per agreement (summed by the database), and an agreement's settlement
statement for a period, on screen and as JSON, CSV or PDF downloads. The screen shows the same document the PDF
and CSV print (services.ledger.statement_document), in the page's language, with each list of records cut to its
first SCREEN_ROWS rows (the section says how many there are; the downloads hold them all)."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from relos.domain.errors import InvalidInput, RelosError
from relos.services.agreements.register import list_agreements
from relos.services.ledger import statements
from relos.services.ledger.formats import to_csv, to_pdf
from relos.services.ledger.results import AgreementBalance, Statement
from relos.services.ledger.statement_document import statement_document
from relos.services.ledger.statement_words import Language, language_of
from relos.web import session as web
from relos.web.common import SECURITY_HEADERS, page_error, render, render_error, to_sign_in
from relos.web.dashboard.ageing import ledger_ageing

router = APIRouter(include_in_schema=False)
#: The rows of each list of records the statement's screen shows (the downloads hold them all).
SCREEN_ROWS = 50
#: The statement's lists of records, cut on the screen.
LISTS = ("open_items", "invoices", "payments", "obligations", "satisfactions", "conversions", "deliveries")
FORMATS = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}


@router.get("/ledger", response_class=HTMLResponse)
def ledger_page(request: Request) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    uow = web.database(request).uow
    views = list_agreements(uow(), actor=session.actor, at=web.clock(request).today())
    chosen = (request.query_params.get("agreement") or "").strip()[:64] or None
    error = None
    try:
        rows = statements.ledger_balances(uow(), actor=session.actor, agreement_id=chosen)
    except RelosError as exc:
        rows, error = [], page_error(exc)
    by_agreement: dict[str, list[AgreementBalance]] = {}
    for row in rows:
        by_agreement.setdefault(row["agreement_id"], []).append(row)
    return render(
        request,
        "ledger/ledger.html",
        session,
        error.status if error else 200,
        balances=by_agreement,
        agreements=[v.agreement for v in views],
        chosen=chosen or "",
        period=str(web.clock(request).today().year),
        error=error,
        ageing=[] if error else ledger_ageing(request, session, chosen),
    )


def _statement(request: Request, session: web.WebSession, *, orders_limit: int | None = None) -> Statement:
    q = request.query_params
    return statements.ledger_statement(
        web.database(request).uow(),
        actor=session.actor,
        agreement_id=(q.get("agreement") or "").strip()[:64],
        period=(q.get("period") or "").strip()[:40],
        settlement_currency=(q.get("settlement_currency") or "").strip().upper()[:3] or None,
        today=web.clock(request).today(),
        orders_limit=orders_limit,
    )


def _first_rows(st: Statement) -> tuple[Statement, dict[str, int]]:
    """The statement with each list of records cut to SCREEN_ROWS, and how many each list holds in all (only those
    cut). The price departures are those of the orders shown."""
    totals = {key: len(st[key]) for key in LISTS if len(st[key]) > SCREEN_ROWS}  # type: ignore[literal-required]
    if st["orders_total"] > len(st["orders"]):
        totals["orders"] = st["orders_total"]
        totals["price_departures"] = -1  # unknown: counted on the orders shown only
    cut = {key: st[key][:SCREEN_ROWS] for key in LISTS}  # type: ignore[literal-required]
    return {**st, **cut}, totals  # type: ignore[typeddict-item]


@router.get("/ledger/statement", response_class=HTMLResponse)
def statement_page(request: Request) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    try:
        whole = _statement(request, session, orders_limit=SCREEN_ROWS)
        st, totals = _first_rows(whole)
    except RelosError as exc:
        return render_error(request, session, page_error(exc))
    doc = statement_document(st, language_of(web.language(request, session)))
    query = request.url.query
    return render(
        request,
        "ledger/statement.html",
        session,
        st=st,
        doc=doc,
        records=_records(request, session, whole, st),
        totals=totals,
        screen_rows=SCREEN_ROWS,
        downloads={fmt: f"/ledger/statement.{fmt}?{_without_lang(query)}" for fmt in FORMATS},
    )


@router.get("/ledger/statement.{fmt}")
def statement_file(request: Request, fmt: str) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    if fmt not in FORMATS:
        return render_error(request, session, page_error(_unknown_format(fmt)))
    try:
        st = _statement(request, session)
        body = _rendered(st, fmt, language_of(web.language(request, session)))
    except RelosError as exc:
        return render_error(request, session, page_error(exc))
    name = f"statement-{st['agreement']['id']}-{st['period']['label']}.{fmt}".replace("..", "_")
    response = Response(body, media_type=FORMATS[fmt])
    response.headers.update(SECURITY_HEADERS)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _records(request: Request, session: web.WebSession, whole: Statement, st: Statement) -> dict[str, dict[str, Any]]:
    """What the ids shown (`st`: the statement as the screen cuts it) are to a reader: an order by its reference and
    title; an invoice, obligation, delivery or payment by the reference of the order it belongs to (and its own
    id's last group), found in the `whole` statement."""
    owner: dict[str, str] = {i["id"]: i["order_id"] for i in whole["invoices"]}
    owner |= {o["id"]: o["order_id"] for o in whole["obligations"]}
    owner |= {d["id"]: d["order_id"] for d in whole["deliveries"]}
    owner |= {p["id"]: owner.get(p["invoice_id"], "") for p in whole["payments"]}
    shown = {i["reference"].split(":", 1)[1] for i in st["open_items"]} | {o["id"] for o in st["orders"]}
    shown |= {i["id"] for i in st["invoices"]} | {p["id"] for p in st["payments"]}
    shown |= {p["invoice_id"] for p in st["payments"]} | {o["id"] for o in st["obligations"]}
    shown |= {s["obligation_id"] for s in st["satisfactions"]} | {c["obligation_id"] for c in st["conversions"]}
    shown |= {d["id"] for d in st["deliveries"]}
    owners = {k: owner[k] for k in shown if owner.get(k)}
    labels = statements.order_labels(
        web.database(request).uow(),
        actor=session.actor,
        agreement_id=st["agreement"]["id"],
        order_ids=shown | set(owners.values()),
    )
    found = {
        k: {
            "order_id": k,
            "reference": label.reference,
            "title": label.title,  # with what it is made of, to be said in the page's language (record_title)
            "requesting_unit": label.requesting_unit,
            "facility_id": label.facility_id,
            "needed_by": label.needed_by.isoformat() if label.needed_by else None,
            "items": list(label.items),
        }
        for k, label in labels.items()
    }
    for record_id, order_id in owners.items():
        if order_id in found:
            found[record_id] = {**found[order_id], "own": record_id.split("-")[-1]}
    return found


def _rendered(st: Statement, fmt: str, language: Language) -> str | bytes:
    if fmt == "csv":
        return to_csv(st, language)
    if fmt == "pdf":
        return to_pdf(st, language)
    return json.dumps(st, ensure_ascii=False, indent=2)


def _unknown_format(fmt: str) -> RelosError:
    return InvalidInput.of(
        "format", "not_one_format", "{given!r} is not one of {formats}", given=fmt[:10], formats=", ".join(FORMATS)
    )


def _without_lang(query: str) -> str:
    return "&".join(p for p in query.split("&") if p and not p.startswith("lang="))
