"""What every page shares: rendering a template with the security headers, the chosen language and the
page's flash (the refusal or confirmation of the form just posted, with what was typed), requiring a
signed-in user, and turning a service's error into a page that names the field or rule at fault (with the
status the API would give). How a posted form is answered is in web/forms.py, refusals in web/refusals.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from relos.domain.errors import FieldProblem, NotFound
from relos.services import locale_format
from relos.web import session as web
from relos.web.forms import (
    Csrf,
    act_on_record,
    form_session,
    see_other,
    to_sign_in,
)
from relos.web.i18n import translator
from relos.web.refusals import PageError, invalid, page_error

__all__ = [
    "MAX_ID",
    "SECURITY_HEADERS",
    "TEMPLATES",
    "Csrf",
    "PageError",
    "act_on_record",
    "day_required",
    "form_session",
    "invalid",
    "list_filters",
    "not_a_day",
    "page_error",
    "parse_day",
    "parse_instant",
    "record_page",
    "render",
    "render_error",
    "require_id",
    "role_set",
    "see_other",
    "to_sign_in",
]

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
#: Pages load nothing from elsewhere, run only the application's own scripts (the planners' maps: no inline
#: script), fetch only from it, and may not be framed or cached.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; "
    "img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def shown(value: Any) -> Any:
    """What a page prints for a value: never "None" (a missing value is an em dash)."""
    return "—" if value is None else value


TEMPLATES.env.finalize = shown


def render(
    request: Request, name: str, session: web.WebSession | None, status: int = 200, **context: Any
) -> HTMLResponse:
    """The page `name` in the user's language. A GET also shows the page's flash, once: `refusal` (the
    refused form's PageError; the page answers with its status), `confirmation` (catalogue
    keys) and `typed(action, field, default)`, what was typed in the form posted to `action`."""
    lang = web.language(request, session)
    t = translator(lang)
    flash = web.take_flash(request, session) if request.method in ("GET", "HEAD") else {}
    refusal = PageError.from_json(flash.get("refused"))
    form: dict[str, Any] = flash["form"] if isinstance(flash.get("form"), dict) else {}
    fields: dict[str, Any] = form["fields"] if isinstance(form.get("fields"), dict) else {}

    def typed(action: str, name: str, default: str = "") -> str:
        if form.get("action") != action:
            return default
        value = fields.get(name, "")
        return value if isinstance(value, str) else default

    def label_of(prefix: str, code: str) -> str:
        """The catalogue's word for a code (a rule's particular, a step), else the code itself."""
        found = t(prefix + code)
        return code if found == prefix + code else found

    def lang_url(code: str) -> str:
        return str(request.url.include_query_params(lang=code).replace(scheme="", netloc=""))

    confirmation = [str(key) for key in flash.get("notice") or [] if isinstance(key, str)]
    response = TEMPLATES.TemplateResponse(
        request,
        name,
        {
            "t": t,
            "lang": lang,
            "session": session,
            "lang_url": lang_url,
            "refusal": refusal,
            "confirmation": confirmation,
            "typed": typed,
            "label_of": label_of,
            **context,
        },
        status_code=refusal.status if refusal and status == 200 else status,
    )
    web.remember_language(request, response)
    response.headers.update(SECURITY_HEADERS)
    return response


def render_error(request: Request, session: web.WebSession | None, error: PageError) -> HTMLResponse:
    """A page of its own for an error (404 is the same page for 'not yours' and 'does not exist')."""
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


def record_page(request: Request, record_id: str, *, show: Callable[..., Response]) -> Response:
    """A record's page for the signed-in user (its flash, if any, shown by `render`)."""
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    return show(request, session, record_id)


def parse_day(text: str | None, *, field_name: str) -> date | PageError | None:
    """A day from a form or query as either language writes it (10 Jan 2027, 10.01.2027) or ISO 8601, None
    when empty, or the error naming the field."""
    if text is None or not text.strip():
        return None
    try:
        return locale_format.parse_day(text, "en")
    except ValueError:
        return invalid(not_a_day(field_name, text))


def not_a_day(field_name: str, text: str) -> FieldProblem:
    """The problem of a field whose text is not a day in any way either language writes one."""
    return FieldProblem.of(
        field_name, "not_a_day", "'{text}' is not a day: type it as 10 Jan 2027 (or 2027-01-10)", text=text.strip()[:40]
    )


def day_required(field_name: str) -> FieldProblem:
    """The problem of a day the form needs and did not get."""
    return FieldProblem.of(field_name, "day_required", "the day is required: type it as 10 Jan 2027 (or 2027-01-10)")


def parse_instant(text: str | None, *, field_name: str) -> datetime | PageError | None:
    """An instant from a form: a day as above and a time (10.01.2027 14:30; a bare day is midnight), or ISO
    8601; no offset means UTC."""
    if text is None or not text.strip():
        return None
    try:
        return locale_format.parse_instant(text, "en")
    except ValueError:
        return invalid(
            FieldProblem.of(
                field_name,
                "not_a_moment",
                "'{text}' is not a time: type it as 10 Jan 2027 14:30, in UTC (or 2027-01-10T14:30)",
                text=text.strip()[:40],
            )
        )


def role_set(session: web.WebSession) -> set[str]:
    return {r.value for r in session.actor.roles}
