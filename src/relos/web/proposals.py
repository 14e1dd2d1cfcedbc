"""The proposals page (`/proposals`): in a party's instance, what binds only with both parties — a cap override,
an extension or a termination by consent — as proposed by this instance or by the partner, where each stands
(proposed, accepted, declined), and for the partner's pending ones a button to countersign and a form to decline
with the reason. services.exchange.mutual decides (host approvers answer overrides, administrators events);
auditors read."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from relos.db.uow import SqlUnitOfWork
from relos.domain.errors import RelosError
from relos.services.exchange import mutual
from relos.services.exchange.keys import current_key
from relos.web import session as web
from relos.web.admin.common import new_key, once
from relos.web.common import Csrf, form_session, page_error, render, to_sign_in

router = APIRouter(include_in_schema=False)
Key = Annotated[str, Form(max_length=64)]


@router.get("/proposals", response_class=HTMLResponse)
def proposals_page(request: Request) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    found: list[mutual.Proposal] = []
    error = None
    try:
        found = mutual.proposals(web.database(request).uow(read_only=True), actor=session.actor)
    except RelosError as exc:
        error = page_error(exc)
    return render(
        request, "proposals.html", session, error.status if error else 200, proposals=found, error=error,
        key=new_key(), csrf=session.csrf,
    )  # fmt: skip


def _answer(request: Request, csrf: str, key: str, proposal_id: str, *, done: str, reason: str | None) -> Response:
    """Countersign (`reason` None) or decline the partner's proposal, once per form."""
    session = form_session(request, csrf)
    if isinstance(session, Response):
        return session
    now, signing = web.clock(request).now(), current_key(web.settings(request).data_dir)
    chosen = proposal_id[:36]
    fields = {"proposal_id": chosen} | ({"reason": reason} if reason is not None else {})

    def call(uow: SqlUnitOfWork) -> mutual.Proposal:
        if reason is None:
            return mutual.accept(uow, actor=session.actor, key=signing, now=now, proposal_id=chosen)
        return mutual.decline(uow, actor=session.actor, key=signing, now=now, proposal_id=chosen, reason=reason)

    return once(request, session, key=key, fields=fields, done=[done], anchor=f"#proposal-{chosen}", call=call)


@router.post("/proposals/{proposal_id}/accept", response_class=HTMLResponse)
def accept(request: Request, proposal_id: str, csrf: Csrf = "", key: Key = "") -> Response:
    return _answer(request, csrf, key, proposal_id, done="proposals.accepted", reason=None)


@router.post("/proposals/{proposal_id}/decline", response_class=HTMLResponse)
def decline(
    request: Request, proposal_id: str, csrf: Csrf = "", key: Key = "",
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:  # fmt: skip
    return _answer(request, csrf, key, proposal_id, done="proposals.declined", reason=reason)
