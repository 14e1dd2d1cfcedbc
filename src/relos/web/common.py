"""What every page shares: rendering a template with the security headers and the chosen language,
requiring a signed-in user, checking a form's anti-forgery token, and turning a service's error into
a page that names the field or rule at fault (with the status the API would give)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from relos.domain.errors import Conflict, FieldProblem, Forbidden, InvalidInput, NotFound, RelosError, RuleViolated
from relos.web import session as web
from relos.web.i18n import translator

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
#: Pages load nothing from elsewhere, run no script, and may not be framed or cached.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class PageError:
    """A service's refusal as a page shows it: a heading (catalogue key) and one line per field or rule;
    `details` keeps each violated rule's particulars (e.g. a refused approval's limit, first instant,
    total, maximum and earliest window) for pages that lay them out."""

    title: str
    status: int
    items: list[tuple[str, str]] = field(default_factory=list)
    details: list[dict[str, Any]] = field(default_factory=list)


def page_error(exc: RelosError) -> PageError:
    """The same statuses as the API's problem+json (api/problems.py)."""
    if isinstance(exc, InvalidInput):
        items = [(_where(p), p.message) for p in exc.problems]
        return PageError("error.invalid_input", 422, items)
    if isinstance(exc, RuleViolated):
        return PageError(
            "error.rule_violated",
            409,
            [(v.rule, v.message) for v in exc.violations],
            [{"rule": v.rule, **v.details} for v in exc.violations],
        )
    if isinstance(exc, NotFound):
        return PageError("not_found", 404)
    if isinstance(exc, Forbidden):
        return PageError("error.forbidden", 403, [("", str(exc))])
    if isinstance(exc, Conflict):
        return PageError("error.conflict", 409, [("", str(exc))])
    return PageError("error.refused", 400, [("", str(exc))])


def invalid(field_name: str, message: str) -> PageError:
    return page_error(InvalidInput.for_field(field_name, message))


def _where(p: FieldProblem) -> str:
    return f"{p.field} (line {p.line})" if p.line is not None else p.field


def render(
    request: Request, name: str, session: web.WebSession | None, status: int = 200, **context: Any
) -> HTMLResponse:
    lang = web.language(request, session)

    def lang_url(code: str) -> str:
        return str(request.url.include_query_params(lang=code).replace(scheme="", netloc=""))

    response = TEMPLATES.TemplateResponse(
        request,
        name,
        {"t": translator(lang), "lang": lang, "session": session, "lang_url": lang_url, **context},
        status_code=status,
    )
    web.remember_language(request, response)
    response.headers.update(SECURITY_HEADERS)
    return response


def render_error(request: Request, session: web.WebSession, error: PageError) -> HTMLResponse:
    """A page of its own for a refusal (404 is the same page for 'not yours' and 'does not exist')."""
    return render(request, "error.html", session, error.status, error=error)


#: The longest record id a page looks up: a longer one is no record (404 without a query).
MAX_ID = 64


def require_id(kind: str, record_id: str) -> None:
    """NotFound(kind) for an id no record can have, before any lookup."""
    if len(record_id) > MAX_ID:
        raise NotFound(kind, record_id[:MAX_ID])


def list_filters(request: Request) -> tuple[str, str]:
    """The agreement and the status a list page is filtered by (trimmed, bounded; empty: all)."""
    q = request.query_params
    return (q.get("agreement") or "").strip()[:MAX_ID], (q.get("status") or "").strip()[:40]


def record_page(
    request: Request, record_id: str, *, done_codes: frozenset[str], show: Callable[..., Response]
) -> Response:
    """A record's page for the signed-in user, with the confirmation `?done=` names when it is one of ours."""
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    done = request.query_params.get("done")
    return show(request, session, record_id, done=done if done in done_codes else None)


def to_sign_in() -> RedirectResponse:
    return RedirectResponse("/sign-in", status_code=303)


def see_other(url: str) -> RedirectResponse:
    """After a successful POST: the browser GETs the record's page (no resubmission on reload)."""
    return RedirectResponse(url, status_code=303)


def csrf_valid(session: web.WebSession, token: str) -> bool:
    return bool(token) and secrets.compare_digest(token.encode(), session.csrf.encode())


def forged(request: Request, session: web.WebSession) -> Response:
    return render(request, "message.html", session, 403, message="form_expired")


def parse_day(text: str | None, *, field_name: str) -> date | PageError | None:
    """A day from a form or query (YYYY-MM-DD), None when empty, or the error naming the field."""
    if text is None or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return invalid(field_name, f"{text!r} is not a date (YYYY-MM-DD)")


def parse_instant(text: str | None, *, field_name: str) -> datetime | PageError | None:
    """An instant from a form (YYYY-MM-DDTHH:MM, a bare day is midnight; no offset means UTC)."""
    if text is None or not text.strip():
        return None
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return invalid(field_name, f"{text!r} is not a time (YYYY-MM-DDTHH:MM, UTC)")
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def role_set(session: web.WebSession) -> set[str]:
    return {r.value for r in session.actor.roles}


#: The anti-forgery token every form posts.
Csrf = Annotated[str, Form(max_length=200)]


def form_session(request: Request, csrf: str) -> web.WebSession | Response:
    """The signed-in user posting a form with its session's anti-forgery token; otherwise the response to
    send instead (to the sign-in page, or the 'form expired' page)."""
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    if not csrf_valid(session, csrf):
        return forged(request, session)
    return session


def act_on_record(
    request: Request,
    *,
    kind: str,
    record_id: str,
    csrf: str,
    done: str,
    call: Callable[[web.WebSession, Any], object],
    show: Callable[..., Response],
    kept: dict[str, str] | None = None,
) -> Response:
    """A form's step on one record (`kind`: order, deployment, clearance): check the session and the form's
    token, call the service, and show the record again — with the refusal on it, or the 404 page when the
    record itself is not there for this user."""
    session = form_session(request, csrf)
    if isinstance(session, Response):
        return session
    try:
        call(session, web.database(request).uow())
    except RelosError as exc:
        error = page_error(exc)
        if error.status == 404 and isinstance(exc, NotFound) and exc.kind == kind:
            return render_error(request, session, error)
        return show(request, session, record_id, error=error, kept=kept)
    return see_other(f"/{kind}s/{record_id}?done={done}")
