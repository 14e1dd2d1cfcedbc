"""`relos route` plans like a navy: an Indian ship of 4,500 nm range reaches Petropavlovsk-Kamchatsky from Mumbai
with RELOS (assumed in force) and not on India's own facilities, and the answer names each stop and its fuel
(both databases)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from relos.cli.main import app
from relos.db.runtime import Database

runner = CliRunner()
#: An Indian frigate burning F-76 (the Talwar class's fuel), its range given as 4,500 nm.
SHIP = ("--ship-class", "talwar", "--range-nm", "4500", "--speed-kn", "14", "--party", "IND", "--at", "2026-08-01")
TRIP = ("route", "--from", "IN-BOM", "--to", "RU-PKC", *SHIP)


@pytest.fixture
def env(catalogue: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    monkeypatch.setenv("RELOS_DATABASE_URL", catalogue.url)
    return catalogue


def route(*extra: str) -> tuple[int, Any]:
    result = runner.invoke(app, [*TRIP, *extra, "--json"])
    return result.exit_code, json.loads(result.stdout)


def test_mumbai_to_petropavlovsk_is_feasible_with_relos_and_names_the_fuel_at_each_stop(env: Database) -> None:
    code, data = route("--agreements", "relos-ind-rus")
    assert code == 0 and data["feasible"] and data["agreements_assumed"]
    assert all(leg["distance_nm"] <= 4500 for leg in data["legs"])
    assert [s["facility"] for s in data["fuel_at_stops"]] == data["stops"]
    assert data["stops"][0] == "IN-IXZ" and any(s.startswith("RU-") for s in data["stops"])
    at = {s["facility"]: s for s in data["fuel_at_stops"]}
    assert at["IN-IXZ"] == {"facility": "IN-IXZ", "offered": ["naval_distillate"], "takes": "naval_distillate"}
    for stop in data["fuel_at_stops"]:
        if "substitute_for" in stop:  # a commercial grade standing in for F-76, said so
            assert stop["substitute_for"] == "naval_distillate" and stop["substitution_basis"] == "assumption"
            assert stop["takes"] in stop["offered"]


def test_mumbai_to_petropavlovsk_is_infeasible_on_indias_own_facilities(env: Database) -> None:
    code, data = route("--agreements", "none")
    assert code == 1 and not data["feasible"]
    assert data["shortfall"]["to"] == "RU-PKC" and data["shortfall"]["beyond_nm"] > 0


def test_without_assumed_fuels_only_stops_supplying_f76_count(env: Database) -> None:
    code, data = route("--agreements", "relos-ind-rus", "--no-assumed-fuels")
    assert code == 0 and data["assumed_fuels"] is False
    assert all(s["takes"] == "naval_distillate" and "substitute_for" not in s for s in data["fuel_at_stops"])


def test_the_text_answer_lists_each_stop_with_its_fuel(env: Database) -> None:
    result = runner.invoke(app, [*TRIP, "--agreements", "relos-ind-rus"])
    assert result.exit_code == 0, result.output
    assert "stops: IN-IXZ" in result.output and "takes" in result.output and "naval_distillate" in result.output


def test_reach_names_the_fuel_the_ship_takes_at_each_refuelling_facility(env: Database) -> None:
    args = ["reach", "--from", "IN-BOM", "--ship-class", "talwar", "--range-nm", "4500", "--speed-kn", "14"]
    args += ["--days", "30", "--party", "IND", "--agreement", "relos-ind-rus", "--at", "2026-08-01"]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    at = {s["facility"]: s for s in data["fuel_at_stops"]}
    assert at["IN-IXZ"]["takes"] == "naval_distillate"
    reached = {f["id"] for f in data["with"]["facilities"]}
    assert set(at) <= reached and any(f.startswith("RU-") for f in at)
    text = runner.invoke(app, args)
    assert "Fuel at each refuelling stop" in text.output
