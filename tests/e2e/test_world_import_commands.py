"""`relos facilities import-wpi|import-ourairports|provenance` and POST /api/v1/facilities/import-wpi|
import-ourairports as their users call them (both databases), with the small files of tests/fixtures/world."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import relos.api.deps
from relos.api.app import create_app
from relos.cli.main import app
from relos.db.runtime import Database
from relos.domain.actor import Actor, Role
from relos.settings import Settings

WORLD = Path(__file__).parents[1] / "fixtures" / "world"
runner = CliRunner()


@pytest.fixture
def env(catalogue: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    monkeypatch.setenv("RELOS_DATABASE_URL", catalogue.url)
    return catalogue


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_import_wpi_reports_counts_and_kept_curated_values_then_re_imports_in_place(env: Database) -> None:
    code, out = run("facilities", "import-wpi", str(WORLD / "wpi_sample.csv"), "--edition", "2026-11")
    assert code == 0, out
    assert "wpi (2026-11): 1 added, 0 updated, 2 unchanged, 1 left out" in out
    assert "RU-MUR: kept curated lon 33.061, source says 33.05" in out and "--overwrite-curated" in out
    code, out = run("facilities", "import-wpi", str(WORLD / "wpi_sample.csv"), "--edition", "2026-11", "--json")
    assert code == 0 and json.loads(out)["unchanged"] == 3
    code, out = run("facilities", "provenance", "RU-W99001", "--json")
    (prov,) = json.loads(out)
    assert (prov["source"], prov["external_id"], prov["edition"]) == ("wpi", "99001", "2026-11")
    code, out = run("facilities", "import-wpi", str(WORLD / "wpi_sample.csv"), "--overwrite-curated")
    assert code == 0 and "overwrote curated values of RU-MUR" in out


def test_a_bad_file_exits_2_naming_line_and_column_and_stores_nothing(env: Database, tmp_path: Path) -> None:
    bad = tmp_path / "UpdatedPub150.csv"
    bad.write_text((WORLD / "wpi_sample.csv").read_text(encoding="utf-8").replace(",43.1,131.9", ",95,131.9"))
    code, out = run("facilities", "import-wpi", str(bad))
    assert code == 2 and "line 2: Latitude: 95.0 is outside -90..90 degrees" in " ".join(out.split())
    assert run("facilities", "show", "RU-W99001")[0] == 2


def test_import_ourairports_with_runways_and_types(env: Database) -> None:
    airports, runways = str(WORLD / "airports_sample.csv"), str(WORLD / "runways_sample.csv")
    code, out = run("facilities", "import-ourairports", airports, "--runways", runways, "--edition", "e1")
    assert code == 0 and "ourairports (e1): 2 added" in out and "RU-SV3: kept curated lon" in out
    code, out = run("facilities", "show", "RU-UUEE", "--json")
    assert json.loads(out)["notes"].endswith("longest runway 3700 m CON")
    assert run("facilities", "import-ourairports", airports, "--types", "gliderport")[0] == 2


@pytest.fixture
def client(catalogue: Database) -> Iterator[TestClient]:
    api = create_app(Settings(database_url=catalogue.url), catalogue)
    api.dependency_overrides[relos.api.deps.get_actor] = lambda: Actor.operator("test")
    with TestClient(api) as c:
        yield c


def test_the_api_imports_both_sources_and_gives_provenance(client: TestClient) -> None:
    wpi = (WORLD / "wpi_sample.csv").read_text(encoding="utf-8")
    r = client.post("/api/v1/facilities/import-wpi", json={"content": wpi, "edition": "2026-11"})
    assert r.status_code == 200, r.text
    assert r.json()["added"] == 1 and any(k.startswith("RU-MUR: kept curated") for k in r.json()["kept_curated"])
    body = {
        "airports": (WORLD / "airports_sample.csv").read_text(encoding="utf-8"),
        "runways": (WORLD / "runways_sample.csv").read_text(encoding="utf-8"),
        "edition": "2026-12-01",
        "types": ["large_airport"],
    }
    r = client.post("/api/v1/facilities/import-ourairports", json=body)
    assert r.status_code == 200 and r.json()["added"] == 1, r.text
    (prov,) = client.get("/api/v1/facilities/RU-UUEE/provenance").json()
    assert prov["external_id"] == "UUEE" and prov["fields"] == ["name_en", "country", "lat", "lon", "timezone"]


def test_the_api_refuses_a_bad_file_whole_and_a_non_administrator(client: TestClient) -> None:
    wpi = (WORLD / "wpi_sample.csv").read_text(encoding="utf-8").replace(",12.5,", ",deep,")
    r = client.post("/api/v1/facilities/import-wpi", json={"content": wpi, "edition": "x"})
    assert r.status_code == 422
    assert r.json()["errors"] == [
        {
            "field": "Maximum Vessel Draft (m)",
            "line": 2,
            "message": "'deep' is not a number",
            "code": "world_not_number",
        }
    ]
    assert client.get("/api/v1/facilities/RU-W99001").status_code == 404
    client.app.dependency_overrides[relos.api.deps.get_actor] = lambda: Actor("u", "IND", frozenset({Role.REQUESTER}))  # type: ignore[attr-defined]
    r = client.post("/api/v1/facilities/import-wpi", json={"content": wpi, "edition": "x"})
    assert r.status_code == 403
