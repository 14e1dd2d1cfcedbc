"""The examples docs/planning.md quotes are what the commands print on a fresh database (`relos init`, both
databases): the route Mumbai → Petropavlovsk-Kamchatsky for a ship of 4,500 nm (its stops, legs and the fuel at
each stop; infeasible on India's own facilities) and the Talwar's 30-day reach from Mumbai by tier (facilities and
sea nodes of own / + agreement / + commercial ports / + tanker). A catalogue change that moves a figure fails here
until the page quotes the new output."""

from __future__ import annotations

import itertools
import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from relos.cli.main import app
from relos.db.runtime import Database

PAGE = Path(__file__).resolve().parents[2] / "docs" / "planning.md"
runner = CliRunner()
TIER_NAMES = {
    "own facilities": "own",
    "+ agreement": "agreement",
    "+ commercial ports": "commercial",
    "+ tanker": "tanker",
}


def quoted(command: str) -> tuple[list[str], list[str]]:
    """The arguments of the `$ relos <command> ...` line the page quotes, and the output lines under it."""
    text = PAGE.read_text(encoding="utf-8")
    found = re.search(rf"```text\n\$ relos {command} (.*?)\n(.*?)```", text, re.S)
    assert found, f"docs/planning.md quotes no `relos {command}` example"
    return [command, *shlex.split(found.group(1))], found.group(2).splitlines()


def cells(lines: list[str]) -> list[list[str]]:
    """The cells of the table rows among the quoted lines (a cell wrapped onto a second row joins the first)."""
    rows: list[list[str]] = []
    for line in lines:
        if not line.startswith("│"):
            continue
        row = [c.strip() for c in line.strip("│").split("│")]
        if rows and not row[0]:
            rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], row, strict=True)]
        else:
            rows.append(row)
    return rows


def run(*args: str) -> tuple[int, Any]:
    result = runner.invoke(app, list(args))
    try:
        return result.exit_code, json.loads(result.stdout)
    except json.JSONDecodeError:
        return result.exit_code, result.output


@pytest.fixture
def fresh(database: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    monkeypatch.setenv("RELOS_DATABASE_URL", database.url)
    code, out = run("init")
    assert code == 0, out
    return database


def test_the_route_example_is_what_relos_route_prints(fresh: Database) -> None:
    args, lines = quoted("route")
    code, data = run(*args, "--json")
    assert code == 0 and data["feasible"], data
    head = f"route: {data['distance_nm']:.1f} nm, {data['duration_h']:.1f} h, stops: {', '.join(data['stops'])}"
    assert lines[0] == head
    legs = [[leg["from"], leg["to"], f"{leg['distance_nm']:.1f}"] for leg in data["legs"]]
    rows = cells(lines)
    assert rows[: len(legs)] == legs
    fuel = [
        [
            s["facility"],
            s["takes"],
            ", ".join(s["offered"]),
            s.get("substitute_for", ""),
            s.get("substitution_basis", ""),
        ]
        for s in data["fuel_at_stops"]
    ]
    assert [[r[0], r[1], r[2].replace(",  ", ", "), r[3], r[4]] for r in rows[len(legs) :]] == fuel
    assert data["stops"] == ["IN-IXZ", "RU-NAK"] and all(leg["distance_nm"] <= 4500 for leg in data["legs"])


def test_the_route_on_own_facilities_is_refused_as_the_page_says(fresh: Database) -> None:
    args, _ = quoted("route")
    own = [*args[: args.index("--agreements")], "--agreements", "none"]
    code, text = run(*own)
    assert code == 1
    page = " ".join(PAGE.read_text(encoding="utf-8").split())
    said = " ".join(text.split())
    assert said.startswith("no feasible route:") and said in page


def test_the_reach_comparison_example_is_what_relos_reach_prints(fresh: Database) -> None:
    args, lines = quoted("reach")
    code, data = run(*args, "--json")
    assert code == 0, data
    printed = [
        [t["tier"], str(t["facilities"]), str(t["sea_nodes"]), f"{t['leg_nm']:g}", f"{t['speed_kn']:g}"]
        for t in data["tiers"]
    ]
    documented = [[TIER_NAMES[r[0]], *r[1:]] for r in cells(lines)]
    assert documented == printed
    tiers = data["tiers"]
    for before, after in itertools.pairwise(tiers):  # every tier adds sea
        assert after["sea_nodes"] > before["sea_nodes"], after["tier"]
    # facilities: commercial bunkering and the tanker add some; the agreements (LEMOA's Diego Garcia, RELOS) add
    # sea but no facility within 30 days on the bundled catalogue, as the page says
    assert tiers[0]["facilities"] == tiers[1]["facilities"] < tiers[2]["facilities"] < tiers[3]["facilities"]
