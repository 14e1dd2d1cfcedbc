"""What a failing database means for the client: busy (retry soon), unreachable or too slow (retry later), or
unable to store anything (read-only, disk full) until an operator acts. The API answers these with 503
problem+json (relos.api.problems), never with a bare 500.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout

#: The exceptions `outage` reads; any other database error is a fault of RELOS (500).
DATABASE_ERRORS: tuple[type[Exception], ...] = (SQLAlchemyError,)


@dataclass(frozen=True)
class Outage:
    """Why the database could not serve; `retry_after` (seconds) when retrying may help, else None."""

    kind: str  # "busy", "unreachable", "read-only", "full", "slow"
    detail: str
    retry_after: int | None


BUSY = Outage("busy", "the database is busy with other changes: retry shortly", 1)
UNREACHABLE = Outage("unreachable", "the database cannot be reached: retry later", 5)
READ_ONLY = Outage(
    "read-only", "the database is read-only: reading works, changes cannot be stored until an operator acts", None
)
FULL = Outage("full", "the database's disk is full: changes cannot be stored until an operator acts", None)
SLOW = Outage(
    "slow", "the database cancelled a statement that ran longer than the server allows: retry later, or ask for less", 5
)

_SQLITE = {
    "SQLITE_BUSY": BUSY,
    "SQLITE_LOCKED": BUSY,
    "SQLITE_READONLY": READ_ONLY,
    "SQLITE_FULL": FULL,
    "SQLITE_CANTOPEN": UNREACHABLE,
    "SQLITE_IOERR": UNREACHABLE,
}
_SQLITE_MESSAGES = {
    "database is locked": BUSY,
    "database table is locked": BUSY,
    "readonly database": READ_ONLY,
    "disk is full": FULL,
    "unable to open database": UNREACHABLE,
    "disk i/o error": UNREACHABLE,
}
#: PostgreSQL SQLSTATEs (by exact code, then by class).
_POSTGRES = {
    "40001": BUSY,  # serialization_failure
    "40P01": BUSY,  # deadlock_detected
    "55P03": BUSY,  # lock_not_available
    "53300": BUSY,  # too_many_connections
    "57P01": UNREACHABLE,  # admin_shutdown
    "57P02": UNREACHABLE,  # crash_shutdown
    "57P03": UNREACHABLE,  # cannot_connect_now
    "25006": READ_ONLY,  # read_only_sql_transaction (e.g. a standby)
    "53100": FULL,  # disk_full
    "57014": SLOW,  # query_canceled: RELOS_DB_STATEMENT_TIMEOUT_SECONDS, or an operator's pg_cancel_backend
}
_POSTGRES_CLASSES = {"08": UNREACHABLE}  # connection exceptions


def outage(exc: BaseException) -> Outage | None:
    """The outage `exc` reports, or None when it is not one (a fault to fix, not to wait out)."""
    if isinstance(exc, PoolTimeout):
        return BUSY  # every pooled connection is in use
    if not isinstance(exc, DBAPIError):
        return None
    orig = exc.orig
    name = getattr(orig, "sqlite_errorname", None)
    if isinstance(name, str):
        for prefix, found in _SQLITE.items():
            if name == prefix or name.startswith(prefix + "_"):
                return found
    message = str(orig).lower()
    if "sqlite" in type(orig).__module__:
        return next((found for text, found in _SQLITE_MESSAGES.items() if text in message), None)
    state = getattr(orig, "sqlstate", None)
    if isinstance(state, str):
        return _POSTGRES.get(state) or _POSTGRES_CLASSES.get(state[:2])
    if exc.connection_invalidated or isinstance(exc, OperationalError):
        return UNREACHABLE  # the connection failed or was lost before the server said why
    return None
