"""Every error of the web application is a page in the user's language, never JSON: an address that is no page
(404), a form too large (413), a field too long (422), a fault of the server (500), the database unavailable
(503); a form's error goes back (303) to its page, keeping what was typed where it could be read. The API under
/api/v1 keeps its problem+json. Through HTTP on both databases."""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError
from tests.e2e.web_helpers import KEY, add_people, csrf_of, india_deployment, records_world, sign_in

from relos.db.runtime import Database
from relos.server import create_app
from relos.services.deployments import lifecycle, reads
from relos.settings import Settings
from relos.web.i18n import CATALOGUE

RU, EN = CATALOGUE["ru"], CATALOGUE["en"]
LIMIT = 20_000  # bytes a request may carry, in these tests


@pytest.fixture
def db(orders_db: Database) -> Database:
    add_people(orders_db)
    return records_world(orders_db)


@pytest.fixture
def client(db: Database) -> Iterator[TestClient]:
    settings = Settings(database_url=db.url, secret_key=KEY, cookie_secure=False, max_request_bytes=LIMIT)
    with TestClient(create_app(settings, db), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def deployment(db: Database) -> dict[str, Any]:
    return india_deployment(db, ships=1)


def _html_page(r: Any, status: int, lang: str) -> bool:
    return (
        r.status_code == status
        and r.headers["content-type"].startswith("text/html")
        and f'<html lang="{lang}">' in r.text
    )


def test_an_address_that_is_no_page_is_the_not_found_page_in_the_users_language(client: TestClient) -> None:
    r = client.get("/no/such/page", headers={"Accept-Language": "ru"})
    assert _html_page(r, 404, "ru") and html.escape(RU["not_found"]) in r.text
    sign_in(client, "ind.requester")
    r = client.get("/no/such/page", params={"lang": "ru"})
    assert _html_page(r, 404, "ru") and 'href="/orders"' in r.text  # with the signed-in user's navigation
    assert _html_page(client.post("/orders", data={}), 405, "ru")  # a page's address does not take a form


def test_the_api_keeps_its_problem_json(client: TestClient) -> None:
    r = client.get("/api/v1/no-such-thing")
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
    r = client.post("/api/v1/orders", content=b"x" * (LIMIT + 1), headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.headers["content-type"] == "application/problem+json"


def test_a_form_too_large_goes_back_to_its_page_saying_so_in_the_users_language(
    client: TestClient, deployment: dict[str, Any]
) -> None:
    path = f"/deployments/{deployment['id']}"
    page = sign_in(client, "ind.requester").get(path, params={"lang": "ru"}).text
    form = {"csrf": csrf_of(page), "reason": "Ж" * LIMIT}
    r = client.post(f"{path}/cancel", data=form, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == path
    shown = client.get(path)
    card = shown.text.split('id="refusal"')[1].split("\n</div>")[0]
    assert _html_page(shown, 413, "ru") and html.escape(RU["error.too_large"]) in card
    assert "Не более 20\xa0000 байт" in card  # the limit, written the Russian way
    assert 'data-status="submitted"' in shown.text  # nothing written


def test_a_field_too_long_goes_back_with_what_was_typed_and_the_limit_in_russian(
    client: TestClient, deployment: dict[str, Any]
) -> None:
    path = f"/deployments/{deployment['id']}"
    page = sign_in(client, "ind.requester").get(path, params={"lang": "ru"}).text
    typed = "Учения перенесены " + "Ж" * 2_000
    r = client.post(f"{path}/cancel", data={"csrf": csrf_of(page), "reason": typed})
    assert _html_page(r, 422, "ru") and r.url.path == path
    card = r.text.split('id="refusal"')[1].split("\n</div>")[0]
    said = f'<span data-field="reason">{RU["reason"]}</span>: не более 2\u00a0000 знаков (введено 2\u00a0018)'
    assert RU["refused.deployment.cancel"] in card and said in card
    assert f'value="{typed}"' in r.text


def test_a_fault_of_the_server_is_a_page_and_a_forms_fault_goes_back_to_its_page(
    client: TestClient, deployment: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = f"/deployments/{deployment['id']}"
    page = sign_in(client, "ind.requester").get(path, params={"lang": "ru"}).text

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a fault of the server")

    monkeypatch.setattr(lifecycle, "cancel_deployment", boom)
    r = client.post(f"{path}/cancel", data={"csrf": csrf_of(page), "reason": "postponed"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == path
    shown = client.get(path)
    assert _html_page(shown, 500, "ru") and html.escape(RU["error.server"]) in shown.text
    monkeypatch.setattr(reads, "get_deployment", boom)
    r = client.get(path)
    assert _html_page(r, 500, "ru") and html.escape(RU["error.server"]) in r.text and "RuntimeError" not in r.text
    api = client.get(f"/api/v1/deployments/{deployment['id']}")
    assert api.status_code == 500 and api.headers["content-type"] == "application/problem+json"


def test_the_database_unreachable_is_a_503_page_saying_so(
    client: TestClient, deployment: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = f"/deployments/{deployment['id']}"
    sign_in(client, "ind.requester").get(path, params={"lang": "en"})

    def lost(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr(reads, "get_deployment", lost)
    r = client.get(path)
    assert _html_page(r, 503, "en") and html.escape(EN["error.database_unreachable"]) in r.text
    assert r.headers["retry-after"] == "5"
