"""The API tokens page (`/admin/tokens`): the tokens of the party's users (your own, for others); issue one for
yourself or (administrators) a user of your party — its secret is shown once, on the page the form goes to,
and is kept nowhere —; revoke one. services.people.tokens decides: a token issued here is issued with the web
session, so it never outlives it nor outranks its user."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from relos.domain.actor import Role
from relos.domain.errors import FieldProblem, NotAuthenticated, RelosError
from relos.services.people import sessions, tokens
from relos.services.people.tokens import IssuedToken
from relos.web import session as web
from relos.web.admin.common import new_key, once
from relos.web.common import Csrf, form_session, invalid, page_error, render, render_error, see_other, to_sign_in
from relos.web.forms import refuse

router = APIRouter(include_in_schema=False)
Key = Annotated[str, Form(max_length=64)]
#: Where the secret travels to the page, once (the page's flash, read and deleted as it is shown).
SECRET_FORM = "/admin/tokens/issued"


@router.get("/admin/tokens", response_class=HTMLResponse)
def tokens_page(request: Request) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    actor = session.actor
    mine_only = not actor.has_any((Role.ADMINISTRATOR, Role.AUDITOR))
    try:
        found = tokens.list_tokens(
            web.database(request).uow(read_only=True), actor=actor, user_id=actor.user_id if mine_only else None
        )
    except RelosError as exc:
        return render_error(request, session, page_error(exc))
    return render(
        request,
        "admin/tokens.html",
        session,
        tokens=sorted(found, key=lambda c: c.created_at, reverse=True),
        now=web.clock(request).now(),
        may_issue_for_others=Role.ADMINISTRATOR in actor.roles,
        key=new_key(),
        csrf=session.csrf,
        secret_form=SECRET_FORM,
    )


@router.post("/admin/tokens", response_class=HTMLResponse)
def issue_token(
    request: Request,
    csrf: Csrf = "",
    key: Key = "",
    user_id: Annotated[str, Form(max_length=64)] = "",
    name: Annotated[str, Form(max_length=200)] = "",
    days: Annotated[str, Form(max_length=6)] = "",
) -> Response:
    session = form_session(request, csrf)
    if isinstance(session, Response):
        return session
    fields = {"user_id": user_id.strip(), "name": name, "days": days}
    if not (days.strip().isascii() and days.strip().isdigit()):
        return refuse(
            request,
            session,
            invalid(
                FieldProblem.of("days", "not_whole_number", "{value!r} is not a whole number", value=days.strip()[:6])
            ),
            fields,
        )
    now = web.clock(request).now()
    try:
        _, issuer = sessions.authenticate(web.database(request).uow(), secret=session.secret, kind="session", now=now)
    except NotAuthenticated:
        return to_sign_in()

    def shown_once(issued: IssuedToken) -> Response:
        c = issued.credential
        fields = {"secret": issued.secret, "user_id": c.user_id, "name": c.name, "expires_at": c.expires_at.isoformat()}
        payload = {"notice": ["admin.token_issued"], "form": {"action": SECRET_FORM, "fields": fields}}
        web.put_flash(request, web.flash_owner(session.secret), "/admin/tokens", payload)
        return see_other("/admin/tokens#issued")

    return once(
        request, session, key=key, fields=fields, done=["admin.token_issued"], answer=shown_once,
        call=lambda uow: tokens.issue_token(
            uow, actor=session.actor, user_id=user_id.strip() or session.actor.user_id, name=name,
            lifetime=timedelta(days=int(days.strip())), now=now, issuer=issuer,
        ),
    )  # fmt: skip


@router.post("/admin/tokens/{token_id}/revoke", response_class=HTMLResponse)
def revoke_token(request: Request, token_id: str, csrf: Csrf = "", key: Key = "") -> Response:
    session = form_session(request, csrf)
    if isinstance(session, Response):
        return session
    now = web.clock(request).now()
    return once(
        request, session, key=key, fields={"token": token_id[:64]}, done=["admin.token_revoked"], anchor="#tokens",
        call=lambda uow: tokens.revoke_token(uow, actor=session.actor, token_id=token_id[:64], now=now),
    )  # fmt: skip
