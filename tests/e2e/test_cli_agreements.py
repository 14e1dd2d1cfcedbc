"""The `relos` command as scripts call it: exit codes 0 / 1 / 2 and the JSON of INTERFACES.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from relos.cli.main import app
from relos.db.runtime import Database

runner = CliRunner()


@pytest.fixture
def env(database: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    monkeypatch.setenv("RELOS_DATABASE_URL", database.url)
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 0, result.output
    return database


def test_init_twice_is_harmless(env: Database) -> None:
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 0 and "2 unchanged" in result.output


def test_show_json_at_date(env: Database) -> None:
    result = runner.invoke(app, ["agreements", "show", "relos-ind-rus", "--json", "--at", "2027-01-01"])
    assert result.exit_code == 0
    body = json.loads(result.stdout)
    assert body["caps"] == {"warships": 5, "aircraft": 10, "personnel": 3000}
    assert body["status"] == "signed"


def test_import_bad_file_exits_2_naming_key_and_line(env: Database, tmp_path: Path) -> None:
    f = tmp_path / "bad.toml"
    f.write_text('id = "x"\nshort_name = "X"\nparties = ["IND", "QQQ"]\nsigned = 2024-01-01\nterm_years = 5\n')
    result = runner.invoke(app, ["agreements", "import", str(f)])
    assert result.exit_code == 2
    assert "line 3" in result.stderr and "parties[1]" in result.stderr


def test_record_event_and_audit_verify(env: Database) -> None:
    result = runner.invoke(
        app,
        [
            "agreements",
            "record-event",
            "relos-ind-rus",
            "entry_into_force",
            "--date",
            "2026-01-15",
            "--source",
            "exchange of notes",
        ],
    )
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["audit", "verify"]).exit_code == 0


def test_unknown_agreement_exits_2(env: Database) -> None:
    assert runner.invoke(app, ["agreements", "show", "nope"]).exit_code == 2
