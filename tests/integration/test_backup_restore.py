"""`relos backup FILE` copies a database consistently while it is written to; `relos restore FILE` puts the copy
back, all or nothing; the restored database verifies (`relos audit verify`, `relos check`) and holds the same
records. On PostgreSQL this needs pg_dump and pg_restore on PATH (skipped, saying so, when they are not)."""

from __future__ import annotations

import shutil
import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from tests.integration.deployments_helpers import OPERATOR, approved, prepare
from typer.testing import CliRunner

from relos.cli.main import app
from relos.db.runtime import Database
from relos.domain.agreements import AgreementEvent, EventKind
from relos.services.agreements import register

runner = CliRunner()


@pytest.fixture
def world(loaded: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    if loaded.engine.dialect.name == "postgresql" and not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump and pg_restore are not on PATH: a PostgreSQL backup needs the client tools")
    monkeypatch.setenv("RELOS_DATABASE_URL", loaded.url)
    monkeypatch.setenv("COLUMNS", "400")
    db = prepare(loaded)
    approved(db, start=0, end=10, ships=2, personnel=300)
    return db


def _relos(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def _records(db: Database) -> dict[str, list[tuple[object, ...]]]:
    with db.engine.connect() as conn:
        return {
            table: [tuple(row) for row in conn.execute(text(f"SELECT * FROM {table} ORDER BY 1"))]
            for table in ("deployments", "audit_log", "audit_head", "agreement_events", "facilities")
        }


def _note(db: Database, n: int) -> None:
    event = AgreementEvent(EventKind.NOTE, date(2026, 1, 1), f"note {n}")
    register.record_event(db.uow(), actor=OPERATOR, agreement_id="relos-ind-rus", event=event, at=date(2026, 1, 1))


def test_backup_while_written_to_restores_what_it_copied(world: Database, tmp_path: Path) -> None:
    assert _relos("audit", "checkpoint")[0] == 0
    stop = threading.Event()

    def writer() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            _note(world, n)

    busy = threading.Thread(target=writer)
    busy.start()
    try:
        code, out = _relos("backup", str(tmp_path / "copy.bak"))
    finally:
        stop.set()
        busy.join()
    assert code == 0, out
    approved(world, start=20, end=25, ships=1, first=10)  # written after the copy: gone once restored
    code, out = _relos("restore", "--yes", str(tmp_path / "copy.bak"))
    assert code == 0, out
    world.dispose()
    restored = _records(world)
    assert len(restored["deployments"]) == 1
    assert restored["audit_head"][0][1] == len(restored["audit_log"])  # the chain copied whole with its head
    code, out = _relos("audit", "verify")
    assert code == 0, out
    code, out = _relos("check")
    assert code == 0, out


def test_restored_copy_holds_the_same_records(world: Database, tmp_path: Path) -> None:
    before = _records(world)
    assert _relos("backup", str(tmp_path / "copy.bak"))[0] == 0
    _note(world, 1)
    assert _relos("restore", "--yes", str(tmp_path / "copy.bak"))[0] == 0
    world.dispose()
    assert _records(world) == before


def test_backup_never_overwrites_and_restore_refuses_what_is_not_a_backup(world: Database, tmp_path: Path) -> None:
    target = tmp_path / "copy.bak"
    target.write_text("something else")
    code, out = _relos("backup", str(target))
    assert code == 2 and "never overwrites" in out
    code, out = _relos("restore", "--yes", str(target))
    assert code == 2 and "is not" in out
    assert _relos("check")[0] == 0
