"""References and titles from the command line: `create`/`prepare` take an optional title from the file, the
lists show each record's reference and title, and `show` (and a clearance's `notice`) take a reference as
well as an id, in any case."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from relos.cli.main import app
from relos.db.runtime import Database

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def as_json(*args: str) -> Any:
    return json.loads(invoke(*args))


def flat(output: str) -> str:
    """The output with the console's line wrapping undone."""
    return " ".join(output.split())


@pytest.fixture
def env(database: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, dict[str, Any]]:
    """A deployment (titled in its file), a port-call notice and an order (titles made), from the examples."""
    monkeypatch.setenv("RELOS_DATABASE_URL", database.url)
    monkeypatch.setenv("COLUMNS", "250")
    invoke("init")
    invoke("agreements", "record-event", "relos-ind-rus", "entry_into_force", "--date", "2026-01-01", "--source", "t")
    titled = tmp_path / "deployment.json"
    data = json.loads((EXAMPLES / "deployment.json").read_text(encoding="utf-8"))
    titled.write_text(json.dumps({**data, "title": "Exercise INDRA Navy"}), encoding="utf-8")
    deployment = as_json("deployments", "create", str(titled))
    clearance = as_json("clearances", "prepare", str(EXAMPLES / "clearance-port-call.json"), "--json")
    invoke("orders", "price-list", str(EXAMPLES / "price-list.json"))
    order = as_json("orders", "create", str(EXAMPLES / "order.json"))
    return {"deployments": deployment, "clearances": clearance, "orders": order}


def test_created_records_carry_their_reference_and_title(env: dict[str, dict[str, Any]]) -> None:
    assert env["deployments"]["reference"].startswith("RUS-DEP-") and env["deployments"]["title"] == (
        "Exercise INDRA Navy"
    )
    assert env["clearances"]["reference"].startswith("RUS-CLR-")
    assert env["clearances"]["title"].startswith("Port call of INS Tabar at ")
    assert env["orders"]["reference"].startswith("RUS-ORD-") and env["orders"]["title"].startswith("INS Tabar: ")


@pytest.mark.parametrize("kind", ["deployments", "clearances", "orders"])
def test_lists_show_each_records_reference_and_title(env: dict[str, dict[str, Any]], kind: str) -> None:
    shown = flat(invoke(kind, "list"))
    record = env[kind]
    assert record["reference"] in shown and flat(record["title"]) in shown and record["id"] in shown


@pytest.mark.parametrize("kind", ["deployments", "clearances", "orders"])
def test_show_takes_a_reference_in_any_case_as_well_as_an_id(env: dict[str, dict[str, Any]], kind: str) -> None:
    record = env[kind]
    args = ["--json"] if kind == "clearances" else []
    by_reference = as_json(kind, "show", record["reference"].lower(), *args)
    assert by_reference["id"] == record["id"] and by_reference["reference"] == record["reference"]
    assert as_json(kind, "show", record["id"], *args)["reference"] == record["reference"]
    missing = runner.invoke(app, [kind, "show", record["reference"][:-4] + "9999", *args])
    assert missing.exit_code != 0 and record["reference"][:-4] + "9999" in missing.output


def test_the_notice_is_found_by_reference_and_names_it_in_both_languages(env: dict[str, dict[str, Any]]) -> None:
    reference = env["clearances"]["reference"]
    text = invoke("clearances", "notice", reference)
    assert f"No. {reference}" in text and f"№ {reference}" in text
    assert env["clearances"]["id"] in text and env["clearances"]["title"] in text
