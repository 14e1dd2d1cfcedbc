"""Structured logs: one JSON object a line on standard error, each carrying the id of the request it belongs to.

`request_id` is a context variable the HTTP middleware (relos.api.request_log) sets for the life of a request;
every record logged meanwhile, by RELOS, uvicorn or a library, carries it. Nothing secret is written: the
formatter blanks what looks like a credential (a bearer token, a password or secret field, a session cookie,
the parameters of a failed SQL statement) in every message and field before writing.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, TextIO

request_id: ContextVar[str | None] = ContextVar("relos_request_id", default=None)

REDACTED = "[redacted]"
_SECRETS = (
    # Authorization: Bearer <token>, Basic <...>
    (re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+"), r"\1 " + REDACTED),
    # password=..., "password": "...", secret, token, csrf, cookie, api key, in form, query or JSON text
    (
        re.compile(
            r"(?i)(\"?\b(?:password|passwd|secret|token|csrf|cookie|set-cookie|api[_-]?key|authorization)\w*\"?"
            r"\s*[:=]\s*)(\"[^\"]*\"|'[^']*'|[^\s&,;}\]]+)"
        ),
        r"\1" + REDACTED,
    ),
    # SQLAlchemy appends the statement's parameters to its errors
    (re.compile(r"\[parameters: .*?\](?=\s|$|\n)", re.S), "[parameters: " + REDACTED + "]"),
)
#: Attributes every LogRecord has (and uvicorn's coloured copy of its message): the rest are a caller's `extra`.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
    "color_message",
}


#: Text without any of these words holds nothing to blank (most lines: checked once, cheaply).
_HINT = re.compile(r"(?i)bearer|basic|pass|secret|token|csrf|cookie|api.?key|authori[sz]|\[parameters")


def redact(text: str) -> str:
    if not _HINT.search(text):
        return text
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: REDACTED if _secret_key(str(k)) else _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    return redact(str(value))


@lru_cache(maxsize=1024)
def _secret_key(name: str) -> bool:
    return bool(re.search(r"(?i)password|secret|token|csrf|cookie|authorization|api[_-]?key", name))


class JsonFormatter(logging.Formatter):
    """A record as one JSON line: time, level, logger, message, request id, then its `extra` fields."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat().replace("+00:00", "Z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        rid = getattr(record, "request_id", None) or request_id.get()
        if rid:
            line["request_id"] = rid
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in line and key != "request_id":
                line[key] = REDACTED if _secret_key(key) else _clean(value)
        if record.exc_info:
            line["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is when a record comes (so a redirected stderr is honoured)."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _: TextIO) -> None:
        pass


_MARK = "_relos_json_logs"


def configure(level: str = "INFO") -> None:
    """JSON lines on stderr for the `relos`, `uvicorn` and `sqlalchemy` loggers (idempotent)."""
    for name in ("relos", "uvicorn", "uvicorn.error", "sqlalchemy"):
        logger = logging.getLogger(name)
        if any(getattr(h, _MARK, False) for h in logger.handlers):
            continue
        for old in list(logger.handlers):  # uvicorn's own plain-text handlers
            logger.removeHandler(old)
        handler = _StderrHandler()
        handler.setFormatter(JsonFormatter())
        setattr(handler, _MARK, True)
        logger.addHandler(handler)
        logger.propagate = False
        if name == "relos":
            logger.setLevel(level)
    logging.getLogger("uvicorn.access").disabled = True  # relos.api.request_log writes one line a request


#: For uvicorn.run(log_config=...): its loggers write JSON lines too, from the start.
UVICORN_LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "relos.logs.JsonFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
    "loggers": {
        "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "uvicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
    },
}
