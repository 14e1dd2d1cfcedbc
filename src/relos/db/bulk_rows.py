"""Reading and writing tens of thousands of rows of one table at once, below the ORM.

A world import stores 75,000 facilities in one transaction. Rows are plain tuples in the order of the
columns named: INSERT is COPY on PostgreSQL and one prepared statement executed over all rows on SQLite;
UPDATE by key is COPY into a temporary table and one UPDATE … FROM on PostgreSQL, one prepared statement over
all rows on SQLite. Aware datetimes are written as UTC (naive text on SQLite, as relos.db.types.UTCDateTime
stores them). Rows are chosen by key with one array parameter on PostgreSQL, and in chunks within SQLite's
limit of bound parameters.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, any_, bindparam, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

#: Keys bound in one SELECT … WHERE key IN (…): well below SQLite's 32,766 and PostgreSQL's 65,535 parameters.
CHUNK = 5000


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def key_in(session: Session, column: ColumnElement[Any], keys: Iterable[Any]) -> Iterator[ColumnElement[bool]]:
    """Conditions that together select the rows whose `column` is among `keys`: one `= ANY(array)` on
    PostgreSQL (a single parameter), IN (…) over chunks of CHUNK keys on SQLite."""
    wanted = sorted(set(keys))
    if not wanted:
        return
    if session.get_bind().dialect.name == "postgresql":
        yield column == any_(bindparam(None, wanted, type_=ARRAY(column.type)))
        return
    for part in chunks(wanted):
        yield column.in_(part)


def read_by_key(
    session: Session, table: Table, key: str, keys: Iterable[str], columns: Sequence[str]
) -> dict[str, tuple[Any, ...]]:
    """The stored `columns` of each row whose `key` is among `keys`, by key (missing keys are absent)."""
    found: dict[str, tuple[Any, ...]] = {}
    selected = [table.c[key], *(table.c[c] for c in columns)]
    for condition in key_in(session, table.c[key], keys):
        for row in session.execute(select(*selected).where(condition)).tuples().all():
            found[row[0]] = tuple(row[1:])
    return found


def _sqlite_rows(rows: Sequence[tuple[Any, ...]]) -> list[tuple[Any, ...]] | Sequence[tuple[Any, ...]]:
    """The rows with each aware datetime as SQLite holds it (naive UTC text); the datetime columns are those
    of the first row."""
    when = [i for i, v in enumerate(rows[0]) if isinstance(v, datetime)]
    if not when:
        return rows
    text: dict[datetime, str] = {}

    def instant(value: datetime) -> str:
        if value not in text:
            text[value] = value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
        return text[value]

    out = []
    for row in rows:
        values = list(row)
        for i in when:
            if values[i] is not None:
                values[i] = instant(values[i])
        out.append(tuple(values))
    return out


def _copy(connection: Connection, table: str, names: str, rows: Sequence[tuple[Any, ...]]) -> None:
    """COPY the rows into a PostgreSQL table through psycopg, in the session's transaction."""
    driver: Any = connection.connection.driver_connection
    with driver.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def insert(session: Session, table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """INSERT every row (tuples in the order of `columns`)."""
    if not rows:
        return
    connection = session.connection()
    names = ", ".join(columns)
    if connection.dialect.name == "postgresql":
        _copy(connection, table.name, names, rows)
        return
    marks = ", ".join("?" * len(columns))
    connection.exec_driver_sql(
        f"INSERT INTO {table.name} ({names}) VALUES ({marks})",
        _sqlite_rows(rows),
    )


def update(session: Session, table: Table, key: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """UPDATE the rows whose `key` (the first value of each tuple) matches, setting `columns` (the rest)."""
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        scratch = f"bulk_{table.name}"
        names = ", ".join((key, *columns))
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {scratch}")
        connection.exec_driver_sql(
            f"CREATE TEMPORARY TABLE {scratch} ON COMMIT DROP AS SELECT {names} FROM {table.name} WITH NO DATA"
        )
        _copy(connection, scratch, names, rows)
        settings = ", ".join(f"{c} = s.{c}" for c in columns)
        connection.exec_driver_sql(
            f"UPDATE {table.name} SET {settings} FROM {scratch} s WHERE {table.name}.{key} = s.{key}"
        )
        connection.exec_driver_sql(f"DROP TABLE {scratch}")
        return
    settings = ", ".join(f"{c} = ?" for c in columns)
    connection.exec_driver_sql(
        f"UPDATE {table.name} SET {settings} WHERE {key} = ?",
        _sqlite_rows([(*row[1:], row[0]) for row in rows]),
    )
