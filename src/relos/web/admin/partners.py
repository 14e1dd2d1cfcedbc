"""The partners page (`/admin/partners`): the party this instance belongs to and its signing key's fingerprint
(to read aloud to the partner's staff), the partners' keys with theirs, a form to add one (base64 or PEM) and a
button to revoke one. services.exchange.peers decides; administrators manage, auditors read."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from relos.domain.errors import RelosError
from relos.services.exchange import keys, peers
from relos.web import session as web
from relos.web.admin.common import new_key, once
from relos.web.common import Csrf, form_session, page_error, render, render_error, to_sign_in

router = APIRouter(include_in_schema=False)
Key = Annotated[str, Form(max_length=64)]


@router.get("/admin/partners", response_class=HTMLResponse)
def partners_page(request: Request) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    db = web.database(request)
    try:
        found = peers.list_peers(db.uow(read_only=True), actor=session.actor)
        party = peers.instance_party(db.uow(read_only=True))
    except RelosError as exc:
        return render_error(request, session, page_error(exc))
    own = keys.key_list(web.settings(request).data_dir) if party is not None else []
    return render(
        request, "admin/partners.html", session, party=party, own_keys=own, peers=found, key=new_key(),
        csrf=session.csrf,
    )  # fmt: skip


@router.post("/admin/partners", response_class=HTMLResponse)
def add_partner(
    request: Request,
    csrf: Csrf = "",
    key: Key = "",
    party: Annotated[str, Form(max_length=3)] = "",
    public_key: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    session = form_session(request, csrf)
    if isinstance(session, Response):
        return session
    now = web.clock(request).now()
    chosen = party.strip().upper()
    return once(
        request, session, key=key, fields={"party": chosen, "public_key": public_key}, done=["exchange.key_added"],
        anchor="#partners",
        call=lambda uow: peers.add_peer(uow, actor=session.actor, party=chosen, key=public_key, now=now),
    )  # fmt: skip


@router.post("/admin/partners/{key_id}/revoke", response_class=HTMLResponse)
def revoke_partner_key(request: Request, key_id: str, csrf: Csrf = "", key: Key = "") -> Response:
    session = form_session(request, csrf)
    if isinstance(session, Response):
        return session
    now = web.clock(request).now()
    return once(
        request, session, key=key, fields={"key_id": key_id[:64]}, done=["exchange.key_revoked"], anchor="#partners",
        call=lambda uow: peers.revoke_peer(uow, actor=session.actor, key_id=key_id[:64], now=now),
    )  # fmt: skip
