"""A Talwar-class frigate from Mumbai in 30 days: own facilities / + RELOS / + commercial ports / + a Deepak-class
tanker each reach more facilities and more sea (`relos reach --compare` and GET /api/v1/reach/compare, both
databases). The commercial ports are five World Port Index rows imported as a planner would: three of them the
bundled ports (Colombo, Salalah, Singapore), found by their UN/LOCODE, and two new (Port Louis, Durban)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import relos.api.deps
from relos.api.app import create_app
from relos.cli.main import app
from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.settings import Settings

runner = CliRunner()
#: Commercial bunkering ports of other states (Colombo, Salalah, Port Louis, Singapore, Durban) as WPI rows.
BUNKERING_PORTS = Path(__file__).parents[1] / "fixtures" / "world" / "wpi_bunkering_ports.csv"
ASK = ["--from", "IN-BOM", "--ship-class", "talwar", "--days", "30", "--party", "IND", "--at", "2026-08-01"]


def run(*args: str) -> tuple[int, Any]:
    result = runner.invoke(app, list(args))
    try:
        return result.exit_code, json.loads(result.stdout)
    except json.JSONDecodeError:
        return result.exit_code, result.output


@pytest.fixture
def env(catalogue: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    monkeypatch.setenv("RELOS_DATABASE_URL", catalogue.url)
    code, out = run(
        "agreements", "record-event", "relos-ind-rus", "entry_into_force", "--date", "2026-01-01", "--source", "test"
    )
    assert code == 0, out
    code, out = run("facilities", "import-wpi", str(BUNKERING_PORTS), "--edition", "test sample")
    # Colombo, Salalah and Singapore are the bundled ports, found by the UN/LOCODE they cite; two are new
    assert code == 0 and "2 added, 0 updated, 3 unchanged" in out, out
    return catalogue


def test_each_tier_reaches_more_facilities_and_more_sea(env: Database, tmp_path: Path) -> None:
    out = tmp_path / "tiers.geojson"
    code, data = run("reach", *ASK, "--commercial", "--tanker", "deepak", "--escorts", "2", "--json")
    assert code == 0, data
    tiers = {t["tier"]: t for t in data["tiers"]}
    assert list(tiers) == ["own", "agreement", "commercial", "tanker"]
    order = list(tiers.values())
    for before, after in itertools.pairwise(order):
        assert after["facilities"] > before["facilities"], after["tier"]
        assert after["sea_nodes"] > before["sea_nodes"], after["tier"]
    rows = {r["id"]: r for r in data["facilities"]}
    assert rows["RU-VVO"]["first_reached"] == "commercial" and rows["RU-VVO"]["consent_stops"]["commercial"]
    assert rows["SG-SIN"]["consent_needed"] and not rows["IN-VTZ"]["consent_needed"]
    assert {"MU-W99103", "ZA-W99105"} <= set(rows) and not any(r.startswith(("LK-W", "SG-W", "OM-W")) for r in rows)
    assert any(r["first_reached"] == "tanker" for r in rows.values())
    group = data["task_group"]
    assert group["group_leg_nm"] > tiers["own"]["leg_nm"] and group["bound_by"] == "tanker_range"
    assert group["escorts"][0]["capacity_estimated"] and not group["cargo_estimated"]
    code, text = run("reach", *ASK, "--commercial", "--tanker", "deepak", "--geojson", str(out))
    assert code == 0 and "+ commercial ports" in text and "port state's consent" in text
    areas = [f["properties"]["tier"] for f in json.loads(out.read_text())["features"] if "tier" in f["properties"]]
    assert areas == ["own", "agreement", "commercial", "tanker"]


def test_without_the_commercial_option_no_foreign_port_is_a_stop(env: Database) -> None:
    code, data = run("reach", *ASK, "--compare", "--json")
    assert code == 0 and [t["tier"] for t in data["tiers"]] == ["own", "agreement"]
    assert not any(stops for r in data["facilities"] for stops in r["consent_stops"].values())
    assert data["task_group"] is None


def test_bad_tanker_and_escorts_are_refused_naming_the_option(env: Database) -> None:
    code, text = run("reach", *ASK, "--tanker", "talwar")
    assert code == 2 and "--tanker" in text and "not a replenishment tanker" in text
    code, text = run("reach", *ASK, "--tanker", "aditya")
    assert code == 2 and "--tanker" in text
    code, text = run("reach", *ASK, "--tanker", "deepak", "--escorts", "0")
    assert code == 2 and "--escorts" in text


def test_the_api_answers_the_same_comparison(env: Database) -> None:
    api = create_app(Settings(database_url=env.url), env)
    api.dependency_overrides[relos.api.deps.get_actor] = lambda: Actor.operator("test")
    params = {"from": "IN-BOM", "ship_class": "talwar", "days": 30, "party": "IND", "at": "2026-08-01"}
    with TestClient(api) as client:
        r = client.get("/api/v1/reach/compare", params={**params, "commercial": True, "tanker": "deepak"})
        assert r.status_code == 200, r.text
        body = r.json()
        assert [t["tier"] for t in body["tiers"]] == ["own", "agreement", "commercial", "tanker"]
        assert "geojson" not in body
        with_map = client.get("/api/v1/reach/compare", params={**params, "geojson": True}).json()
        assert with_map["geojson"]["type"] == "FeatureCollection"
        bad = client.get("/api/v1/reach/compare", params={**params, "tanker": "no-such"})
        assert bad.status_code == 422 and "--tanker" in bad.text
