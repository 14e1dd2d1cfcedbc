"""Reaching a record's page by its reference: the address /deployments/RUS-DEP-2027-0014 (any case) leads to
the deployment's page, whose address is its id; so do /clearances/IND-CLR-2026-0003 and
/orders/RUS-ORD-2027-0001, and the "find by reference" box of each list (`?find=`). A reference of a record
the user may not see is not found, as its id would be."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request
from fastapi.responses import Response

from relos.domain.errors import RelosError
from relos.domain.references import MAX_LENGTH, RecordKind, parse_reference
from relos.services.references import record_id
from relos.web import session as web
from relos.web.common import page_error, render_error, see_other, to_sign_in


def by_reference(request: Request, kind: RecordKind, key: str, *, base: str) -> Response | None:
    """When `key` is a reference: the way to its record's page at `base`/<id> (or the not-found page);
    None when `key` is not a reference (it is taken for the id)."""
    if parse_reference(key) is None:
        return None
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    try:
        found = record_id(web.database(request).uow(), actor=session.actor, kind=kind, key=key)
    except RelosError as exc:
        return render_error(request, session, page_error(exc))
    return see_other(f"{base}/{quote(found, safe='')}")


def find_box(request: Request, *, base: str) -> Response | None:
    """The list's "find by reference" box: what was typed, as the record's address (None: nothing typed)."""
    typed = (request.query_params.get("find") or "").strip()[:MAX_LENGTH]
    if not typed:
        return None
    return see_other(f"{base}/{quote(typed, safe='')}")
