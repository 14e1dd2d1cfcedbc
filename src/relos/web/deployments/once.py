"""A form that makes a record (a new deployment, a prepared clearance) carries a one-time key: posting the
same form twice (a double click, a reload of a form sent before the answer came) makes one record. The key
and the record it made are kept with the user's other idempotency keys (relos.db.idempotency, as the API's
`Idempotency-Key`): the use case runs in a keyed unit of work, whose commit is held until the record's id is
stored with the key; a second posting with the key finds the id and goes to that record, running nothing."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping

from fastapi import Request

from relos.db.idempotency import MAX_KEY_LENGTH, KeyedRequest, KeyedUnitOfWork, Replayed
from relos.db.uow import SqlUnitOfWork
from relos.web import session as web

#: The fields that do not tell two postings of a form apart.
IGNORED = frozenset({"csrf", "key"})


def fingerprint(fields: Mapping[str, str]) -> str:
    """What identifies a posting: the fields typed (not the token or the key), in a fixed order."""
    content = json.dumps(sorted((k, v) for k, v in fields.items() if k not in IGNORED), ensure_ascii=False)
    return hashlib.sha256(content.encode()).hexdigest()


def make_once(
    request: Request,
    session: web.WebSession,
    *,
    key: str,
    fields: Mapping[str, str],
    make: Callable[[SqlUnitOfWork], str],
) -> str:
    """The id of the record `make` creates with the unit of work it is given, or of the record this form's
    `key` made before. Without a key the record is simply made. A key used for another posting is a
    Conflict (the service's own error, shown on the form's page)."""
    database = web.database(request)
    key = key.strip()
    if not key:
        return make(database.uow())
    keyed = KeyedUnitOfWork(
        database.session_factory,
        KeyedRequest(
            user=session.actor.user_id,
            key=("web-form:" + key)[:MAX_KEY_LENGTH],
            action=f"POST {request.url.path}"[:200],
            fingerprint=fingerprint(fields),
        ),
    )
    try:
        record_id = make(keyed)
    except Replayed as first:
        return str(json.loads(first.body)["id"])
    except BaseException:
        keyed.abort()
        raise
    keyed.finish(303, json.dumps({"id": record_id}))
    return record_id
