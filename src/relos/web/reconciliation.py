"""The reconciliation page (`/ledger/reconciliation`), for finance officers and auditors of a party's instance:
pick an agreement and a period; the page sets this instance's ledger digest beside the partner's last digest
received, lists every difference with the exchanged documents behind it, and signs or countersigns the
settlement certificate there. Files travel as the commands' do: this instance's digest and the certificate are
downloaded for the partner; the partner's digest and certificate are uploaded. services.exchange
.reconciliation_view decides."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from relos.domain.errors import FieldProblem, RelosError
from relos.services.agreements.register import list_agreements
from relos.services.exchange import reconciliation_view as service
from relos.services.exchange.keys import current_key
from relos.services.exchange.reconcile import make_digest
from relos.web import session as web
from relos.web.admin.common import new_key, once
from relos.web.common import SECURITY_HEADERS, Csrf, form_session, invalid, page_error, render, render_error, to_sign_in
from relos.web.forms import refuse, see_other

router = APIRouter(include_in_schema=False)
PAGE = "/ledger/reconciliation"
MAX_FILE_BYTES = 4 * 1024 * 1024
Key = Annotated[str, Form(max_length=64)]
Text = Annotated[str, Form(max_length=64)]


def _view_of(request: Request) -> tuple[str, str]:
    q = request.query_params
    return (q.get("agreement") or "").strip()[:64], (q.get("period") or "").strip()[:40]


@router.get(PAGE, response_class=HTMLResponse)
def reconciliation_page(request: Request) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    db, clock = web.database(request), web.clock(request)
    agreements = [v.agreement for v in list_agreements(db.uow(), actor=session.actor, at=clock.today())]
    agreement, period = _view_of(request)
    agreement = agreement or (agreements[0].id if agreements else "")
    period = period or str(clock.today().year)
    found, error = None, None
    try:
        signing = current_key(web.settings(request).data_dir)
        found = service.view(db.uow(), actor=session.actor, agreement_id=agreement, period=period, key=signing,
                             today=clock.today(), now=clock.now())  # fmt: skip
    except RelosError as exc:
        error = page_error(exc)
    query = urlencode({"agreement": agreement, "period": found.period if found else period})
    return render(
        request, "ledger/reconciliation.html", session, error.status if error else 200, found=found, error=error,
        agreements=agreements, agreement=agreement, period=period, query=query, key=new_key(), csrf=session.csrf,
    )  # fmt: skip


def _file(body: bytes, name: str) -> Response:
    response = Response(body, media_type="application/json")
    response.headers.update(SECURITY_HEADERS)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.get(f"{PAGE}/digest.json")
def digest_file(request: Request) -> Response:
    """This instance's signed digest of the agreement for the period, to give the partner."""
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    agreement, period = _view_of(request)
    clock = web.clock(request)
    try:
        signing = current_key(web.settings(request).data_dir)
        signed = make_digest(web.database(request).uow(), actor=session.actor, agreement_id=agreement, period=period,
                             key=signing, today=clock.today(), now=clock.now())  # fmt: skip
    except RelosError as exc:
        return render_error(request, session, page_error(exc))
    return _file(json.dumps(signed, ensure_ascii=False).encode(), f"digest-{agreement}-{period}.json")


@router.get(f"{PAGE}/certificate.json")
def certificate_file(request: Request) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    agreement, period = _view_of(request)
    try:
        body = service.certificate_file(web.database(request).uow(), actor=session.actor, agreement_id=agreement,
                                        period=period)  # fmt: skip
    except RelosError as exc:
        return render_error(request, session, page_error(exc))
    if body is None:
        return see_other(f"{PAGE}?{urlencode({'agreement': agreement, 'period': period})}")
    return _file(body, f"settlement-{agreement}-{period}.json")


def _back(request: Request, session: web.WebSession, notice: str, agreement: str, period: str) -> Response:
    web.put_flash(request, web.flash_owner(session.secret), PAGE, {"notice": [notice]})
    return see_other(f"{PAGE}?{urlencode({'agreement': agreement, 'period': period})}")


async def _upload(request: Request) -> bytes:
    upload = (await request.form()).get("file")
    return await upload.read(MAX_FILE_BYTES + 1) if isinstance(upload, UploadFile) else b""


def _no_file(request: Request, session: web.WebSession, fields: dict[str, str], content: bytes) -> Response | None:
    if content and len(content) <= MAX_FILE_BYTES:
        return None
    problem = (
        FieldProblem.of("file", "reconciliation_no_file", "choose the partner's file (JSON)")
        if not content
        else FieldProblem.of("file", "file_too_large", "the file may be at most {limit} bytes", limit=MAX_FILE_BYTES)
    )
    return refuse(request, session, invalid(problem), fields)


_Take = Callable[..., Any]


async def _take_file(request: Request, csrf: str, key: str, agreement: str, period: str, *, take: _Take, done: str,
                     view_of: Callable[[Any], tuple[str, str]]) -> Response:  # fmt: skip
    """An uploaded file of the partner's taken by `take` once per form, then back to the view `view_of` names."""
    session = form_session(request, csrf)
    if isinstance(session, Response):
        return session
    content = await _upload(request)
    fields = {"agreement": agreement, "period": period, "size": str(len(content))}
    if (refused := _no_file(request, session, fields, content)) is not None:
        return refused
    clock, signing = web.clock(request), current_key(web.settings(request).data_dir)
    return once(
        request, session, key=key, fields=fields, done=[done],
        answer=lambda found: _back(request, session, done, *view_of(found)),
        call=lambda uow: take(uow, actor=session.actor, data=content, where="upload", key=signing,
                              today=clock.today(), now=clock.now()),
    )  # fmt: skip


@router.post(f"{PAGE}/digest", response_class=HTMLResponse)
async def take_digest(request: Request, csrf: Csrf = "", key: Key = "", agreement: Text = "",
                      period: Text = "") -> Response:  # fmt: skip
    return await _take_file(request, csrf, key, agreement, period, take=service.take_digest,
                            done="reconciliation.digest_taken", view_of=lambda found: (found[0], found[1]))  # fmt: skip


@router.post(f"{PAGE}/certificate", response_class=HTMLResponse)
async def take_certificate(request: Request, csrf: Csrf = "", key: Key = "", agreement: Text = "",
                           period: Text = "") -> Response:  # fmt: skip
    return await _take_file(request, csrf, key, agreement, period, take=service.take_certificate,
                            done="reconciliation.countersigned",
                            view_of=lambda found: (found["agreement"], found["period"]))  # fmt: skip


@router.post(f"{PAGE}/certify", response_class=HTMLResponse)
def sign_certificate(request: Request, csrf: Csrf = "", key: Key = "", agreement: Text = "",
                     period: Text = "") -> Response:  # fmt: skip
    session = form_session(request, csrf)
    if isinstance(session, Response):
        return session
    clock, signing = web.clock(request), current_key(web.settings(request).data_dir)
    return once(
        request, session, key=key, fields={"agreement": agreement, "period": period},
        done=["reconciliation.certified"],
        answer=lambda _: _back(request, session, "reconciliation.certified", agreement, period),
        call=lambda uow: service.sign(uow, actor=session.actor, agreement_id=agreement, period=period, key=signing,
                                      today=clock.today(), now=clock.now()),
    )  # fmt: skip
