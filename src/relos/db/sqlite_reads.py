"""The catalogue and the agreement register read straight from an SQLite file, without SQLAlchemy.

`relos route` only reads a few tables; loading SQLAlchemy, its ORM and the mapped tables took some 0.2 s of
a route's half second. This reader runs the same SELECTs as the repositories (relos.db.repositories.facilities
and .agreements) over the standard library's sqlite3 and gives back the same records, in one deferred (reading)
transaction: it takes no write lock. It serves a plain `sqlite:///<file>` URL whose file exists; for anything
else (PostgreSQL, a URL with options, no file yet) `open_sqlite_reads` answers None and the command uses the
unit of work, as it does when reading here fails at the database (`sqlite3.Error`: say, a schema not upgraded).
"""

from __future__ import annotations

import builtins
import os
import sqlite3
from datetime import UTC, date, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

from relos.domain.errors import InvalidInput
from relos.domain.facilities import FACILITIES, PLANNING_FACTORS, SHIP_CLASSES, RecordSpec, parse_record

if TYPE_CHECKING:  # the register loads for a route that refuels, not for the shortest one
    from relos.services.agreements.ports import StoredAgreement

R = TypeVar("R")

#: How long (s) a read waits on a locked database, as the engine's busy timeout (relos.db.engine).
BUSY_TIMEOUT_S = 30.0


def sqlite_file(url: str) -> str | None:
    """The file of a plain `sqlite:///<path>` URL (relative or absolute), else None."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or any(c in url for c in "?%#"):
        return None
    path = url[len(prefix) :]
    return path if path and path != ":memory:" and not path.startswith("file:") else None


def open_sqlite_reads(url: str) -> SqliteReads | None:
    """A reader of the database at `url` when it is an existing SQLite file; None otherwise."""
    path = sqlite_file(url)
    if path is None or not os.path.isfile(path):
        return None
    return SqliteReads(path)


def _record(spec: RecordSpec[R], raw: dict[str, Any]) -> R:
    """The record a stored row holds, parsed as the repositories parse it."""
    record, problems = parse_record(spec, raw)
    if record is None:  # stored before a rule was tightened: say so rather than hide the record
        raise InvalidInput(problems, source=f"stored {spec.noun} {raw.get('id')}")
    return record


class _Records(Generic[R]):
    """One table of records whose columns are those of `spec` (facilities, ship classes, planning factors)."""

    def __init__(self, reads: SqliteReads, spec: RecordSpec[R], table: str) -> None:
        self._reads = reads
        self._spec = spec
        self._select = f"SELECT {', '.join(f'{chr(34)}{c.name}{chr(34)}' for c in spec.columns)} FROM {table}"

    def _rows(self, where: str = "", *args: object) -> builtins.list[R]:
        cursor = self._reads.connection.execute(self._select + where, args)
        names = [c.name for c in self._spec.columns]
        return [_record(self._spec, dict(zip(names, row, strict=True))) for row in cursor]

    def get(self, record_id: str) -> R | None:
        found = self._rows(" WHERE id = ?", record_id)
        return found[0] if found else None

    def list(self) -> builtins.list[R]:
        return self._rows(" ORDER BY id")


def _date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


class _Agreements:
    """The agreement register: each agreement's terms (parsed from its stored file) and its events."""

    def __init__(self, reads: SqliteReads) -> None:
        self._reads = reads

    def _stored(self, where: str = "", *args: object) -> builtins.list[StoredAgreement]:
        from relos.domain.agreements import AgreementEvent, EventKind
        from relos.services.agreements.files import parse_agreement
        from relos.services.agreements.ports import StoredAgreement

        connection = self._reads.connection
        query = "SELECT id, source_text, source_name, imported_at FROM agreements" + where + " ORDER BY id"
        found = []
        for agreement_id, source_text, source_name, imported_at in connection.execute(query, args).fetchall():
            agreement = parse_agreement(source_text, source=f"stored agreement {agreement_id}")[0]
            events = connection.execute(
                'SELECT kind, "on", source, party, effective, note, origin FROM agreement_events '
                'WHERE agreement_id = ? ORDER BY "on", id',
                (agreement_id,),
            )
            found.append(
                StoredAgreement(
                    agreement=agreement,
                    events=tuple(
                        AgreementEvent(
                            EventKind(kind), date.fromisoformat(on), source, party, _date(effective), note, origin
                        )
                        for kind, on, source, party, effective, note, origin in events
                    ),
                    source_text=source_text,
                    source_name=source_name,
                    imported_at=datetime.fromisoformat(imported_at).replace(tzinfo=UTC),
                )
            )
        return found

    def get(self, agreement_id: str) -> StoredAgreement | None:
        found = self._stored(" WHERE id = ?", agreement_id)
        return found[0] if found else None

    def list(self) -> builtins.list[StoredAgreement]:
        return self._stored()


class SqliteReads:
    """`with reads:` reads in one deferred transaction of its own connection, closed when the block ends."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = None
        self.facilities = _Records(self, FACILITIES, "facilities")
        self.ship_classes = _Records(self, SHIP_CLASSES, "ship_classes")
        self.planning_factors = _Records(self, PLANNING_FACTORS, "planning_factors")
        self.agreements = _Agreements(self)

    @property
    def connection(self) -> sqlite3.Connection:
        if self._connection is None:
            raise RuntimeError("read within `with reads:`")
        return self._connection

    def __enter__(self) -> Self:
        connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            connection.execute("PRAGMA query_only=ON")
            connection.execute("BEGIN")
        except sqlite3.Error:
            connection.close()
            raise
        self._connection = connection
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.rollback()
            connection.close()
