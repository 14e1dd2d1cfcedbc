"""Opening and closing a facility under an agreement through the API and the command, and the web saying which
access is assumed (both databases)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime

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
from relos.services.facilities.access import AccessDecision, access_decisions
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
    token = csrf_of(page.split('id="access-form"')[1])  # the access form's own token
    assert token
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
    decisions = closed.text.split('id="access-decisions"')[1].split("</ul>")[0]
    assert "Closed to the partner under" in decisions and "by rus.admin" in decisions and ": over" in decisions
    assert "Opened to the partner under" in decisions and "port visit agreed by note 12/2027" in decisions
    assert decisions.index("Closed to") < decisions.index("Opened to")  # newest first
    assert "Closed under" not in closed.text and "Opened under" not in closed.text  # not written into the notes
    russian = admin.get("/facilities/RU-GDZ?lang=ru").text.split('id="access-decisions"')[1].split("</ul>")[0]
    assert "доступ партнёру по соглашению" in russian and "закрыт (rus.admin). Основание: over" in russian
    assert "Opened" not in russian and "Closed" not in russian and "relos-ind-rus" not in russian


def test_only_an_administrator_sees_and_may_post_the_access_form(web: TestClient) -> None:
    captain = sign_in(web, "ind.captain")
    page = captain.get("/facilities/RU-GDZ").text
    assert 'id="access-form"' not in page
    form = {"agreement": RELOS, "change": "open", "reason": "r", "csrf": csrf_of(page)}
    assert captain.post("/facilities/RU-GDZ/access", data=form, follow_redirects=False).status_code == 303
    refused = captain.get("/facilities/RU-GDZ").text
    assert "changing the facility&#39;s access" in refused and "Opened under" not in refused


PINNED = datetime(2027, 1, 10, 9, 30, tzinfo=UTC)


def _decision(db: Database, facility_id: str) -> AccessDecision:
    """The newest decision on the facility's access (the only one these tests make)."""
    (decision,) = access_decisions(db.uow(read_only=True), actor=Actor.operator("reader"), facility_id=facility_id)
    return decision


def test_a_change_of_access_is_dated_by_the_application_clock_over_http(catalogue: Database) -> None:
    app = create_app(Settings(database_url=catalogue.url), catalogue, Clock(pinned=PINNED))
    app.dependency_overrides[relos.api.deps.get_actor] = lambda: Actor.operator("admin")
    with TestClient(app) as api:
        body = {"agreement": RELOS, "open": True, "reason": "exercise in the Barents Sea"}
        assert api.post("/api/v1/facilities/RU-SDV/access", json=body).status_code == 200
    assert _decision(catalogue, "RU-SDV") == AccessDecision(True, RELOS, "admin", date(2027, 1, 10),
                                                            "exercise in the Barents Sea")  # fmt: skip


def test_a_change_of_access_is_dated_by_the_commands_clock(
    catalogue: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RELOS_DATABASE_URL", catalogue.url)
    monkeypatch.setattr("relos.cli.common.CLOCK", Clock(pinned=PINNED))
    opened = runner.invoke(cli, ["facilities", "open", "RU-GDZ", RELOS, "--reason", "port visit"])
    assert opened.exit_code == 0, opened.output
    decision = _decision(catalogue, "RU-GDZ")
    assert decision.opened and decision.on == date(2027, 1, 10) and decision.reason == "port visit"


def test_decisions_on_access_are_shown_only_under_agreements_the_reader_may_see(catalogue: Database) -> None:
    with _api(catalogue, Actor.operator("admin")) as api:
        body = {"agreement": RELOS, "open": True, "reason": "exercise"}
        assert api.post("/api/v1/facilities/RU-SDV/access", json=body).status_code == 200
    outsider = Actor(user_id="usa.officer", party="USA", roles=frozenset({Role.LOGISTICS_OFFICER}))
    partner = Actor(user_id="ind.officer", party="IND", roles=frozenset({Role.LOGISTICS_OFFICER}))
    assert access_decisions(catalogue.uow(read_only=True), actor=outsider, facility_id="RU-SDV") == []
    (seen,) = access_decisions(catalogue.uow(read_only=True), actor=partner, facility_id="RU-SDV")
    assert seen.opened and seen.agreement_id == RELOS and seen.reason == "exercise"
