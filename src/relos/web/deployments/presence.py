"""The presence page: a visiting party's warships, aircraft and personnel in a host's territory as a step
table over a chosen period, beside the agreement's caps and the overrides recorded for that pair, from
`services.presence` (the host sees its visitors, a visitor only its own totals: the service decides); and the
host approver's forms recording an override and revoking one (refused, with each cap it would break, while forces
rely on it); each answers 303 back to the same view (web/forms.py), with the refusal and what was typed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from relos.domain.actor import Role
from relos.domain.errors import FieldProblem, RelosError
from relos.services.agreements.register import list_agreements
from relos.services.deployments import presence, reads, results
from relos.services.exchange import mutual
from relos.services.exchange.keys import current_key
from relos.services.exchange.peers import instance_party
from relos.web import session as web
from relos.web.common import (
    Csrf,
    PageError,
    day_required,
    form_session,
    invalid,
    page_error,
    parse_day,
    render,
    to_sign_in,
)
from relos.web.forms import confirm, refuse

router = APIRouter(include_in_schema=False)
TOTALS = ("warships", "aircraft", "personnel")
BAR = 120  # width of a bar in the chart, in pixels
DEFAULT_DAYS = 90


@router.get("/presence", response_class=HTMLResponse)
def presence_page(request: Request) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    return _presence(request, session, request.query_params)


@router.post("/presence/overrides/{override_id}/revoke", response_class=HTMLResponse)
def revoke_override(
    request: Request,
    override_id: str,
    csrf: Csrf = "",
    reason: Annotated[str, Form(max_length=2_000)] = "",
    agreement: Annotated[str, Form(max_length=64)] = "",
    host: Annotated[str, Form(max_length=3)] = "",
    start: Annotated[str, Form(max_length=10)] = "",
    end: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """The host approver's revocation; back on the same view, with the refusal on it when forces rely on it."""
    session = form_session(request, csrf)
    if isinstance(session, Response):
        return session
    view = {"agreement": agreement, "host": host, "start": start, "end": end}
    try:
        presence.revoke_override(
            web.database(request).uow(),
            actor=session.actor,
            override_id=override_id,
            reason=reason.strip(),
            now=web.clock(request).now(),
        )
    except RelosError as exc:
        return refuse(request, session, page_error(exc), view | {"reason": reason})
    return confirm(request, session, ["done.override_revoked"])


@router.post("/presence/overrides", response_class=HTMLResponse)
def record_override(
    request: Request,
    csrf: Csrf = "",
    agreement: Annotated[str, Form(max_length=64)] = "",
    host: Annotated[str, Form(max_length=3)] = "",
    visiting: Annotated[str, Form(max_length=3)] = "",
    start: Annotated[str, Form(max_length=10)] = "",
    end: Annotated[str, Form(max_length=10)] = "",
    since: Annotated[str, Form(alias="from", max_length=20)] = "",
    until: Annotated[str, Form(max_length=20)] = "",
    warships: Annotated[str, Form(max_length=12)] = "",
    aircraft: Annotated[str, Form(max_length=12)] = "",
    personnel: Annotated[str, Form(max_length=12)] = "",
    authority: Annotated[str, Form(max_length=2_000)] = "",
    reference: Annotated[str, Form(max_length=2_000)] = "",
) -> Response:
    """The host approver records what the parties agreed otherwise: raised caps for the visiting party, for a
    window of whole days (UTC), with who agreed and the document's reference. In a party's instance the same form
    proposes them to the partner: they bind once its instance countersigns (the proposals page)."""
    session = form_session(request, csrf)
    if isinstance(session, Response):
        return session
    view = {"agreement": agreement, "host": host, "start": start, "end": end}
    kept = {"from": since, "until": until, "warships": warships, "aircraft": aircraft, "personnel": personnel,
            "authority": authority, "reference": reference}  # fmt: skip
    window = _override_window(since, until)
    limits = _override_limits(kept)
    if isinstance(window, PageError):
        return refuse(request, session, window, view | kept)
    if isinstance(limits, PageError):
        return refuse(request, session, limits, view | kept)
    db, now = web.database(request), web.clock(request).now()
    try:
        if instance_party(db.uow(read_only=True)) is not None:  # a party's instance: proposed to the partner
            mutual.propose_override(
                db.uow(), actor=session.actor, key=current_key(web.settings(request).data_dir), now=now,
                agreement_id=agreement, visiting_party=visiting, start=window[0], end=window[1], limits=limits,
                authority=authority, reference=reference,
            )  # fmt: skip
            return confirm(request, session, ["proposals.override_proposed"])
        presence.record_override(
            db.uow(), actor=session.actor, agreement_id=agreement, visiting_party=visiting, start=window[0],
            end=window[1], limits=limits, authority=authority, reference=reference, now=now,
        )  # fmt: skip
    except RelosError as exc:
        return refuse(request, session, page_error(exc), view | kept)
    return confirm(request, session, ["done.override_recorded"])


def _override_window(since: str, until: str) -> tuple[datetime, datetime] | PageError:
    first, last = parse_day(since, field_name="from"), parse_day(until, field_name="until")
    for name, value in (("from", first), ("until", last)):
        if value is None:
            return invalid(day_required(name))
        if isinstance(value, PageError):
            return value
    assert isinstance(first, date) and isinstance(last, date)
    return _midnight(first), _midnight(last)


