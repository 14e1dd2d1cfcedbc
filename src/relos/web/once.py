"""A form carried out once: the order and ledger forms carry a one-time key (made when the page is shown), and
submitting the same form twice (a double click, the browser's back button and send again) makes one record.

Use cases that keep their own keys (a new order, a bill, a payment, a delivery in kind) are given the form's key;
the others run in the keyed unit of work the API uses for `Idempotency-Key` (relos.db.idempotency): the change
and the form's answer (where it went) are stored with the key in one transaction, and a repeat goes where the
first went, changing nothing. A refusal stores nothing, so the corrected form can be sent with the same key.

Each step answers like every form (web/forms.py): 303 to the record's page confirming it, or back to the
form's page with the refusal, its fields named as the form labels them, and what was typed."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from relos.db.idempotency import KeyedRequest, KeyedUnitOfWork, Replayed
from relos.domain.errors import NotFound, RelosError
from relos.web import session as web
from relos.web.forms import PostedForm, kept_fields, posted_form, see_other, to_sign_in
from relos.web.refusals import PageError, page_error

#: The record's page the step leads to, from what the use case answered (None: the form's own page).
Target = Callable[[Any], str | None]


def new_key() -> str:
    """A form's one-time key, made when its page is shown."""
    return uuid.uuid4().hex


async def form_fields(request: Request) -> dict[str, str]:
    """The posted form's text fields (a file is read by the form that takes one)."""
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


def web_key(key: str) -> str | None:
    """The form's one-time key as the services store it (None when the form carried none)."""
    key = key.strip()[:64]
    return f"web:{key}" if key else None


def act_once(
    request: Request,
    *,
    kind: str,
    csrf: str,
    key: str,
    done: str,
    call: Callable[[web.WebSession, Any], Any],
    fields: Mapping[str, str],
    target: Target,
    keyed: bool = True,
    rename: Callable[[PageError, str], PageError] | None = None,
) -> Response:
    """Check the session and token, run `call(session, uow)` once per user and `key` (`keyed`: in a keyed unit of
    work; else the use case keeps the key itself), then 303 to `target(result)` confirming `done` (a catalogue
    key), or back to the form's page with the refusal (`rename` names its fields as the form does)."""
    form = posted(request.url.path, fields)
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    if not web.csrf_matches(session, csrf):  # what was typed is not kept: a forged form's values stay out
        return _refuse(request, session, form, PageError("error.form_expired", 403), None)
    database = web.database(request)
    uow: Any = database.uow()
    try:
        if keyed and web_key(key):
            body = json.dumps(dict(sorted(fields.items())), ensure_ascii=False).encode()
            one = KeyedRequest.of(
                user=session.actor.user_id,
                key=str(web_key(key)),
                method="POST",
                path=request.url.path,
                query="",
                body=body,
            )
            uow = KeyedUnitOfWork(database.session_factory, one)
        result = call(session, uow)
    except Replayed as first:
        return _went(request, session, done, _first_target(first.body))
    except RelosError as exc:
        _abort(uow)
        if isinstance(exc, NotFound) and exc.kind == kind:  # the record's page is its own 404
            return see_other(form.back)
        error = page_error(exc)
        if rename is not None:
            error = rename(error, web.language(request, session))
        return _refuse(request, session, form, error, fields)
    except BaseException:
        _abort(uow)
        raise
    place = target(result)
    if isinstance(uow, KeyedUnitOfWork):
        uow.finish(303, json.dumps({"to": place}))
    return _went(request, session, done, place)


def posted(path: str, fields: Mapping[str, str]) -> PostedForm:
    """Which form `path` is, the page it is on, and the way back to it (web/forms.py)."""
    return posted_form(path, fields) or PostedForm("", "/", "/")


def _refuse(
    request: Request, session: web.WebSession, form: PostedForm, error: PageError, fields: Mapping[str, str] | None
) -> Response:
    """303 back to the form's page, which shows the refusal once (and what was typed, unless `fields` is None)."""
    payload: dict[str, Any] = {"refused": error.of_form(form.action).as_json()}
    if fields is not None:
        payload["form"] = {"action": request.url.path, "fields": kept_fields(fields)}
    web.put_flash(request, web.flash_owner(session.secret), form.page, payload)
    return see_other(form.back)


def _abort(uow: Any) -> None:
    if isinstance(uow, KeyedUnitOfWork):
        uow.abort()


def _first_target(body: str) -> str | None:
    try:
        found = json.loads(body).get("to")
    except (ValueError, AttributeError):
        return None
    return found if isinstance(found, str) and found.startswith("/") else None


def _went(request: Request, session: web.WebSession, done: str, place: str | None) -> Response:
    """303 to `place` (else the form's page), which confirms `done` once."""
    if place is None:
        place = posted(request.url.path, {}).back
    path = place.split("?")[0].split("#")[0]
    web.put_flash(request, web.flash_owner(session.secret), path, {"notice": [done]})
    return see_other(place)
