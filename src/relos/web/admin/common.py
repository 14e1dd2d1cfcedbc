"""What the administrators' forms share: the one-time key against a form sent twice, and the answer to a form.

Each form carries a random key (`key`). The service runs in a keyed unit of work (relos.db.idempotency, the
same table the API's `Idempotency-Key` uses, under the user's name and `web-admin:<key>`): the change and the
key are committed together, so the same form sent again changes nothing and is answered as done."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from relos.db.idempotency import KeyedRequest, KeyedUnitOfWork, Replayed
from relos.db.uow import SqlUnitOfWork
from relos.domain.errors import NotFound, RelosError
from relos.web import session as web
from relos.web.common import page_error
from relos.web.forms import back_to_page, confirm, refuse


def new_key() -> str:
    """A form's one-time key."""
    return uuid.uuid4().hex


def once(
    request: Request,
    session: web.WebSession,
    *,
    key: str,
    fields: Mapping[str, str],
    call: Callable[[SqlUnitOfWork], Any],
    done: list[str],
    anchor: str = "",
    answer: Callable[[Any], Response] | None = None,
    missing: str = "",
) -> Response:
    """Run `call` once per form (its `key`), then 303: confirming `done` (catalogue keys; or `answer`'s own
    response to the result), or refused with what was typed (`fields`). A form sent again after it was done is
    confirmed again and does nothing. A record of kind `missing` not found (or not this user's to see) is its
    page's own 404."""
    db = web.database(request)
    keyed: KeyedUnitOfWork | None = None
    uow: SqlUnitOfWork = db.uow()
    if key.strip() and len(key) <= 64:
        body = json.dumps(sorted(fields.items()), ensure_ascii=False).encode()
        keyed = KeyedUnitOfWork(
            db.session_factory,
            KeyedRequest.of(
                user=session.actor.user_id, key=f"web-admin:{key}", method="POST", path=request.url.path,
                query="", body=body,
            ),
        )  # fmt: skip
        uow = keyed
    try:
        result = call(uow)
    except Replayed:
        return confirm(request, session, [*done, "admin.done_before"], anchor=anchor)
    except RelosError as exc:
        if keyed is not None:
            keyed.abort()
        if missing and isinstance(exc, NotFound) and exc.kind == missing:
            return back_to_page(request)
        return refuse(request, session, page_error(exc), fields)
    if keyed is not None:
        keyed.finish(303, "{}")  # the answer kept with the key holds no secret
    return answer(result) if answer is not None else confirm(request, session, done, anchor=anchor)
