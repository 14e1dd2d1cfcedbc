"""Secrets handed to users and programs: API tokens, session cookies and CSRF tokens.

A secret is a high-entropy random string; only its SHA-256 is stored, so a copy of the database
does not let anyone sign in. Session cookies additionally carry an HMAC under the server's secret
key, so that a forged cookie is refused before the database is asked.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

TOKEN_PREFIX = "relos_"


def new_secret(prefix: str = "") -> str:
    """256 random bits, URL-safe."""
    return prefix + secrets.token_urlsafe(32)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _mac(key: bytes, purpose: str, value: str) -> str:
    digest = hmac.new(key, f"{purpose}|{value}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def sign(key: bytes, value: str, *, purpose: str = "session") -> str:
    """`value.mac`: the value, bound to the key and to what it is for."""
    return f"{value}.{_mac(key, purpose, value)}"


def unsign(key: bytes, signed: str | None, *, purpose: str = "session") -> str | None:
    """The value of a `sign`ed string, or None when it was not signed with this key for this purpose."""
    if not signed or "." not in signed or len(signed) > 512:
        return None
    value, _, mac = signed.rpartition(".")
    return value if hmac.compare_digest(mac, _mac(key, purpose, value)) else None


def csrf_token(key: bytes, bound_to: str) -> str:
    """The anti-forgery token of a form, bound to a session (or to a pre-session nonce)."""
    return _mac(key, "csrf", bound_to)


def csrf_valid(key: bytes, bound_to: str | None, token: str | None) -> bool:
    if not bound_to or not token:
        return False
    return hmac.compare_digest(token, csrf_token(key, bound_to))


#: Where the web application keeps the session, and how cookie-authenticated API calls prove
#: they come from our own pages (state-changing requests must echo the session's CSRF token).
SESSION_COOKIE = "relos_session"
CSRF_HEADER = "x-csrf-token"
