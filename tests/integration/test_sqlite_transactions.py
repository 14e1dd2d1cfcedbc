"""SQLite's transactions: writes are durable once acknowledged (WAL with synchronous=FULL), reading
transactions take no write lock and cannot write, writing ones take it at once."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from relos.db.runtime import Database


@pytest.fixture
def sqlite(tmp_path: Path, sqlite_template: Path) -> Database:
    path = tmp_path / "relos.sqlite3"
    path.write_bytes(sqlite_template.read_bytes())
    return Database(f"sqlite:///{path}", busy_timeout_ms=300)


def test_an_acknowledged_write_reaches_the_disk(sqlite: Database) -> None:
    for read_only in (False, True):
        with sqlite.uow(read_only=read_only) as uow:
            assert uow.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert uow.session.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_a_reading_transaction_neither_waits_for_a_writer_nor_holds_one_up(sqlite: Database) -> None:
    with sqlite.uow() as writer:
        writer.session.execute(text("SELECT count(*) FROM users"))  # BEGIN IMMEDIATE: the write lock is held
        started = time.monotonic()
        with sqlite.uow(read_only=True) as reader:
            assert reader.session.execute(text("SELECT count(*) FROM users")).scalar() == 0
        assert time.monotonic() - started < 0.25
    with sqlite.uow(read_only=True) as reader:
        reader.session.execute(text("SELECT count(*) FROM users"))
        done = threading.Event()

        def write() -> None:
            with sqlite.uow() as w:
                w.session.execute(text("UPDATE audit_head SET seq = seq WHERE id = 0"))
                w.commit()
            done.set()

        threading.Thread(target=write).start()
        assert done.wait(2), "a writer waited for a reader"


def test_a_reading_transaction_cannot_write(sqlite: Database) -> None:
    with sqlite.uow(read_only=True) as reader, pytest.raises(OperationalError, match="readonly"):
        reader.session.execute(text("DELETE FROM users"))
    with sqlite.uow() as writer:  # the connection it used writes again in a writing transaction
        writer.session.execute(text("DELETE FROM users"))
        writer.commit()
