"""A consistent copy of a live database to a file, and back (`relos backup`, `relos restore`).

SQLite: the online backup API (sqlite3's `Connection.backup`) copies the database page by page while other
connections keep reading and writing; the copy is one consistent state, a plain SQLite file. Restoring copies
the file back into the database the same way, in one step. PostgreSQL: `pg_dump` in its custom format, and
`pg_restore --clean --single-transaction` (all or nothing); both must be on PATH.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from relos.domain.errors import Conflict, InvalidInput

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupUnavailable(Conflict):
    """The tool a backup of this database needs is not installed."""


def _sqlite_path(url: str) -> str | None:
    parsed = make_url(url)
    return parsed.database if parsed.get_backend_name() == "sqlite" else None


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """The SQLAlchemy URL as libpq reads it (no driver name), its password in the environment (PGPASSWORD),
    never on a command line others may list."""
    parsed = make_url(url).set(drivername="postgresql")
    env = dict(os.environ)
    if parsed.password is not None:
        env["PGPASSWORD"] = str(parsed.password)
    return parsed.set(password=None).render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupUnavailable(
            f"{name} is not on PATH: a PostgreSQL database is backed up and restored with pg_dump and pg_restore "
            "(install the PostgreSQL client tools of the server's version)"
        )
    return found


def backup(url: str, target: Path) -> None:
    """Copy the database at `url` into the new file `target` (refused if it exists)."""
    if target.exists():
        raise InvalidInput.of(
            "FILE",
            "exists_backup_never_overwrites_file",
            "{target} exists: a backup never overwrites a file",
            target=target,
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    path = _sqlite_path(url)
    if path is not None:
        partial = target.with_name(target.name + ".partial")
        source, copy = sqlite3.connect(path), sqlite3.connect(partial)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        partial.replace(target)  # the file appears only once whole
        return
    address, env = _libpq(url)
    _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target), address], env, target)


def restore(url: str, source: Path) -> None:
    """Replace the database at `url` with the copy in `source`, all or nothing."""
    if not source.is_file():
        raise InvalidInput.of("FILE", "not_file", "{source} is not a file", source=source)
    head = source.read_bytes()[:16]
    path = _sqlite_path(url)
    if path is not None:
        if not head.startswith(SQLITE_MAGIC):
            raise InvalidInput.of(
                "FILE",
                "not_sqlite_backup_database_sqlite",
                "{source} is not an SQLite backup (the database is SQLite)",
                source=source,
            )
        copy, live = sqlite3.connect(f"file:{source}?mode=ro", uri=True), sqlite3.connect(path)
        try:
            _require_relos(copy, source)
            copy.backup(live)
        finally:
            live.close()
            copy.close()
        return
    if not head.startswith(PG_MAGIC):
        raise InvalidInput.of(
            "FILE",
            "not_pg_dump_backup_database",
            "{source} is not a pg_dump backup (the database is PostgreSQL)",
            source=source,
        )
    command = [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction"]
    address, env = _libpq(url)
    _run([*command, "--dbname", address, str(source)], env, None)


def _require_relos(copy: sqlite3.Connection, source: Path) -> None:
    try:
        copy.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        raise InvalidInput.of(
            "FILE",
            "not_relos_database_no_schema",
            "{source} is not a RELOS database (no schema version)",
            source=source,
        )


def _run(command: list[str], env: dict[str, str], made: Path | None) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    if done.returncode != 0:
        if made is not None:
            made.unlink(missing_ok=True)
        raise Conflict.of(
            "conflict.failed",
            "{name} failed: {value}",
            name=Path(command[0]).name,
            value=done.stderr.strip() or done.returncode,
        )
