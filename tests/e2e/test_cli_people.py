"""`relos users` and `relos tokens`, and the secret key `relos init` generates."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from relos.cli.main import app
from relos.db.runtime import Database
from relos.services.people import tokens

runner = CliRunner()
PASSWORD = "correct horse battery staple"


@pytest.fixture
def env(database: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    monkeypatch.setenv("RELOS_DATABASE_URL", database.url)
    monkeypatch.delenv("RELOS_SECRET_KEY", raising=False)
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 0, result.output
    return database


def _create(*args: str) -> object:
    return runner.invoke(app, ["users", "create", *args], input=f"{PASSWORD}\n{PASSWORD}\n")


def test_init_generates_a_private_secret_key_once(env: Database, data_dir: Path) -> None:
    key_file = data_dir / "secret_key"
    first = key_file.read_text()
    assert len(first.strip()) == 64 and stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert runner.invoke(app, ["init"]).exit_code == 0
    assert key_file.read_text() == first


def test_create_list_and_disable_users(env: Database) -> None:
    result = _create("ivan", "--party", "RUS", "--role", "auditor", "--role", "host_approver", "--language", "ru")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    listed = json.loads(runner.invoke(app, ["users", "list", "--json"]).stdout)
    assert listed == [
        {
            "user_id": "ivan",
            "party": "RUS",
            "roles": ["auditor", "host_approver"],
            "display_name": "",
            "language": "ru",
            "disabled": False,
        }
    ]
    assert runner.invoke(app, ["users", "disable", "ivan"]).exit_code == 0
    assert json.loads(runner.invoke(app, ["users", "list", "--json"]).stdout)[0]["disabled"] is True


def test_bad_user_exits_2_naming_the_field(env: Database) -> None:
    result = _create("Ivan Petrov", "--party", "RUS", "--role", "auditor")
    assert result.exit_code == 2 and "user_id" in result.output  # type: ignore[attr-defined]
    assert runner.invoke(app, ["users", "disable", "nobody"]).exit_code == 2


def test_issue_then_revoke_a_token(env: Database) -> None:
    _create("ivan", "--party", "RUS", "--role", "auditor")
    issued = json.loads(
        runner.invoke(app, ["tokens", "issue", "ivan", "--name", "script", "--days", "30", "--json"]).stdout
    )
    secret = issued["token"]
    assert tokens.authenticate_token(env.uow(), secret=secret, now=datetime.now(UTC)).user_id == "ivan"
    listed = json.loads(runner.invoke(app, ["tokens", "list", "--json"]).stdout)
    assert [t["id"] for t in listed] == [issued["id"]] and "token" not in listed[0]
    assert runner.invoke(app, ["tokens", "revoke", issued["id"]]).exit_code == 0
    assert json.loads(runner.invoke(app, ["tokens", "list", "--json"]).stdout)[0]["revoked_at"] is not None


def test_token_lifetime_is_bounded(env: Database) -> None:
    _create("ivan", "--party", "RUS", "--role", "auditor")
    result = runner.invoke(app, ["tokens", "issue", "ivan", "--days", "4000"])
    assert result.exit_code == 2 and "days" in result.output
