"""`relos` starts only what a command needs: the help lists every command without loading any of them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from relos.cli.main import LAZY, app
from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.services.facilities.bundled import load_bundled_agreements, load_bundled_reference_data
from relos.settings import Settings

runner = CliRunner()

HEAVY = ("sqlalchemy", "numpy", "numba", "scipy", "fastapi", "relos.db", "relos.planning", "relos.services")

_PROBE = """
import io, json, sys
from contextlib import redirect_stdout
sys.argv = ["relos", *json.loads(sys.argv[1])]
from relos.cli.main import app
with redirect_stdout(io.StringIO()) as out:
    try:
        app()
    except SystemExit:
        pass
print(json.dumps({"modules": sorted(sys.modules), "help": out.getvalue()}))
"""


def _run(*args: str, env: dict[str, str] | None = None) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


@pytest.mark.parametrize("args", [("--help",), ()])
def test_help_imports_no_database_numerics_or_web(args: tuple[str, ...]) -> None:
    seen = _run(*args)
    modules = seen["modules"]
    assert isinstance(modules, list)
    loaded = sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))
    assert loaded == []
    text = seen["help"]
    assert isinstance(text, str)
    for name in [*LAZY, "init", "serve"]:
        assert f" {name} " in text, name


#: What listing agreements or facilities has no use for: the numerics, the web, the migrations, and the tables
#: and repositories of the other areas (a list loads its own area's only).
NOT_FOR_A_LIST = (
    *("numpy", "numba", "scipy", "fastapi", "alembic", "relos.planning", "relos.api", "relos.web"),
    *(f"relos.db.tables.{t}" for t in ("ledger", "orders", "deployments", "clearances", "exchange", "people")),
    *(f"relos.db.repositories.{r}" for r in ("ledger", "orders", "deployments", "clearances", "claims", "exchange")),
    "relos.db.audit_replay",
)


@pytest.fixture(scope="module")
def initialised(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a database as `relos init` leaves it: the bundled agreements and catalogue."""
    path = tmp_path_factory.mktemp("lists") / "relos.sqlite3"
    shutil.copy(sqlite_template, path)
    db = Database(f"sqlite:///{path}")
    load_bundled_agreements(db.uow(), actor=Actor.operator("test"))
    load_bundled_reference_data(db.uow(), actor=Actor.operator("test"))
    db.dispose()
    return {"RELOS_DATABASE_URL": f"sqlite:///{path}", "RELOS_DATA_DIR": str(path.parent)}


@pytest.mark.parametrize(("group", "expected"), [("agreements", "relos-ind-rus"), ("facilities", "RU-VVO")])
def test_a_list_imports_only_what_it_lists(initialised: dict[str, str], group: str, expected: str) -> None:
    seen = _run(group, "list", "--json", env=initialised)
    listed = json.loads(str(seen["help"]))
    assert expected in {row["id"] for row in listed}
    modules = seen["modules"]
    assert isinstance(modules, list)
    loaded = sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in NOT_FOR_A_LIST))
    assert loaded == []
    assert f"relos.db.tables.{group}" in modules  # the probe saw the list's own work


