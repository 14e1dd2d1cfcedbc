"""The command's listings never cut an identifier: in an 80-column terminal every id that `--json` gives
appears whole in the listing, so what the user reads can be typed back; in a wide one it is a table."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner

from relos.cli import tables
from relos.cli.main import app
from relos.db.runtime import Database

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
PASSWORD = "a long enough password for tests"


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def as_json(*args: str) -> Any:
    return json.loads(invoke(*args, "--json"))


@pytest.fixture
def env(database: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    """A database with a deployment, two clearances, an order and a user, as from the docs' examples."""
    monkeypatch.setenv("RELOS_DATABASE_URL", database.url)
    invoke("init")
    invoke("agreements", "record-event", "relos-ind-rus", "entry_into_force", "--date", "2026-01-01", "--source", "t")
    invoke("deployments", "create", str(EXAMPLES / "deployment.json"))
    invoke("clearances", "prepare", str(EXAMPLES / "clearance-port-call.json"))
    invoke("clearances", "prepare", str(EXAMPLES / "clearance-airspace.json"))
    invoke("orders", "price-list", str(EXAMPLES / "price-list.json"))
    invoke("orders", "create", str(EXAMPLES / "order.json"))
    user = ["users", "create", "ind.logistics-officer-of-the-eastern-fleet", "--party", "IND", "--role", "requester"]
    assert runner.invoke(app, user, input=f"{PASSWORD}\n{PASSWORD}\n").exit_code == 0
    return database


def _ids(rows: list[dict[str, Any]], *keys: str) -> set[str]:
    return {str(r[k]) for r in rows for k in keys if r.get(k)}


#: listing command -> the identifiers its JSON gives
LISTINGS: dict[str, Callable[[], tuple[list[str], set[str]]]] = {
    "deployments": lambda: (
        ["deployments", "list"],
        _ids(as_json("deployments", "list"), "id", "agreement_id", "facility_id"),
    ),
    "clearances": lambda: (
        ["clearances", "list"],
        _ids(as_json("clearances", "list"), "id", "facility_id"),
    ),
    "clearances due": lambda: (
        ["clearances", "due", "--within", "3650"],
        _ids(as_json("clearances", "due", "--within", "3650"), "id", "facility_id"),
    ),
    "orders": lambda: (["orders", "list"], _ids(as_json("orders", "list"), "id", "agreement_id", "facility_id")),
    "agreements": lambda: (["agreements", "list"], _ids(as_json("agreements", "list"), "id")),
    "users": lambda: (["users", "list"], _ids(as_json("users", "list"), "user_id")),
    "facilities": lambda: (["facilities", "list"], _ids(as_json("facilities", "list"), "id")),
}


def terminal(monkeypatch: pytest.MonkeyPatch, columns: int) -> None:
    """The listings' console as the command starts in a terminal of COLUMNS columns."""
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setattr(tables, "console", Console())
    assert tables.console.width == columns


@pytest.mark.parametrize("listing", sorted(LISTINGS))
def test_an_80_column_listing_shows_every_id_whole(
    env: Database, monkeypatch: pytest.MonkeyPatch, listing: str
) -> None:
    terminal(monkeypatch, 80)
    command, ids = LISTINGS[listing]()
    assert ids, "the listing has ids to show"
    shown = invoke(*command)
    assert sorted(i for i in ids if i not in shown) == []
    assert "…" not in shown


@pytest.mark.parametrize("listing", ["deployments", "clearances", "orders"])
def test_a_wide_terminal_shows_a_table_with_every_id_whole(
    env: Database, monkeypatch: pytest.MonkeyPatch, listing: str
) -> None:
    terminal(monkeypatch, 250)
    command, ids = LISTINGS[listing]()
    shown = invoke(*command)
    assert "┃ id " in shown
    assert sorted(i for i in ids if i not in shown) == []
