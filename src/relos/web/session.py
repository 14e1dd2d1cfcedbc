"""The web application's view of a request: database, clock, secret key, the signed-in user, the language, and
the flash a page shows once after a form (kept on the server, tied to the browser's session: db/web_flashes.py)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fastapi import Request, Response

from relos.clock import Clock
from relos.db import web_flashes
from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.domain.errors import NotAuthenticated
from relos.domain.users import SESSION_LIFETIME
from relos.secret_key import load_secret_key
from relos.services.people import sessions
from relos.services.people.credentials import SESSION_COOKIE, csrf_token, csrf_valid, sign, unsign
from relos.settings import Settings
from relos.web.i18n import LANG_COOKIE, choose_language

PRE_SESSION_COOKIE = "relos_csrf"


def database(request: Request) -> Database:
    return request.app.state.database  # type: ignore[no-any-return]


def clock(request: Request) -> Clock:
    """The application's clock (relos.clock): the present every page dates and judges by (sign-in and sessions
    keep to the real time)."""
    return request.app.state.clock  # type: ignore[no-any-return]


def settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def secret_key(request: Request) -> bytes:
    state = request.app.state
    if getattr(state, "secret_key", None) is None:
        state.secret_key = load_secret_key(state.settings)
    return state.secret_key  # type: ignore[no-any-return]


@dataclass(frozen=True)
class WebSession:
    actor: Actor
    secret: str
    csrf: str


def current_session(request: Request) -> WebSession | None:
    """The signed-in user, or None (no cookie, a forged one, or an ended or expired session)."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie is None:
        return None
    key = secret_key(request)
    secret = unsign(key, cookie)
    if secret is None:
        return None
    try:
        actor = sessions.authenticate_session(database(request).uow(), secret=secret, now=datetime.now(UTC))
    except NotAuthenticated:
        return None
    return WebSession(actor, secret, csrf_token(key, secret))


def language(request: Request, session: WebSession | None) -> str:
    user = sessions.user_language(database(request).uow(), actor=session.actor) if session else None
    return choose_language(
        query=request.query_params.get("lang"),
        cookie=request.cookies.get(LANG_COOKIE),
        user=user,
        accept=request.headers.get("accept-language"),
    )


def remember_language(request: Request, response: Response) -> None:
    chosen = request.query_params.get("lang")
    if chosen in ("en", "ru"):
        response.set_cookie(LANG_COOKIE, chosen, max_age=365 * 86_400, httponly=True, samesite="lax")


def pre_session_nonce(request: Request, response: Response) -> str:
    """The random nonce of the browser not signed in, from its signed cookie, or a new one set on `response`."""
    key = secret_key(request)
    nonce = unsign(key, request.cookies.get(PRE_SESSION_COOKIE), purpose="pre-session")
    if nonce is None:
        nonce = secrets.token_urlsafe(24)
        response.set_cookie(
            PRE_SESSION_COOKIE,
            sign(key, nonce, purpose="pre-session"),
            httponly=True,
            samesite="lax",
            secure=settings(request).cookie_secure,
            max_age=3_600,
        )
    return nonce


def pre_session_csrf(request: Request, response: Response) -> str:
    """The sign-in form's anti-forgery token, bound to a random nonce in a signed cookie."""
    return csrf_token(secret_key(request), "pre-session:" + pre_session_nonce(request, response))


def pre_session_csrf_valid(request: Request, token: str) -> bool:
    key = secret_key(request)
    nonce = unsign(key, request.cookies.get(PRE_SESSION_COOKIE), purpose="pre-session")
    return nonce is not None and csrf_valid(key, "pre-session:" + nonce, token)


def set_session_cookie(request: Request, response: Response, secret: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        sign(secret_key(request), secret),
        httponly=True,
        samesite="lax",
        secure=settings(request).cookie_secure,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        path="/",
    )
    response.delete_cookie(PRE_SESSION_COOKIE)


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


# -- flashes ------------------------------------------------------------------------------------------------
def flash_owner(secret: str) -> str:
    """Whose flash it is: a hash of the session's secret (or of the pre-session nonce), never the secret."""
    return hashlib.sha256(("web-flash:" + secret).encode()).hexdigest()


def owner_of(request: Request, session: WebSession | None) -> str | None:
    """The owner of the flashes this request may read: its session, else its pre-session nonce, else none."""
    if session is not None:
        return flash_owner(session.secret)
    nonce = unsign(secret_key(request), request.cookies.get(PRE_SESSION_COOKIE), purpose="pre-session")
    return flash_owner("pre-session:" + nonce) if nonce else None


def put_flash(request: Request, owner: str, page: str, payload: dict[str, Any]) -> None:
    web_flashes.put_flash(database(request), owner=owner, page=page, payload=payload, now=datetime.now(UTC))


def take_flash(request: Request, session: WebSession | None) -> dict[str, Any]:
    """This page's flash for this browser, read once ({} when there is none)."""
    owner = owner_of(request, session)
    if owner is None:
        return {}
    found = web_flashes.take_flash(database(request), owner=owner, page=request.url.path, now=datetime.now(UTC))
    return found or {}


def drop_flashes(request: Request, session: WebSession) -> None:
    web_flashes.drop_flashes(database(request), owner=flash_owner(session.secret))


def csrf_matches(session: WebSession, token: str) -> bool:
    """The form's anti-forgery token is its session's."""
    return bool(token) and secrets.compare_digest(token.encode(), session.csrf.encode())
