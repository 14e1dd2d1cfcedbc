"""Making and changing a deployment in the browser: the "New deployment" form (agreement, host, facility,
purpose, window, title, ships picked from the class catalogue with their dimensions, aircraft by type with
tail numbers, personnel), the same form filled in to amend one (with the reason), and closing one after its
departure. `services.deployments` decide; a refusal comes back (303) on the form's page naming each field at
fault, with what was typed. A new deployment's form carries a one-time key (web/deployments/once.py): sent
twice, it makes one deployment."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from relos.domain.actor import Actor
from relos.domain.errors import InvalidInput, NotFound, RelosError
from relos.services.agreements.register import list_agreements
from relos.services.deployments import lifecycle as service
from relos.services.deployments import reads
from relos.services.facilities import catalogue
from relos.web import session as web
from relos.web.common import Csrf, act_on_record, form_session, page_error, render, render_error, require_id
from relos.web.deployments import form
from relos.web.deployments.once import make_once
from relos.web.forms import back_to_page, kept_fields, refuse, see_other, to_sign_in

router = APIRouter(include_in_schema=False)
NEW = "/deployments/new"
#: The longest a posted field may be (a note or reason the services bound themselves; the rest are short).
MAX_FIELD = 2_000


def options(request: Request, actor: Actor) -> dict[str, Any]:
    """What the form offers: the agreements of the user's party, their hosts, facilities, purposes, and the
    catalogue's ship classes and aircraft types."""
    uow = web.database(request).uow
    agreements = [v.agreement for v in list_agreements(uow(), actor=actor, at=web.clock(request).now().date())]
    party = actor.party or ""
    mine = [a for a in agreements if party in a.parties]
    facilities = catalogue.list_facilities(uow(), actor=actor, open_to=party) if party else []
    hosts = sorted({a.partner_of(party) for a in mine})
    return {
        "agreements": mine,
        "hosts": hosts,
        "facilities": [f.facility for f in facilities if f.facility.country in hosts],
        "purposes": sorted({p for a in mine for p in a.purposes}),
        "classes": catalogue.list_ship_classes(uow(), actor=actor),
        "types": catalogue.list_aircraft_types(uow(), actor=actor),
    }


def _show(
    request: Request, session: web.WebSession, *, action: str, defaults: dict[str, str], d: Any = None
) -> Response:
    return render(
        request,
        "deployments/form.html",
        session,
        action=action,
        defaults=defaults,
        d=d,
        form_key=uuid.uuid4().hex,
        rows=form.row_count,
        **options(request, session.actor),
    )


@router.get(NEW, response_class=HTMLResponse)
def new_page(request: Request) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    return _show(request, session, action=NEW, defaults={})


@router.get("/deployments/{deployment_id}/amend", response_class=HTMLResponse)
def amend_page(request: Request, deployment_id: str) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    try:
        require_id("deployment", deployment_id)
        d = reads.get_deployment(
            web.database(request).uow(), actor=session.actor, deployment_id=deployment_id, now=web.clock(request).now()
        )
    except RelosError as exc:
        return render_error(request, session, page_error(exc))
    lang = web.language(request, session)
    return _show(request, session, action=f"/deployments/{d['id']}/amend", defaults=form.fields_of(d, lang), d=d)


async def posted(request: Request) -> dict[str, str]:
    posted = await request.form()
    return {k: str(v)[:MAX_FIELD] for k, v in posted.items() if isinstance(v, str)}


def _again(request: Request, session: web.WebSession, fields: dict[str, str]) -> Response:
    """The form once more, with another empty row (or the classes' dimensions filled in)."""
    page = request.url.path
    more = form.with_more_rows(fields, fields.get("more", ""))
    more = form.fill_dimensions(more, options(request, session.actor)["classes"], web.language(request, session))
    web.put_flash(
        request, web.flash_owner(session.secret), page, {"form": {"action": page, "fields": kept_fields(more)}}
    )
    return see_other(page)


