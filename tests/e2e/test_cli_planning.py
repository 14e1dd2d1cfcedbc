"""`relos route|reach|ferry|sustainment` as scripts call them: JSON shape and exit codes (both databases)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from relos.cli.main import app
from relos.db.runtime import Database

runner = CliRunner()
RELOS = "relos-ind-rus"


@pytest.fixture
def env(catalogue: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    monkeypatch.setenv("RELOS_DATABASE_URL", catalogue.url)
    result = runner.invoke(
        app,
        ["agreements", "record-event", RELOS, "entry_into_force", "--date", "2026-01-01", "--source", "test"],
    )
    assert result.exit_code == 0, result.output
    return catalogue


def invoke(*args: str) -> tuple[int, Any]:
    result = runner.invoke(app, list(args))
    try:
        return result.exit_code, json.loads(result.stdout)
    except json.JSONDecodeError:
        return result.exit_code, result.output


TALWAR = ("--ship-class", "talwar", "--range-nm", "4850", "--party", "IND", "--at", "2026-08-01", "--json")


def test_route_exits_0_with_the_interface_shape_and_1_without_relos(env: Database) -> None:
    code, data = invoke("route", "--from", "IN-VTZ", "--to", "RU-PKC", *TALWAR)
    assert code == 0
    assert {"feasible", "distance_nm", "duration_h", "stops", "legs", "geometry"} <= data.keys()
    assert data["feasible"] and data["geometry"]["type"] == "LineString"
    assert {"from", "to", "distance_nm"} <= data["legs"][0].keys()
    code, data = invoke("route", "--from", "IN-VTZ", "--to", "RU-PKC", *TALWAR, "--agreements", "none")
    assert code == 1 and not data["feasible"] and "beyond the usable range" in data["reason"]


def test_route_bad_input_exits_2(env: Database) -> None:
    assert invoke("route", "--from", "XX-NOPE", "--to", "RU-PKC", *TALWAR)[0] == 2
    assert invoke("route", "--from", "IN-VTZ", "--to", "RU-PKC", "--ship-class", "no-such-class")[0] == 2
    assert invoke("route", "--from", "IN-VTZ", "--to", "RU-PKC", *TALWAR, "--close", "atlantis")[0] == 2
    assert invoke("route", "--from", "IN-VTZ", "--to", "RU-PKC", *TALWAR, "--at", "tomorrow")[0] == 2
    assert invoke("route", "--from", "IN-VTZ", "--to", "RU-PKC", *TALWAR, "--agreements", "no-such")[0] == 2


def test_unconstrained_route_and_closed_passage(env: Database) -> None:
    code, direct = invoke("route", "--from", "IN-BOM", "--to", "RU-VVO", "--unconstrained", "--json")
    assert code == 0 and direct["stops"] == []
    code, detour = invoke(
        "route", "--from", "IN-BOM", "--to", "RU-VVO", "--unconstrained", "--close", "malacca", "--json"
    )
    assert code == 0 and detour["distance_nm"] > direct["distance_nm"]


def test_reach_prints_what_the_agreement_adds_and_writes_geojson(env: Database, tmp_path: Path) -> None:
    out = tmp_path / "reach.geojson"
    args = ["reach", "--from", "IN-VTZ", "--ship-class", "talwar", "--range-nm", "4850", "--days", "45"]
    args += ["--party", "IND", "--agreement", RELOS, "--at", "2026-08-01"]
    result = runner.invoke(app, [*args, "--geojson", str(out)])
    assert result.exit_code == 0, result.output
    assert "What the agreement adds" in result.output and "RU-MUR" in result.output
    assert json.loads(out.read_text())["type"] == "FeatureCollection"
    code, data = invoke(*args, "--json")
    assert code == 0 and any(g["change"] == "newly_reachable" for g in data["added"])


def test_ferry_and_sustainment(env: Database) -> None:
    code, data = invoke(
        "ferry",
        "--from",
        "IN-HDN",
        "--to",
        "RU-CKS",
        "--aircraft",
        "su-30mki",
        "--speed-kn",
        "450",
        "--range-nm",
        "2500",
        "--party",
        "IND",
        "--agreements",
        RELOS,
        "--json",
    )
    assert code == 0 and data["countries"]
    code, data = invoke("sustainment", "--days", "10", "--climate", "tropical", "--ships", "talwar:2", "--json")
    assert code == 0 and data["people"] == 360 and "water-drinking-tropical" in data["factors"]
    assert invoke("sustainment", "--days", "10", "--climate", "lunar")[0] == 2
