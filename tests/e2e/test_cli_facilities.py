"""`relos facilities|classes|aircraft` as scripts call them (both databases)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from relos.cli.main import app
from relos.db.runtime import Database

runner = CliRunner()


@pytest.fixture
def env(catalogue: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    monkeypatch.setenv("RELOS_DATABASE_URL", catalogue.url)
    return catalogue


def run_json(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_list_json_by_country_name_access_and_nearness(env: Database) -> None:
    rows = run_json("facilities", "list", "--json", "--country", "RUS")
    assert isinstance(rows, list) and len(rows) >= 40
    for row in rows:
        assert {"id", "name", "country", "lat", "lon", "kind"} <= row.keys() and row["country"] == "RUS"
    # the Russian name matches the port and the airport named after it (Кневичи: аэропорт Владивосток)
    assert {r["id"] for r in run_json("facilities", "list", "--json", "--name", "Владивосток")} == {"RU-VVO", "RU-KNV"}
    assert [r["id"] for r in run_json("facilities", "list", "--json", "--name", "Кневичи")] == ["RU-KNV"]
    rows = run_json("facilities", "list", "--json", "--open-to", "IND", "--agreement", "relos-ind-rus")
    assert {r["country"] for r in rows} == {"RUS"}
    near = run_json("facilities", "list", "--json", "--near", "43.1,131.9", "--limit", "2")
    assert len(near) == 2 and near[0]["id"] == "RU-VVO" and near[0]["distance_km"] < 10


def test_show_facility_class_and_aircraft_and_unknown_facility(env: Database) -> None:
    assert run_json("facilities", "show", "RU-VVO", "--json")["timezone"] == "Asia/Vladivostok"
    assert runner.invoke(app, ["facilities", "show", "XX-NONE"]).exit_code == 2
    talwar = run_json("classes", "show", "talwar", "--json")
    assert talwar["range_nm"] == 4850 and talwar["source"]
    assert any(t["id"] == "su-30mki" for t in run_json("aircraft", "list", "--json"))


def test_bad_import_exits_2_naming_line_and_field_and_stores_nothing(env: Database, tmp_path: Path) -> None:
    f = tmp_path / "new.csv"
    f.write_text(
        "id,name_en,country,kind,lat,lon,timezone,berth_max_draught_m,source\n"
        "RU-NEW1,New,RUS,port,43,131,Asia/Vladivostok,8,s\n"
        "RU-NEW2,Newer,RUS,port,43,131,Asia/Vladivostok,deep,s\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["facilities", "import", str(f)])
    assert result.exit_code == 2 and "line 3" in result.output and "berth_max_draught_m" in result.output
    assert runner.invoke(app, ["facilities", "show", "RU-NEW1"]).exit_code == 2


def test_export_then_import_changes_nothing(env: Database, tmp_path: Path) -> None:
    out = tmp_path / "facilities.json"
    assert runner.invoke(app, ["facilities", "export", "--format", "json", "-o", str(out)]).exit_code == 0
    result = runner.invoke(app, ["facilities", "import", str(out)])
    assert result.exit_code == 0 and "0 added" in result.output


def test_berth_fit_exits_1_when_the_ship_does_not_fit(env: Database, tmp_path: Path) -> None:
    f = tmp_path / "p.csv"
    f.write_text(
        "id,name_en,country,kind,lat,lon,timezone,berths,berth_max_length_m,berth_max_draught_m,source\n"
        "RU-SML,Small,RUS,port,43,131,Asia/Vladivostok,1,100,4,s\n",
        encoding="utf-8",
    )
    assert runner.invoke(app, ["facilities", "import", str(f)]).exit_code == 0
    assert runner.invoke(app, ["facilities", "fit", "RU-SML", "--ship-class", "talwar"]).exit_code == 1
    assert runner.invoke(app, ["facilities", "fit", "RU-SML", "--length", "90", "--draught", "3"]).exit_code == 0
