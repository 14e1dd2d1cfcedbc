"""Opening and closing a facility under an agreement through the API and the command, and the web saying which
access is assumed (both databases)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from tests.e2e.web_helpers import add_people, client_for, csrf_of, sign_in
from typer.testing import CliRunner

import relos.api.deps
from relos.api.app import create_app
from relos.cli.main import app as cli
from relos.clock import Clock
from relos.db.runtime import Database
from relos.domain.actor import Actor, Role
from relos.settings import Settings

RELOS = "relos-ind-rus"
runner = CliRunner()


def _api(db: Database, actor: Actor) -> TestClient:
    app = create_app(Settings(database_url=db.url), db)
    app.dependency_overrides[relos.api.deps.get_actor] = lambda: actor
    return TestClient(app)


def test_an_administrator_opens_and_closes_a_sensitive_site_over_http(catalogue: Database) -> None:
    with _api(catalogue, Actor.operator("admin")) as api:
        body = {"agreement": RELOS, "open": True, "reason": "exercise in the Barents Sea"}
        opened = api.post("/api/v1/facilities/RU-SDV/access", json=body)
        assert opened.status_code == 200 and opened.json()["open_under"] == [RELOS]
        assert "open_under" not in opened.json()["estimated"]
        again = api.post("/api/v1/facilities/RU-SDV/access", json=body)
        assert again.status_code == 409 and again.json()["code"] == "conflict.facility_already_open"
        closed = api.post("/api/v1/facilities/RU-SDV/access", json={**body, "open": False, "reason": "over"})
        assert closed.status_code == 200 and closed.json()["open_under"] == []
        no_reason = api.post("/api/v1/facilities/RU-SDV/access", json={**body, "reason": " "})
        assert no_reason.status_code == 422 and "reason" in no_reason.text


def test_only_an_administrator_changes_access_over_http(catalogue: Database) -> None:
    officer = Actor(user_id="officer", party="IND", roles=frozenset({Role.LOGISTICS_OFFICER}))
    with _api(catalogue, officer) as api:
        body = {"agreement": RELOS, "open": True, "reason": "r"}
        assert api.post("/api/v1/facilities/RU-GDZ/access", json=body).status_code == 403


def test_the_command_opens_and_closes_with_exit_codes(catalogue: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELOS_DATABASE_URL", catalogue.url)
    opened = runner.invoke(cli, ["facilities", "open", "RU-GDZ", RELOS, "--reason", "port visit", "--json"])
    assert opened.exit_code == 0, opened.output
    assert json.loads(opened.stdout)["open_under"] == [RELOS]
    assert runner.invoke(cli, ["facilities", "open", "RU-GDZ", RELOS, "--reason", "again"]).exit_code == 1
    assert runner.invoke(cli, ["facilities", "open", "RU-GDZ", "lemoa-ind-usa", "--reason", "x"]).exit_code == 2
    closed = runner.invoke(cli, ["facilities", "close", "RU-GDZ", RELOS, "--reason", "visit over"])
    assert closed.exit_code == 0 and "open under: none" in closed.output


@pytest.fixture
def web(catalogue: Database) -> Iterator[TestClient]:
    add_people(catalogue)
    with client_for(catalogue) as c:
        yield c


def test_the_facility_page_says_an_access_is_assumed(web: TestClient) -> None:
    page = sign_in(web, "ind.captain").get("/facilities/RU-NAK").text
    assert 'id="access-assumed"' in page and "this access is an assumption" in page
    closed = web.get("/facilities/RU-GDZ").text
    assert 'id="access-assumed"' not in closed and "Sensitive site" in closed


def test_an_administrator_opens_and_closes_a_sensitive_site_from_its_page(web: TestClient) -> None:
    admin = sign_in(web, "rus.admin")
    page = admin.get("/facilities/RU-GDZ").text
    assert 'id="access-form"' in page and 'value="relos-ind-rus"' in page and 'value="lemoa-ind-usa"' not in page
    token = csrf_of(page)
    form = {"agreement": RELOS, "change": "open", "reason": "port visit agreed by note 12/2027", "csrf": token}
    done = admin.post("/facilities/RU-GDZ/access", data=form, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/facilities/RU-GDZ"
    opened = admin.get("/facilities/RU-GDZ").text
    assert "The facility is open to the partner under the agreement" in opened and "port visit agreed" in opened
    again = admin.post("/facilities/RU-GDZ/access", data=form, follow_redirects=False)
    assert again.status_code == 303
    refused = admin.get("/facilities/RU-GDZ").text
    assert "changing the facility&#39;s access" in refused and "already open" in refused
    no_reason = {**form, "change": "close", "reason": " ", "lang": "ru"}
    admin.post("/facilities/RU-GDZ/access", data=no_reason, follow_redirects=False)
    assert "say why the access changes" in admin.get("/facilities/RU-GDZ").text
    closed = admin.post("/facilities/RU-GDZ/access", data={**form, "change": "close", "reason": "over"})
    assert closed.status_code == 200 and "The facility is closed to the partner" in closed.text
    assert "Closed under relos-ind-rus by rus.admin" in closed.text  # in its notes, as in the audit trail


def test_only_an_administrator_sees_and_may_post_the_access_form(web: TestClient) -> None:
    captain = sign_in(web, "ind.captain")
    page = captain.get("/facilities/RU-GDZ").text
    assert 'id="access-form"' not in page
    form = {"agreement": RELOS, "change": "open", "reason": "r", "csrf": csrf_of(page)}
    assert captain.post("/facilities/RU-GDZ/access", data=form, follow_redirects=False).status_code == 303
    refused = captain.get("/facilities/RU-GDZ").text
    assert "changing the facility&#39;s access" in refused and "Opened under" not in refused


PINNED = datetime(2027, 1, 10, 9, 30, tzinfo=UTC)


def _notes(db: Database, facility_id: str) -> str:
    with db.uow(read_only=True) as uow:
        found = uow.facilities.get(facility_id)
        assert found is not None
        return found.notes or ""


def test_a_change_of_access_is_dated_by_the_application_clock_over_http(catalogue: Database) -> None:
    app = create_app(Settings(database_url=catalogue.url), catalogue, Clock(pinned=PINNED))
    app.dependency_overrides[relos.api.deps.get_actor] = lambda: Actor.operator("admin")
    with TestClient(app) as api:
        body = {"agreement": RELOS, "open": True, "reason": "exercise in the Barents Sea"}
        assert api.post("/api/v1/facilities/RU-SDV/access", json=body).status_code == 200
    assert f"Opened under {RELOS} by admin on 2027-01-10" in _notes(catalogue, "RU-SDV")


def test_a_change_of_access_is_dated_by_the_commands_clock(
    catalogue: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RELOS_DATABASE_URL", catalogue.url)
    monkeypatch.setattr("relos.cli.common.CLOCK", Clock(pinned=PINNED))
    opened = runner.invoke(cli, ["facilities", "open", "RU-GDZ", RELOS, "--reason", "port visit"])
    assert opened.exit_code == 0, opened.output
    assert f"Opened under {RELOS} by " in _notes(catalogue, "RU-GDZ")
    assert " on 2027-01-10: port visit" in _notes(catalogue, "RU-GDZ")
