"""`relos exchange propose-override | proposals | accept` between two instances from the command line (India's on
each backend, Russia's on SQLite): an override recorded directly in a party's instance is refused (exit 1); India
proposes it, the proposal crosses by bundle, Russia's approver countersigns it, and once the countersignature
crosses back both instances hold the override."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

from tests.integration.exchange_helpers import OPERATOR
from typer.testing import CliRunner

from relos.cli.main import app
from relos.db.runtime import Database
from relos.domain.agreements import AgreementEvent, EventKind
from relos.services.agreements import register as agreements

runner = CliRunner()
OVERRIDE = ("--agreement", "relos-ind-rus", "--visiting", "IND", "--start", "2026-03-01T00:00:00Z",
            "--end", "2026-04-01T00:00:00Z", "--authority", "exchange of notes", "--reference", "Note 12/2026",
            "--warships", "7")  # fmt: skip


def _run(env: dict[str, str], *args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args), env=env)
    assert result.exit_code == code, result.output
    return result.output


def test_an_override_proposed_crosses_and_binds_once_countersigned(
    database: Database, tmp_path: Path, sqlite_template: Path
) -> None:
    shutil.copy(sqlite_template, tmp_path / "russia.sqlite3")
    india = {"RELOS_DATABASE_URL": database.url, "RELOS_DATA_DIR": str(tmp_path / "ind")}
    russia = {"RELOS_DATABASE_URL": f"sqlite:///{tmp_path / 'russia.sqlite3'}", "RELOS_DATA_DIR": str(tmp_path / "rus")}
    _run(india, "init", "--party", "IND")
    _run(russia, "init", "--party", "RUS")
    for one, other, party in ((india, russia, "RUS"), (russia, india, "IND")):
        (current,) = json.loads(_run(other, "keys", "show", "--json"))
        _run(one, "peers", "add", "--party", party, "--key", current["public_key"])
    for env in (india, russia):
        db = Database(env["RELOS_DATABASE_URL"])
        agreements.record_event(
            db.uow(), actor=OPERATOR, agreement_id="relos-ind-rus",
            event=AgreementEvent(EventKind.ENTRY_INTO_FORCE, date(2026, 1, 1), "test assumption"), at=date(2026, 1, 1),
        )  # fmt: skip
        db.dispose()
    assert "propose it to the partner" in _run(india, "deployments", "override", *OVERRIDE, code=1)
    proposed = json.loads(_run(india, "exchange", "propose-override", *OVERRIDE, "--json"))
    assert proposed["state"] == "proposed"
    to_russia, to_india = tmp_path / "to-russia.json", tmp_path / "to-india.json"
    _run(india, "exchange", "export", "--to", "RUS", "-o", str(to_russia))
    _run(russia, "exchange", "import", str(to_russia), "--reply", str(to_india))
    (received,) = json.loads(_run(russia, "exchange", "proposals", "--json"))
    assert (received["id"], received["proposed_by"], received["state"]) == (proposed["id"], "IND", "proposed")
    assert "accepted" in _run(russia, "exchange", "accept", proposed["id"])
    _run(russia, "exchange", "export", "--to", "IND", "-o", str(to_india))
    _run(india, "exchange", "import", str(to_india), "--reply", str(to_russia))
    for env in (india, russia):
        (held,) = json.loads(_run(env, "deployments", "overrides", "--host", "RUS"))
        assert (held["id"], held["limits"]["warships"]) == (proposed["id"], 7)
