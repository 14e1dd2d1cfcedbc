"""The example files in docs/examples/ are accepted as a user would send them: through `relos` on a fresh
database (after `relos init` and the assumed entry into force the examples' README asks for), and as the
bodies of the HTTP API. Every example is linked from a page of the docs and loaded here."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import relos.api.deps
from relos.api.app import create_app
from relos.cli.main import app
from relos.db.runtime import Database
from relos.domain.actor import Actor, Role
from relos.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "examples"
runner = CliRunner()
IND_REQUESTER = Actor(user_id="ind.requester", party="IND", roles=frozenset({Role.REQUESTER}))
#: each example and the page of the docs that links it (all are listed in docs/examples/README.md, which
#: docs/ledger.md's orders do not link yet: the order and price list are reached from the index)
PAGES = {
    "deployment.json": "deployments.md",
    "plan.csv": "deployments.md",
    "plan.json": "deployments.md",
    "clearance-port-call.json": "clearances.md",
    "clearance-airspace.json": "clearances.md",
    "price-list.json": None,
    "order.json": None,
}


def example(name: str) -> Path:
    return EXAMPLES / name


def run_relos(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def env(database: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    """As the examples' README says: `relos init`, then RELOS's entry into force (not public) assumed."""
    monkeypatch.setenv("RELOS_DATABASE_URL", database.url)
    assert runner.invoke(app, ["init"]).exit_code == 0
    event = ["agreements", "record-event", "relos-ind-rus", "entry_into_force", "--date", "2026-01-01"]
    assert runner.invoke(app, [*event, "--source", "assumed to try the examples"]).exit_code == 0
    return database


@pytest.fixture
def client(env: Database) -> Iterator[TestClient]:
    api = create_app(Settings(database_url=env.url), env)
    api.dependency_overrides[relos.api.deps.get_actor] = lambda: IND_REQUESTER
    with TestClient(api) as c:
        yield c


def _links(page: Path) -> str:
    return page.read_text(encoding="utf-8")


def test_every_example_is_loaded_here_and_linked_from_the_docs() -> None:
    files = {p.name for p in EXAMPLES.iterdir() if p.name != "README.md"}
    assert files == set(PAGES)
    index = _links(example("README.md"))
    assert sorted(f for f in files if f"]({f})" not in index) == []
    unlinked = [f for f, page in PAGES.items() if page and f"](examples/{f})" not in _links(ROOT / "docs" / page)]
    assert unlinked == []
    assert all("](examples/README.md)" in _links(ROOT / "docs" / page) for page in set(PAGES.values()) if page)


def test_the_deployment_example_is_created_submitted_and_approved(env: Database) -> None:
    created = run_relos("deployments", "create", str(example("deployment.json")), "--by", "ind.requester")
    assert (created["status"], created["totals"]) == ("draft", {"warships": 1, "aircraft": 1, "personnel": 200})
    assert run_relos("deployments", "submit", created["id"], "--by", "ind.requester")["status"] == "submitted"
    assert run_relos("deployments", "approve", created["id"], "--by", "rus.approver")["status"] == "approved"


@pytest.mark.parametrize(
    ("name", "kind"), [("clearance-port-call.json", "port_call"), ("clearance-airspace.json", "airspace")]
)
def test_the_clearance_examples_are_prepared_complete(env: Database, name: str, kind: str) -> None:
    prepared = run_relos("clearances", "prepare", str(example(name)), "--by", "ind.requester", "--json")
    assert (prepared["kind"], prepared["status"], prepared["missing"]) == (kind, "draft", [])


@pytest.mark.parametrize("name", ["plan.csv", "plan.json"])
def test_the_plan_examples_are_admitted_row_by_row(env: Database, name: str) -> None:
    checked = run_relos("plan", "check", str(example(name)), "--json")
    assert (checked["admitted"], checked["rejected"]) == (3, 0)
    assert [r["ref"] for r in checked["results"]] == ["ex-1", "ex-2", "ex-3"]


def test_the_order_example_takes_the_price_list_examples_prices(env: Database) -> None:
    listed = run_relos("orders", "price-list", str(example("price-list.json")), "--by", "rus.logistics")
    assert [i["item_code"] for i in listed["items"]] == ["water-potable", "tug-harbour"]
    order = run_relos("orders", "create", str(example("order.json")), "--by", "ind.requester")
    assert order["status"] == "draft"
    prices = [(ln["item_code"], ln["unit_price"]["amount"]) for ln in order["lines"]]
    assert prices == [("water-potable", "100.00"), ("tug-harbour", "45000.00"), ("F-76", "62000.00")]


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/v1/deployments", "deployment.json"),
        ("/api/v1/clearances", "clearance-port-call.json"),
        ("/api/v1/clearances", "clearance-airspace.json"),
    ],
)
def test_the_examples_are_bodies_of_the_api(client: TestClient, path: str, name: str) -> None:
    body = json.loads(example(name).read_text(encoding="utf-8"))
    response = client.post(path, json=body)
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "draft"


def test_the_plan_example_is_a_body_of_the_plan_check_api(client: TestClient) -> None:
    rows = json.loads(example("plan.json").read_text(encoding="utf-8"))
    checked = client.post("/api/v1/plan-checks", json={"rows": rows})
    assert checked.status_code == 200, checked.text
    assert (checked.json()["admitted"], checked.json()["rejected"]) == (3, 0)