@pytest.fixture(scope="module")
def network_cached(initialised: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of `initialised` with the sea network already cached: building the cache (once after an
    install or an upgrade of `searoute`) loads scipy, which a route asked afterwards does not."""
    env = {**initialised, "RELOS_CACHE_DIR": str(tmp_path_factory.mktemp("cache"))}
    _run("route", "--from", "IN-BOM", "--to", "RU-VVO", "--unconstrained", "--json", env=env)
    return env


def test_one_route_loads_neither_scipy_nor_the_other_planners(network_cached: dict[str, str]) -> None:
    """Nor SQLAlchemy: a route reads an SQLite catalogue with sqlite3 (relos.db.sqlite_reads)."""
    seen = _run("route", "--from", "IN-BOM", "--to", "RU-VVO", "--unconstrained", "--json", env=network_cached)
    assert json.loads(str(seen["help"]))["feasible"]
    modules = seen["modules"]
    assert isinstance(modules, list)
    heavy = ("scipy", "numba", "pint", "fastapi", "sqlalchemy", "relos.planning.reach.tiers",
             "relos.services.planning.sustainment")  # fmt: skip
    assert sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in heavy)) == []


def test_a_refuelling_route_asked_again_loads_no_scipy(network_cached: dict[str, str]) -> None:
    """The sites' searches are kept on disk by the first ask; the hop search needs no scipy (nor SQLAlchemy)."""
    ask = ("route", "--from", "IN-BOM", "--to", "RU-VVO", "--ship-class", "deepak", "--party", "IND", "--json")
    first = _run(*ask, env=network_cached)
    seen = _run(*ask, env=network_cached)
    assert json.loads(str(seen["help"])) == json.loads(str(first["help"]))
    modules = seen["modules"]
    assert isinstance(modules, list)
    assert sorted(m for m in modules if m.partition(".")[0] in ("scipy", "sqlalchemy")) == []


_PLAN = (
    "ref,agreement,visiting_party,host_party,facility,purpose,start,end,warships,aircraft,personnel\n"
    "r0,relos-ind-rus,RUS,IND,,training,2031-07-24T11:00:00Z,2031-08-03T23:00:00Z,1,0,60\n"
    "r1,lemoa-ind-usa,USA,IND,,joint_exercise,2031-05-13T01:00:00Z,2031-05-24T20:00:00Z,2,0,50\n"
)


def test_a_plan_check_loads_the_loop_built_ahead_of_time_not_numba(initialised: dict[str, str], tmp_path: Path) -> None:
    from relos.planning.engine import plan_kernel_aot

    if plan_kernel_aot.load_compiled() is None:  # scripts/setup builds it; built here when missing
        plan_kernel_aot.build()
    plan = tmp_path / "plan.csv"
    plan.write_text(_PLAN, encoding="utf-8")
    seen = _run("plan", "check", str(plan), "--json", env=initialised)
    assert [r["ref"] for r in json.loads(str(seen["help"]))["results"]] == ["r0", "r1"]
    modules = seen["modules"]
    assert isinstance(modules, list)
    heavy = ("numba", "llvmlite", "scipy", "fastapi")
    assert sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in heavy)) == []


def test_a_group_loads_when_it_runs() -> None:
    seen = _run("plan", "--help")
    assert "relos.cli.plan" in seen["modules"]  # type: ignore[operator]
    assert "check" in seen["help"]  # type: ignore[operator]


@pytest.mark.parametrize("name", sorted(LAZY))
def test_each_help_line_is_what_the_command_says_of_itself(name: str) -> None:
    loaded = LAZY[name].load(name)
    assert (loaded.help or "").strip() == LAZY[name].help
    group_help = runner.invoke(app, [name, "--help"])
    assert group_help.exit_code == 0, group_help.output


def test_an_unknown_command_still_suggests_a_lazy_one() -> None:
    result = runner.invoke(app, ["agreement"])
    assert result.exit_code == 2
    assert "agreements" in result.output


def test_serve_refuses_several_workers_on_sqlite(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("RELOS_DATABASE_URL", f"sqlite:///{tmp_path / 'relos.sqlite3'}")
    result = runner.invoke(app, ["serve", "--workers", "2"])
    assert result.exit_code == 2
    assert "PostgreSQL" in result.output


def test_the_pool_settings_reach_the_postgresql_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELOS_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    monkeypatch.setenv("RELOS_DB_POOL_SIZE", "3")
    monkeypatch.setenv("RELOS_DB_MAX_OVERFLOW", "4")
    engine = Database.from_settings(Settings()).engine  # made without connecting
    assert (engine.pool.size(), engine.pool._max_overflow) == (3, 4)  # type: ignore[attr-defined]


def test_help_draws_without_markdown_or_rich_tracebacks() -> None:
    modules = _run("--help")["modules"]
    assert isinstance(modules, list)
    assert "typer.rich_utils" in modules
    assert "rich.markdown" not in modules and "rich.traceback" not in modules