async def opened(request: Request) -> tuple[dict[str, str], web.WebSession] | Response:
    """The posted form's fields and its signed-in user, or the answer when the form's token is not the session's."""
    fields = await posted(request)
    session = form_session(request, fields.get("csrf", ""))
    return session if isinstance(session, Response) else (fields, session)


def answer_form(
    request: Request,
    session: web.WebSession,
    fields: dict[str, str],
    *,
    kind: str,
    attempt: Callable[[], str],
    renumber: Callable[[InvalidInput], InvalidInput],
    notice: str,
) -> Response:
    """Take the form's step (`attempt` gives the record's id): 303 to the record's page confirming it, or back
    to the form's page with the refusal (fields named as the form names them) and what was typed. A record of
    `kind` the user may not see sends the browser to the form's page, which is that record's 404."""
    try:
        record_id = attempt()
    except NotFound as exc:
        if exc.kind == kind:
            return back_to_page(request)
        return refuse(request, session, page_error(exc), fields)
    except InvalidInput as exc:
        return refuse(request, session, page_error(renumber(exc)), fields)
    except RelosError as exc:
        return refuse(request, session, page_error(exc), fields)
    page = f"/{kind}s/{record_id}"
    web.put_flash(request, web.flash_owner(session.secret), page, {"notice": [notice]})
    return see_other(page)


def _submitted(request: Request, session: web.WebSession, fields: dict[str, str], make: Any, notice: str) -> Response:
    """A deployment's form sent: `make(data, fields)` creates or amends it and gives its id."""
    lang = web.language(request, session)
    fields = form.fill_dimensions(fields, options(request, session.actor)["classes"], lang)
    rows: dict[str, list[int]] = {}

    def attempt() -> str:
        data, rows["ships"], rows["aircraft"] = form.request_of(fields, lang)
        return str(make(data, fields))

    def renumber(exc: InvalidInput) -> InvalidInput:
        return form.as_form_rows(exc, rows.get("ships", []), rows.get("aircraft", []))

    return answer_form(request, session, fields, kind="deployment", attempt=attempt, renumber=renumber, notice=notice)


@router.post(NEW, response_class=HTMLResponse)
async def create(request: Request) -> Response:
    found = await opened(request)
    if isinstance(found, Response):
        return found
    fields, session = found
    if fields.get("more"):
        return _again(request, session, fields)

    def make(data: dict[str, Any], typed: dict[str, str]) -> str:
        return make_once(
            request,
            session,
            key=typed.get("key", ""),
            fields=typed,
            make=lambda uow: service.create_deployment(
                uow, actor=session.actor, data=data, now=web.clock(request).now()
            )["id"],
        )

    return _submitted(request, session, fields, make, "done.deployment_created")


@router.post("/deployments/{deployment_id}/amend", response_class=HTMLResponse)
async def amend(request: Request, deployment_id: str) -> Response:
    found = await opened(request)
    if isinstance(found, Response):
        return found
    fields, session = found
    if fields.get("more"):
        return _again(request, session, fields)

    def make(data: dict[str, Any], typed: dict[str, str]) -> str:
        require_id("deployment", deployment_id)
        return service.amend_deployment(
            web.database(request).uow(),
            actor=session.actor,
            deployment_id=deployment_id,
            data=data,
            reason=typed.get("reason", "").strip(),
            now=web.clock(request).now(),
        )["id"]

    return _submitted(request, session, fields, make, "done.deployment_amended")


@router.post("/deployments/{deployment_id}/close", response_class=HTMLResponse)
def close(request: Request, deployment_id: str, csrf: Csrf = "") -> Response:
    return act_on_record(
        request,
        kind="deployment",
        csrf=csrf,
        done="done.closed",
        call=lambda s, uow: service.close_deployment(
            uow, actor=s.actor, deployment_id=deployment_id, now=web.clock(request).now()
        ),
    )
