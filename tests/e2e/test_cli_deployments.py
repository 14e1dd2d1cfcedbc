"""`relos deployments` and `relos plan check` as scripts call them: the fixed plan-check interface
(CSV and JSON, first come first served, the JSON output, exit codes 0/1/2), writing nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from tests.integration.clearance_helpers import grant_clearances
from tests.integration.deployments_helpers import ship
from typer.testing import CliRunner

from relos.cli.main import app
from relos.clock import Clock
from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.services.deployments import reads

runner = CliRunner()
HEADER = "ref,agreement,visiting_party,host_party,facility,purpose,start,end,warships,aircraft,personnel\n"


@pytest.fixture
def env(database: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    monkeypatch.setenv("RELOS_DATABASE_URL", database.url)
    assert runner.invoke(app, ["init"]).exit_code == 0
    event = ["agreements", "record-event", "relos-ind-rus", "entry_into_force", "--date", "2026-01-01"]
    assert runner.invoke(app, [*event, "--source", "test"]).exit_code == 0
    return database


def run(*args: str, code: int = 0) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return json.loads(result.stdout) if result.stdout.strip().startswith(("{", "[")) else result.stdout


def test_plan_check_csv_first_come_first_served(env: Database, tmp_path: Path) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text(
        HEADER
        + "r1,relos-ind-rus,RUS,IND,IN-KWR,port_call,2026-03-01,2026-03-10,3,2,400\n"
        + "r2,relos-ind-rus,RUS,IND,,joint_exercise,2026-03-04T00:00:00Z,2026-03-06,3,0,300\n"
        + "r3,relos-ind-rus,RUS,IND,,joint_exercise,2026-03-05,2026-03-07,2,0,300\n"
        + "r4,relos-ind-rus,RUS,IND,IN-KWR,port_call,2026-03-09,2026-03-12,8,0,10\n"
        + "r5,relos-ind-rus,RUS,IND,,sightseeing,2026-03-01,2026-03-02,0,0,1\n"
        + "r6,relos-ind-rus,IND,RUS,,training,2025-03-01,2026-03-02,0,0,1\n"
    )
    found = run("plan", "check", str(plan), "--json", code=1)
    verdict = {r["ref"]: (r["admitted"], r["violations"]) for r in found["results"]}
    assert verdict["r1"] == (True, [])
    assert verdict["r2"] == (False, [{"limit": "warships", "at": "2026-03-04T00:00:00Z", "total": 6, "max": 5}])
    assert verdict["r3"] == (True, [])  # r2 was rejected and takes no capacity
    assert verdict["r4"][1] == [
        {"limit": "warships", "at": "2026-03-09T00:00:00Z", "total": 11, "max": 5},
        {"limit": "facility:IN-KWR:berths", "at": "2026-03-09T00:00:00Z", "total": 11, "max": 10},
    ]
    assert verdict["r5"] == (
        False,
        [{"limit": "purpose_not_allowed", "at": "2026-03-01T00:00:00Z", "total": 0, "max": 0}],
    )
    assert verdict["r6"][1][0]["limit"] == "not_in_force"
    assert (found["admitted"], found["rejected"]) == (2, 4)
    assert reads.list_deployments(env.uow(), actor=Actor.operator()) == []  # wrote nothing


def test_plan_check_json_all_admitted_exits_0(env: Database, tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    row = {"ref": "a", "agreement": "relos-ind-rus", "visiting_party": "RUS", "host_party": "IND",
           "purpose": "training", "start": "2026-04-01", "end": "2026-04-03", "warships": 5, "aircraft": 10,
           "personnel": 3000}  # fmt: skip
    plan.write_text(json.dumps([row, row | {"ref": "b", "start": "2026-04-03", "end": "2026-04-05"}]))
    found = run("plan", "check", str(plan), "--json")
    assert (found["admitted"], found["rejected"]) == (2, 0)


@pytest.mark.parametrize(
    ("content", "line"),
    [
        (HEADER + "r1,relos-ind-rus,RUS,IND,,training,2026-03-01,2026-03-02,1,0,1\nr2,relos-ind-rus,RUS,IND,,training,"
         "2026-03-05,2026-03-02,1,0,1\n", "line 3"),
        (HEADER + "r1,relos-ind-rus,RUS,IND,IN-NONE,training,2026-03-01,2026-03-02,1,0,1\n", "line 2"),
        (HEADER + "r1,relos-ind-rus,RUS,IND,,training,2026-03-01,2026-03-02,-1,0,1\n", "line 2"),
        (HEADER + "r1,relos-ind-rus,RUS,XXX,,training,2026-03-01,2026-03-02,1,0,1\n", "line 2"),
        ("ref,agreement\nr1,relos-ind-rus\n", "line 1"),
        ('[{"ref": "a",\n "agreement": "relos-ind-rus"', "line 2"),
    ],
)  # fmt: skip
def test_unusable_plan_exits_2_naming_the_line(env: Database, tmp_path: Path, content: str, line: str) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text(content)
    result = runner.invoke(app, ["plan", "check", str(plan), "--json"])
    assert result.exit_code == 2, result.output
    assert line in " ".join(result.stderr.split()), result.stderr


def test_deployment_steps_from_the_cli(env: Database, tmp_path: Path) -> None:
    request = tmp_path / "deployment.json"
    request.write_text(
        json.dumps(
            {
                "agreement_id": "relos-ind-rus",
                "visiting_party": "RUS",
                "facility_id": "IN-KWR",
                "purpose": "port_call",
                "start": "2026-05-01T08:00:00+05:30",
                "end": "2026-05-06",
                "ships": [ship(i) for i in range(5)],
                "personnel": 1200,
            }
        )
    )
    d = run("deployments", "create", str(request), "--by", "rus.requester")["id"]
    run("deployments", "submit", d, "--by", "rus.requester")
    assert run("deployments", "approve", d, "--by", "ind.approver")["status"] == "approved"
    request.write_text(json.dumps(json.loads(request.read_text()) | {"ships": [ship(9)], "personnel": 100}))
    other = run("deployments", "create", str(request), "--by", "rus.requester")["id"]
    run("deployments", "submit", other, "--by", "rus.requester")
    refused = run("deployments", "approve", other, "--by", "ind.approver", code=1)
    assert [v["limit"] for v in refused["violations"]] == ["warships"]
    assert run("deployments", "assess", other, code=1)
    run("deployments", "reject", other, "--reason", "cap", "--by", "ind.approver")
    grant_clearances(env, d)  # issue 6: no ship enters without its port-call clearance
    run("deployments", "arrive", d, "--at", "2026-05-01T03:00:00Z", "--by", "ind.logistics")
    line = run("deployments", "timeline", "--host", "IND", "--from", "2026-05-01", "--until", "2026-05-07", "--json")
    # from its arrival at 03:00 UTC on; still present today (past 6 May), so an overstay that counts until it departs
    assert [s["value"] for s in line["visiting_parties"]["RUS"]["warships"]] == [0, 5]
    assert run("deployments", "show", d)["start"] == "2026-05-01T02:30:00Z"
    listed = run("deployments", "list", "--json")
    assert {r["status"] for r in listed} == {"arrived", "rejected"}


def test_override_recorded_and_revoked_from_the_cli(env: Database) -> None:
    override = run(
        "deployments", "override", "--agreement", "relos-ind-rus", "--visiting", "RUS", "--start", "2026-06-01",
        "--end", "2026-06-10", "--warships", "7", "--authority", "Exchange of notes", "--reference", "MEA/2026/9",
        "--by", "ind.approver",
    )  # fmt: skip
    revoked = run("deployments", "revoke-override", override["id"], "--reason", "withdrawn", "--by", "ind.approver")
    assert (revoked["in_effect"], revoked["revoked_by"]) == (False, "ind.approver")
    again = runner.invoke(app, ["deployments", "revoke-override", override["id"], "--reason", "again"])
    assert again.exit_code != 0 and "was revoked on" in again.output
    assert [o["in_effect"] for o in run("deployments", "overrides", "--host", "IND")] == [False]


def test_the_commands_refuse_a_future_arrival_and_one_before_the_window_by_their_pinned_clock(
    env: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock(pinned=datetime(2026, 12, 3, 10, 0, tzinfo=UTC))
    monkeypatch.setattr("relos.cli.common.CLOCK", clock)
    request = tmp_path / "d.json"
    request.write_text(
        json.dumps({"agreement_id": "relos-ind-rus", "visiting_party": "RUS", "facility_id": "IN-KWR",
                    "purpose": "joint_exercise", "start": "2027-01-15", "end": "2027-01-25", "personnel": 3000})
    )  # fmt: skip
    d = run("deployments", "create", str(request), "--by", "rus.requester")["id"]
    run("deployments", "submit", d, "--by", "rus.requester")
    run("deployments", "approve", d, "--by", "ind.approver")
    ahead = runner.invoke(app, ["deployments", "arrive", d, "--at", "2027-01-10T02:00:00Z", "--by", "ind.logistics"])
    assert ahead.exit_code == 2
    assert "arrived_at: 2027-01-10T02:00:00Z is in the future: it is 2026-12-03T10:00:00Z now" in " ".join(
        ahead.output.split()
    )
    clock.pin(datetime(2027, 1, 10, 3, 0, tzinfo=UTC))
    early = run("deployments", "arrive", d, "--at", "2027-01-10T02:00:00Z", "--by", "ind.logistics", code=1)
    assert [(v["rule"], v["start"]) for v in early["violations"]] == [("arrival_before_window", "2027-01-15T00:00:00Z")]
    assert run("deployments", "show", d)["status"] == "approved"
    clock.pin(datetime(2027, 1, 15, 1, 0, tzinfo=UTC))
    assert run("deployments", "arrive", d, "--by", "ind.logistics")["arrived_at"] == "2027-01-15T01:00:00Z"  # now
