"""`relos clearances` as scripts call it: --by names each official; exit codes 0, 1 (a rule), 2 (bad input)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from tests.integration.clearance_helpers import PORT, TALWAR, add_test_port, airspace, port_call, relos_in_force
from typer.testing import CliRunner

from relos.cli.main import app
from relos.clock import Clock
from relos.db.runtime import Database

runner = CliRunner()


@pytest.fixture
def env(database: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    monkeypatch.setenv("RELOS_DATABASE_URL", database.url)
    assert runner.invoke(app, ["init"]).exit_code == 0
    relos_in_force(database)
    add_test_port(database)
    return database


def _day(days: int) -> str:
    return (datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=days)).isoformat()


def write(tmp: Path, name: str, days_ahead: int = 30, **changes: Any) -> Path:
    data: dict[str, Any] = {
        "agreement_id": "relos-ind-rus",
        "kind": "port_call",
        "visiting_party": "IND",
        "facility_id": PORT,
        "purpose": "port_call",
        "start": _day(days_ahead),
        "end": _day(days_ahead + 3),
        "port_call": port_call(),
    }
    data.update(changes)
    path = tmp / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def flat(output: str) -> str:
    """The output with the console's line wrapping undone."""
    return " ".join(output.split())


def run(*args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_port_call_steps_and_the_notice_from_the_cli(env: Database, tmp_path: Path) -> None:
    cid = run("clearances", "prepare", str(write(tmp_path, "pc.json")), "--by", "ind.requester", "--json")["id"]
    assert run("clearances", "submit", cid, "--by", "ind.clearance", "--json")["status"] == "submitted"
    asked = run("clearances", "ask", cid, "--questions", "Tug size?", "--by", "rus.clearance", "--json")
    assert asked["status"] == "need_more_information"
    amended = run(
        "clearances", "amend", cid, str(write(tmp_path, "a.json", port_call=port_call(tugs=1))),
        "--reason", "one tug is enough", "--by", "ind.requester", "--json",
    )  # fmt: skip
    assert amended["status"] == "amended" and amended["version"] == 2
    approved = run(
        "clearances", "approve", cid, "--number", "RU-PC-11", "--restriction", "Berth 3 only",
        "--by", "rus.clearance", "--json",
    )  # fmt: skip
    assert approved["status"] == "approved_with_restrictions"
    shown = run("clearances", "show", cid, "--json")
    assert [c["by"] for c in shown["changes"]] == [
        "ind.requester",
        "ind.clearance",
        "rus.clearance",
        "ind.requester",
        "rus.clearance",
    ]
    text = runner.invoke(app, ["clearances", "notice", cid, "--language", "ru"])
    assert text.exit_code == 0 and "Уведомление о заходе военных кораблей" in text.stdout and "RU-PC-11" in text.stdout
    pdf = tmp_path / "notice.pdf"
    done = runner.invoke(app, ["clearances", "notice", cid, "--format", "pdf", "-o", str(pdf)])
    assert done.exit_code == 0 and pdf.read_bytes().startswith(b"%PDF")
    assert [c["id"] for c in run("clearances", "list", "--status", "approved_with_restrictions", "--json")] == [cid]


def test_late_notice_exits_1_until_the_host_records_an_exception(env: Database, tmp_path: Path) -> None:
    cid = run("clearances", "prepare", str(write(tmp_path, "late.json", days_ahead=10)), "--json")["id"]
    late = runner.invoke(app, ["clearances", "submit", cid, "--by", "ind.clearance"])
    assert late.exit_code == 1 and "at least 14 days before the start" in flat(late.output)
    run("clearances", "exception", cid, "--reason", "search and rescue", "--by", "rus.clearance", "--json")
    assert run("clearances", "submit", cid, "--by", "ind.clearance", "--json")["status"] == "submitted"


def test_nine_metre_draught_exits_1_and_missing_tail_number_exits_2(env: Database, tmp_path: Path) -> None:
    deep = write(tmp_path, "deep.json", port_call=port_call(ships=[{**TALWAR, "draught_m": "9"}]))
    refused = runner.invoke(app, ["clearances", "prepare", str(deep)])
    assert refused.exit_code == 1 and "draught 9 m exceeds the berth maximum of 7 m" in flat(refused.output)
    plane = {k: v for k, v in airspace()["aircraft"][0].items() if k != "tail_number"}
    request = write(
        tmp_path,
        "air.json",
        kind="airspace",
        facility_id="RU-KNV",
        purpose="joint_exercise",
        port_call=None,
        airspace=airspace(aircraft=[plane]),
    )
    cid = run("clearances", "prepare", str(request), "--json")["id"]
    incomplete = runner.invoke(app, ["clearances", "submit", cid])
    assert incomplete.exit_code == 2 and "airspace.aircraft[0].tail_number: is required" in flat(incomplete.output)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert runner.invoke(app, ["clearances", "prepare", str(broken)]).exit_code == 2


def test_due_lists_what_must_be_submitted_soon_by_deadline(env: Database, tmp_path: Path) -> None:
    later = run("clearances", "prepare", str(write(tmp_path, "l.json", days_ahead=45)), "--json")["id"]
    sooner = run("clearances", "prepare", str(write(tmp_path, "s.json", days_ahead=20)), "--json")["id"]
    assert [d["id"] for d in run("clearances", "due", "--within", "60", "--json")] == [sooner, later]
    table = runner.invoke(app, ["clearances", "due", "--within", "60"])
    assert table.exit_code == 0 and "submit by" in table.output


def test_deployment_arrival_from_the_cli_needs_its_port_call_clearance(
    env: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deployment = tmp_path / "deployment.json"
    deployment.write_text(
        json.dumps(
            {
                "agreement_id": "relos-ind-rus",
                "visiting_party": "IND",
                "facility_id": PORT,
                "purpose": "port_call",
                "start": _day(30),
                "end": _day(33),
                "personnel": 180,
                "ships": [{k: v for k, v in TALWAR.items() if k != "crew"}],
            }
        ),
        encoding="utf-8",
    )
    did = run("deployments", "create", str(deployment), "--by", "ind.requester")["id"]
    run("deployments", "submit", did, "--by", "ind.requester")
    run("deployments", "approve", did, "--by", "rus.approver")
    # an arrival is a fact: the commands' clock stands an hour after it, 30 days from today
    after_arrival = Clock(pinned=datetime.fromisoformat(_day(30)) + timedelta(hours=1))
    monkeypatch.setattr("relos.cli.common.CLOCK", after_arrival)
    refused = runner.invoke(app, ["deployments", "arrive", did, "--at", _day(30), "--by", "rus.logistics"])
    assert refused.exit_code == 1 and "no approved port-call clearance covers INS Tabar" in flat(refused.output)
    # the clearance is asked for and granted today, ahead of its window (a window already begun is refused)
    monkeypatch.setattr("relos.cli.common.CLOCK", Clock())
    cid = run("clearances", "prepare", str(write(tmp_path, "pc.json", deployment_id=did)), "--json")["id"]
    run("clearances", "submit", cid, "--by", "ind.clearance", "--json")
    run("clearances", "approve", cid, "--number", "RU-PC-77", "--by", "rus.clearance", "--json")
    monkeypatch.setattr("relos.cli.common.CLOCK", after_arrival)
    arrived = runner.invoke(app, ["deployments", "arrive", did, "--at", _day(30), "--by", "rus.logistics"])
    assert arrived.exit_code == 0, arrived.output
    assert json.loads(arrived.stdout)["status"] == "arrived"
