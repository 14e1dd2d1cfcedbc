"""Every error of the web application as a page in the user's language: an address that is no page (404), a
method the address does not take (405), a form too large (413) or with a field too long (422), a fault of the
server (500), the database unavailable (503), a service's refusal that reached no handler. A form's error goes
back (303) to the page the form is on, with what was typed where it could be read (web/forms.py); any other is
a page of its own with the error's status. Paths of the API (/api/, /docs) keep their problem+json answers:
each handler the API installed stays theirs."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from relos.db.failures import outage
from relos.domain.errors import InvalidInput, RelosError
from relos.services import locale_format
from relos.web import session as web
from relos.web.common import SECURITY_HEADERS, render_error
from relos.web.forms import posted_form, refuse, see_other, to_sign_in
from relos.web.i18n import translator
from relos.web.input_problems import problem_of
from relos.web.refusals import PageError, page_error

log = logging.getLogger(__name__)
Handler = Callable[[Request, Any], Awaitable[Response]]
Installed = Callable[[Request, Any], Response | Awaitable[Response]]

#: When even the error page cannot be made (e.g. the database is down): both languages, no template.
BARE_500 = (
    "<!doctype html><html><head><meta charset='utf-8'><title>RELOS</title></head><body>"
    "<p lang='en'>The server could not make this page; the fault is logged. Please try again later.</p>"
    "<p lang='ru'>Сервер не смог подготовить эту страницу; сбой записан в журнал. Повторите попытку позже.</p>"
    "</body></html>"
)


def is_api(path: str) -> bool:
    return path == "/api" or path.startswith(("/api/", "/docs"))


def install(app: FastAPI) -> None:
    """Wrap each handler the API installed so that the web's paths get pages (the API's paths keep them); add
    the web's own for what the API has none, and for a form whose declared length is over the limit (the API's
    size limit answers JSON before any handler)."""
    for kind in (HTTPException, RequestValidationError, RelosError, SQLAlchemyError, Exception):
        app.exception_handlers.setdefault(kind, None)  # type: ignore[arg-type]
    for kind, api_handler in list(app.exception_handlers.items()):
        web_handler = _web_handler(kind)
        if web_handler is not None:
            app.exception_handlers[kind] = _either(api_handler, web_handler)
    app.add_middleware(WebSizeLimit, max_bytes=app.state.settings.max_request_bytes)


def _either(api_handler: Installed | None, web_handler: Callable[[Request, Any], Response]) -> Handler:
    async def handler(request: Request, exc: Any) -> Response:
        if is_api(request.url.path):
            if api_handler is None:
                raise exc  # as before: on to the API's handler of a broader kind
            answered = api_handler(request, exc)
            return await answered if inspect.isawaitable(answered) else answered
        return await run_in_threadpool(web_handler, request, exc)

    return handler


def _web_handler(kind: object) -> Callable[[Request, Any], Response] | None:
    if not isinstance(kind, type):
        return None
    if issubclass(kind, HTTPException):
        return _http
    if issubclass(kind, RequestValidationError):
        return _invalid_form
    if issubclass(kind, RelosError):
        return _refused
    if issubclass(kind, SQLAlchemyError):
        return _database
    return _fault if kind is Exception else None


# -- the web's answers --------------------------------------------------------------------------------------
def answer(request: Request, error: PageError, fields: Mapping[str, Any] | None = None) -> Response:
    """A form's error: 303 back to its page (what was typed kept when `fields` could be read); otherwise the
    error's page, with its status."""
    session = _session(request)
    form = posted_form(request.url.path) if request.method == "POST" else None
    if form is None:
        return render_error(request, session, error)
    if session is None and form.action != "sign_in":
        return to_sign_in()
    return refuse(request, session, error, fields, keep=fields is not None)


def _http(request: Request, exc: HTTPException) -> Response:
    status = exc.status_code
    form = posted_form(request.url.path)
    if status == 405 and request.method in ("GET", "HEAD") and form is not None:
        return see_other(form.url())  # a form's address opened (or reloaded) as a page: its page
    if status == 413:
        return answer(request, too_large(request))
    titles = {404: "not_found", 405: "error.method_not_allowed", 400: "error.unreadable"}
    return answer(request, PageError(titles.get(status, "error.refused"), status))


def too_large(request: Request) -> PageError:
    lang = web.language(request, _session(request))
    limit = locale_format.number(web.settings(request).max_request_bytes, lang)
    return PageError("error.too_large", 413, [("", translator(lang)("error.too_large_limit").format(limit=limit))])


def _invalid_form(request: Request, exc: RequestValidationError) -> Response:
    """A field the request's check refused (too long, missing, not a number): said by its code (input_problems)."""
    body = exc.body if isinstance(exc.body, Mapping) else None
    return answer(request, page_error(InvalidInput([problem_of(e) for e in exc.errors()])), body)


def _refused(request: Request, exc: RelosError) -> Response:
    return answer(request, page_error(exc))


def _fault(request: Request, exc: Exception) -> Response:
    """A fault of the server (logged by the server as it re-raises): its page, or back to the form's page."""
    return _safely(request, PageError("error.server", 500))


def _database(request: Request, exc: SQLAlchemyError) -> Response:
    """The database busy, unreachable, read-only or full (503, saying which), or a fault (500)."""
    found = outage(exc)
    if found is None:
        log.error("database fault in %s %s", request.method, request.url.path, exc_info=exc)
        return _safely(request, PageError("error.server", 500))
    log.warning("database unavailable (%s) in %s %s: %s", found.kind, request.method, request.url.path, exc)
    response = _safely(request, PageError(f"error.database_{found.kind.replace('-', '_')}", 503))
    if found.retry_after is not None and response.status_code == 503:
        response.headers["Retry-After"] = str(found.retry_after)
    return response


def _safely(request: Request, error: PageError) -> Response:
    try:
        return answer(request, error)
    except Exception:  # the page itself needs the database: a bare page in both languages
        log.exception("the error page itself failed")
        return HTMLResponse(BARE_500, status_code=error.status, headers=SECURITY_HEADERS)


def _session(request: Request) -> web.WebSession | None:
    try:
        return web.current_session(request)
    except Exception:  # the fault may be the database itself: the page is made without the user
        return None


class WebSizeLimit:
    """A web form declaring more bytes than the server takes gets the web's answer (413 or back to the form's
    page saying so) before the API's size limit answers it in JSON; the body is not read."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not is_api(scope["path"]):
            declared = dict(scope.get("headers") or []).get(b"content-length")
            if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
                request = Request(scope)
                response = await run_in_threadpool(lambda: answer(request, too_large(request)))
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
