"""What becomes of a posted form. Every POST of the web application answers with a redirect (303), so that
reloading the page never sends the form again: on success to the record's page with a confirmation, on a
refusal back to the page the form is on, which shows the refusal (what was refused, and each field or rule
at fault) and the form again with what was typed. Both travel in a flash kept on the server for the
browser's session (web/session.py), never in the address.

Which form a path is, and which page it is on, is said once here (FORMS) for the handlers and for the
error handlers alike (a form too large, a field too long, a server fault)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import Form, Request
from fastapi.responses import RedirectResponse, Response

from relos.domain.errors import NotFound, RelosError
from relos.web import session as web
from relos.web.refusals import PageError, page_error

#: path of a form's action → (the form's code, the page it is on; {id} the record's id).
FORMS: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern), action, page)
    for pattern, action, page in (
        (r"/agreements/(?P<id>[^/]+)/events", "agreement.record_event", "/agreements/{id}"),
        (r"/orders/(?P<id>[^/]+)/(?P<step>sign|accept|cancel|deliveries)", "order.{step}", "/orders/{id}"),
        (r"/orders/(?P<id>[^/]+)/deliveries/[^/]+/receipt", "order.receipt", "/orders/{id}"),
        (r"/orders/new", "order.create", "/orders/new"),
        (r"/orders/(?P<id>[^/]+)/amend", "order.amend", "/orders/{id}/amend"),
        (r"/orders/(?P<id>[^/]+)/bill", "order.bill", "/orders/{id}"),
        (r"/orders/(?P<id>[^/]+)/invoices/[^/]+/payments", "order.pay", "/orders/{id}"),
        (r"/orders/(?P<id>[^/]+)/obligations/[^/]+/in-kind", "order.in_kind", "/orders/{id}"),
        (r"/ledger/rates", "ledger.rates", "/ledger/records"),
        (r"/ledger/price-lists", "ledger.price_lists", "/ledger/records"),
        (
            r"/ledger/reconciliation/(?P<step>digest|certify|certificate)",
            "reconciliation.{step}",
            "/ledger/reconciliation",
        ),
        (r"/ledger/conversions", "ledger.conversions", "/ledger/records"),
        (
            r"/deployments/(?P<id>[^/]+)/(?P<step>submit|approve|reject|cancel|arrival|departure|close)",
            "deployment.{step}",
            "/deployments/{id}",
        ),
        (r"/deployments/new", "deployment.create", "/deployments/new"),
        (r"/deployments/(?P<id>[^/]+)/amend", "deployment.amend", "/deployments/{id}/amend"),
        *(
            (rf"/deployments/(?P<id>[^/]+)/{k}", "clearance.prepare", f"/deployments/{{id}}/{k}")
            for k in ("clearances/new/port_call", "clearances/new/airspace")
        ),
        (r"/clearances/(?P<id>[^/]+)/amend", "clearance.amend", "/clearances/{id}/amend"),
        (
            r"/clearances/(?P<id>[^/]+)/(?P<step>submit|cancel|approve|deny|ask|exception)",
            "clearance.{step}",
            "/clearances/{id}",
        ),
        (r"/planning/plan-check(?:\.csv|\.json)?", "planning.plan_check", "/planning/plan-check"),
        (r"/facilities/(?P<id>[^/]+)/access", "facility.access", "/facilities/{id}"),
        (r"/presence/overrides", "presence.record_override", "/presence"),
        (r"/presence/overrides/[^/]+/revoke", "presence.revoke_override", "/presence"),
        (r"/admin/users", "admin.create_user", "/admin/users"),
        (r"/admin/users/(?P<id>[^/]+)/(?P<step>disable|enable|roles|language)", "admin.user_{step}", "/admin/users"),
        (r"/admin/tokens", "admin.issue_token", "/admin/tokens"),
        (r"/admin/tokens/[^/]+/revoke", "admin.revoke_token", "/admin/tokens"),
        (r"/admin/agreements", "admin.import_agreement", "/admin/agreements"),
        (r"/admin/partners", "exchange.add_key", "/admin/partners"),
        (r"/proposals/[^/]+/(?P<step>accept|decline)", "proposals.{step}", "/proposals"),
        (r"/admin/partners/[^/]+/revoke", "exchange.revoke_key", "/admin/partners"),
        (r"/sign-in", "sign_in", "/sign-in"),
        (r"/sign-out", "sign_out", "/"),
    )
)
#: The presence page's view (agreement, host, period) its forms carry, to come back to the same view.
PRESENCE_VIEW = ("agreement", "host", "start", "end")
#: A page's view its forms carry (the fields naming it), to come back to the same view.
VIEWS = {
    "/presence": PRESENCE_VIEW,
    "/orders/new": ("agreement", "facility", "rows"),
    "/ledger/reconciliation": ("agreement", "period"),
}
#: Never kept for the page: anti-forgery token, password, one-time key.
NOT_KEPT = frozenset({"csrf", "password", "key"})

#: The anti-forgery token every form posts.
Csrf = Annotated[str, Form(max_length=200)]


@dataclass(frozen=True)
class PostedForm:
    action: str  # the form's code: catalogue `refused.<action>` says what was refused
    page: str  # path of the page the form is on (its flash is for that page)
    back: str  # where the browser goes next: the page, with the view it showed

    def url(self, anchor: str = "") -> str:
        return self.back + anchor


def posted_form(path: str, fields: Mapping[str, Any] | None = None) -> PostedForm | None:
    """The form posted to `path`, or None when the path is no form of the web application."""
    for pattern, action, page in FORMS:
        match = pattern.fullmatch(path)
        if match is None:
            continue
        found = match.groupdict()
        page = page.format(id=quote(found.get("id") or "", safe=""))
        back = page
        if page in VIEWS:
            view = {k: str((fields or {}).get(k) or "")[:64] for k in VIEWS[page]}
            view = {k: v for k, v in view.items() if v}
            back = f"{page}?{urlencode(view)}" if view else page
        return PostedForm(action.format(step=found.get("step") or ""), page, back)
    return None


def kept_fields(fields: Mapping[str, Any] | None) -> dict[str, str]:
    """What was typed, to give back to the form (never the token, a password or the one-time key)."""
    return {str(k): str(v) for k, v in (fields or {}).items() if k not in NOT_KEPT and isinstance(v, str)}


def see_other(url: str) -> RedirectResponse:
    """After a POST: the browser GETs `url` (no resubmission on reload)."""
    return RedirectResponse(url, status_code=303)


def to_sign_in() -> RedirectResponse:
    return see_other("/sign-in")


def back_to_page(request: Request) -> Response:
    """303 to the page the form is on, with nothing to show (e.g. that page is the 404 of a record not there)."""
    form = posted_form(request.url.path)
    return see_other(form.url() if form else "/")


def refuse(
    request: Request,
    session: web.WebSession | None,
    error: PageError,
    fields: Mapping[str, Any] | None = None,
    *,
    keep: bool = True,
) -> Response:
    """303 back to the page the form is on, which shows the refusal (and, when `keep`, what was typed)."""
    form = posted_form(request.url.path, fields) or PostedForm("", "/", "/")
    response = see_other(form.url())
    owner = web.owner_of(request, session)
    if owner is None and form.action == "sign_in":  # no pre-session yet: start one for the sign-in page
        owner = web.flash_owner("pre-session:" + web.pre_session_nonce(request, response))
    if owner is None:
        return to_sign_in()
    payload: dict[str, Any] = {"refused": error.of_form(form.action).as_json()}
    if keep:
        payload["form"] = {"action": request.url.path, "fields": kept_fields(fields)}
    web.put_flash(request, owner, form.page, payload)
    return response


def confirm(request: Request, session: web.WebSession, notice: list[str], *, anchor: str = "") -> Response:
    """303 to the record's page, which confirms what was done (`notice`: catalogue keys, joined by ': ')."""
    form = posted_form(request.url.path, {}) or PostedForm("", "/", "/")
    web.put_flash(request, web.flash_owner(session.secret), form.page, {"notice": notice})
    return see_other(form.url(anchor))


def form_session(request: Request, csrf: str) -> web.WebSession | Response:
    """The signed-in user posting a form with its session's anti-forgery token; otherwise the response to
    send instead (to the sign-in page, or back to the form's page saying the form had expired: what was
    typed is not kept, since a forged form's values must not reach the user's page)."""
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    if not web.csrf_matches(session, csrf):
        return refuse(request, session, PageError("error.form_expired", 403), keep=False)
    return session


def act_on_record(
    request: Request,
    *,
    kind: str,
    csrf: str,
    done: str,
    call: Callable[[web.WebSession, Any], object],
    fields: Mapping[str, str] | None = None,
) -> Response:
    """A form's step on one record (`kind`: order, deployment, clearance): check the session and the form's
    token, call the service, then 303 to the record's page, confirming (`done`: a catalogue key) or showing
    the refusal with what was typed (`fields`). A record this user may not see is that page's own 404."""
    session = form_session(request, csrf)
    if isinstance(session, Response):
        return session
    try:
        call(session, web.database(request).uow())
    except RelosError as exc:
        if isinstance(exc, NotFound) and exc.kind == kind:
            return back_to_page(request)
        return refuse(request, session, page_error(exc), fields)
    return confirm(request, session, [done])