def _override_limits(kept: Mapping[str, str]) -> dict[str, int | None] | PageError:
    limits: dict[str, int | None] = {}
    for name in TOTALS:
        text = kept[name].strip()
        if text and not (text.isascii() and text.isdigit()):
            return invalid(
                FieldProblem.of(f"limits.{name}", "not_whole_number", "{value!r} is not a whole number", value=text)
            )
        limits[name] = int(text) if text else None
    return limits


def _presence(request: Request, session: web.WebSession, q: Mapping[str, str]) -> Response:
    now = web.clock(request).now()
    today = now.date()
    views = [v.summary() for v in list_agreements(web.database(request).uow(), actor=session.actor, at=today)]
    wanted = (q.get("agreement") or "").strip()[:64]
    chosen = next((a for a in views if a["id"] == wanted), views[0] if views and not wanted else None)
    error: PageError | None = None
    start, end = _period(q.get("start"), q.get("end"), today)
    if isinstance(start, PageError):
        error, start = start, today
    if isinstance(end, PageError):
        error, end = end, start + timedelta(days=DEFAULT_DAYS)
    if error is None and end <= start:
        error = invalid(
            FieldProblem.of("end", "not_after_start", "{end} is not after the start {start}", end=end, start=start)
        )
    host = (q.get("host") or "").strip()[:3]
    table: list[dict[str, Any]] = []
    overrides: list[results.CapOverride] = []
    overstays: list[str] = []
    breaches: list[results.Breach] = []
    visiting = ""
    named: dict[str, results.Deployment] = {}
    if chosen is None and wanted:
        error = error or invalid(
            FieldProblem.of(
                "agreement",
                "agreement_not_yours",
                "{agreement!r} is not an agreement your party is party to",
                agreement=wanted,
            )
        )
    if chosen is not None:
        parties: list[str] = chosen["parties"]
        mine = session.actor.party
        host = host if host in parties else (mine if mine is not None and mine in parties else parties[0])
        visiting = next((p for p in parties if p != host), host)
        if error is None:
            uow = web.database(request).uow
            try:
                found = presence.timeline(
                    uow(),
                    actor=session.actor,
                    host_party=host,
                    visiting_party=visiting,
                    start=_midnight(start),
                    end=_midnight(end),
                    now=now,
                )
                overrides = presence.list_overrides(
                    uow(), actor=session.actor, host_party=host, visiting_party=visiting
                )
            except RelosError as exc:
                error = page_error(exc)
            else:
                table = step_table(found["visiting_parties"].get(visiting, {}), chosen["caps"], overrides)
                overstays = found["overstays"]
                breaches = found["breaches"]
                named = _named(request, session, chosen["id"], now) if overstays or breaches else {}
    return render(
        request,
        "deployments/presence.html",
        session,
        error.status if error else 200,
        party_instance=instance_party(web.database(request).uow(read_only=True)) is not None,
        agreements=views,
        chosen=chosen,
        host=host,
        visiting=visiting,
        start=start,
        end=end,
        rows=table,
        overrides=overrides,
        overstays=overstays,
        breaches=breaches,
        named=named,
        totals=TOTALS,
        bar=BAR,
        error=error,
        may_revoke=Role.HOST_APPROVER in session.actor.roles and session.actor.party == host,
        csrf=session.csrf,
    )


def _named(
    request: Request, session: web.WebSession, agreement_id: str, now: datetime
) -> dict[str, results.Deployment]:
    """The deployments of the agreement the user may see, by id: how an overstay or a breach names its own (by
    its reference and title)."""
    found = reads.list_deployments(web.database(request).uow(), actor=session.actor, agreement_id=agreement_id, now=now)
    return {d["id"]: d for d in found}


def _period(start: str | None, end: str | None, today: date) -> tuple[Any, Any]:
    first = parse_day(start, field_name="start") or today
    if isinstance(first, PageError):
        return first, today + timedelta(days=DEFAULT_DAYS)
    last = parse_day(end, field_name="end") or first + timedelta(days=DEFAULT_DAYS)
    return first, last


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def step_table(
    steps: Mapping[str, Any],
    caps: dict[str, Any],
    overrides: Sequence[Mapping[str, Any]] = (),
) -> list[dict[str, Any]]:
    """The three step functions laid out as one table: a row per stretch where none of them and no limit
    changes, each total beside the limit in effect there (the agreement's cap, or the highest override in
    effect that raises it: `<name>_raised`), and each bar's width (value over limit, at most the full width)."""
    in_effect = [o for o in overrides if o.get("in_effect", True)]
    edges = sorted({s[k] for name in TOTALS for s in steps.get(name, []) for k in ("from", "until")})
    if edges:
        edges = sorted(set(edges) | {o[k] for o in in_effect for k in ("start", "end") if edges[0] < o[k] < edges[-1]})
    rows: list[dict[str, Any]] = []
    for a, b in pairwise(edges):
        row: dict[str, Any] = {"from": a, "until": b}
        for name in TOTALS:
            value = next((s["value"] for s in steps.get(name, []) if s["from"] <= a < s["until"]), 0)
            raised = [
                o["limits"][name] for o in in_effect if o["start"] <= a < o["end"] and o["limits"][name] is not None
            ]
            cap = max(raised) if raised else caps.get(name)
            row[name] = value
            row[f"{name}_cap"] = cap
            row[f"{name}_raised"] = bool(raised)
            row[f"{name}_over"] = cap is not None and value > cap
            row[f"{name}_bar"] = round(BAR * min(value / cap, 1.0)) if cap else 0
        keys = [k for k in row if k not in ("from", "until")]
        if rows and all(rows[-1][k] == row[k] for k in keys) and rows[-1]["until"] == a:
            rows[-1]["until"] = b
        else:
            rows.append(row)
    return rows
