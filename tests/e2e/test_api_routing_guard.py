"""A request tries only the included routers whose routes' paths it could match (relos.api.route_guard): the
health check no longer tries every API route's pattern before its own; what each path and method answer is
unchanged (a route found, 404 for no route, 405 for a route with another method, the web pages, the static
files, the OpenAPI document)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi import routing as fastapi_routing
from fastapi.testclient import TestClient

from relos.api.route_guard import GuardedRouter, guard_included_routers, literal_beginning
from relos.db.runtime import Database
from relos.server import create_app
from relos.settings import Settings


@pytest.fixture
def app(database: Database) -> FastAPI:
    return create_app(Settings(database_url=database.url, secret_key="k" * 40), database)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as c:
        yield c


@pytest.fixture
def tries(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The path pattern of each API route a request was tried against."""
    tried: list[str] = []
    matches = fastapi_routing.APIRoute.matches

    def counted(self: fastapi_routing.APIRoute, scope: Any) -> Any:
        tried.append(self.path_format)
        return matches(self, scope)

    monkeypatch.setattr(fastapi_routing.APIRoute, "matches", counted)
    return tried


def test_literal_beginning_is_the_pattern_up_to_its_first_parameter() -> None:
    assert literal_beginning("/api/v1/deployments/{deployment_id}/approval") == "/api/v1/deployments/"
    assert literal_beginning("/api/v1/deployments") == "/api/v1/deployments"
    assert literal_beginning("/ledger/statement.{fmt}") == "/ledger/statement."


def test_every_included_router_of_the_application_is_guarded(app: FastAPI) -> None:
    included = [r for r in app.router.routes if isinstance(r, fastapi_routing._IncludedRouter)]
    assert len(included) > 20  # the API's routers and the web's
    assert all(isinstance(r, GuardedRouter) for r in included)
    assert guard_included_routers(app) == 0  # guarding again changes nothing


def test_the_health_check_tries_a_handful_of_routes_not_every_one(client: TestClient, tries: list[str]) -> None:
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    # Unguarded, it tried about 95 patterns (every API router's, in turn); now only routes outside routers
    # and those of routers whose paths begin like /api/v1/health.
    assert len(tries) < 10, tries
    assert not [p for p in tries if p.startswith("/api/v1/deployments")]


def test_a_deployment_route_is_tried_only_against_routers_that_could_hold_it(
    client: TestClient, tries: list[str]
) -> None:
    assert client.post("/api/v1/deployments/unknown/approval").status_code == 401  # found, then refused
    # (A route's own pattern, as tried, is the one in its router: /deployments/{deployment_id}/approval.)
    others = ("/agreements", "/orders", "/clearances", "/facilities", "/users", "/balances", "/payments")
    assert not [p for p in tries if p.startswith(others)]
    assert len(tries) < 40, tries  # the deployments router's routes up to the one asked, twice


def test_what_each_path_answers_is_unchanged(client: TestClient) -> None:
    assert client.get("/api/v1/agreements").status_code == 401  # a route, behind sign-in
    assert client.get("/api/v1/no-such-thing").status_code == 404
    assert client.put("/api/v1/health").status_code == 405  # a route outside the routers
    assert client.delete("/api/v1/deployments").status_code == 405  # a route of a guarded router
    assert client.get("/sign-in").status_code == 200  # a web page
    assert client.get("/static/no-such-file.css").status_code == 404
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/deployments/{deployment_id}/approval" in paths
    assert "/api/v1/health" in paths
