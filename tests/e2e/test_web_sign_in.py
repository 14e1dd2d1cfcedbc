"""The web application through HTTP: sign-in with CSRF and lock-out, the landing page in English
and Russian, secure cookie flags, sign-out."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.server import create_app
from relos.services.people import users
from relos.settings import Settings

KEY = "test-secret-key-" + "x" * 32
PASSWORD = "correct horse battery staple"


@pytest.fixture
def db(loaded: Database) -> Database:
    users.create_user(
        loaded.uow(), actor=Actor.operator("test"), user_id="boris", party="RUS", roles=["auditor"], password=PASSWORD
    )
    return loaded


def _client(db: Database, *, secure: bool = False, base_url: str = "http://testserver") -> TestClient:
    settings = Settings(database_url=db.url, secret_key=KEY, cookie_secure=secure)
    return TestClient(create_app(settings, db), base_url=base_url)


@pytest.fixture
def client(db: Database) -> Iterator[TestClient]:
    with _client(db) as c:
        yield c


def _csrf(html: str) -> str:
    return html.split('name="csrf" value="')[1].split('"')[0]


def _sign_in(client: TestClient, password: str = PASSWORD, **headers: str) -> object:
    csrf = _csrf(client.get("/sign-in", headers=headers).text)
    return client.post(
        "/sign-in",
        data={"user_id": "boris", "password": password, "csrf": csrf},
        headers=headers,
        follow_redirects=False,
    )


def test_landing_page_needs_sign_in(client: TestClient) -> None:
    r = client.get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/sign-in"


def test_sign_in_lands_on_the_partys_agreements_with_status(client: TestClient) -> None:
    r = _sign_in(client)
    assert r.status_code == 303 and r.headers["location"] == "/"  # type: ignore[attr-defined]
    page = client.get("/").text
    assert 'data-agreement="relos-ind-rus"' in page and "lemoa" not in page.lower()
    assert "boris" in page and ("RUS" in page or "Russia" in page)  # the party, as its code or its name


def test_session_cookie_is_httponly_samesite_lax_and_secure_by_default(db: Database) -> None:
    with _client(db, secure=True) as client:
        assert "RELOS_COOKIE_SECURE=false" in client.get("/sign-in").text  # the hint: this came over http
    with _client(db, secure=True, base_url="https://testserver") as client:
        page = client.get("/sign-in").text
        assert "RELOS_COOKIE_SECURE=false" not in page
        r = client.post(
            "/sign-in", data={"user_id": "boris", "password": PASSWORD, "csrf": _csrf(page)}, follow_redirects=False
        )
    cookie = next(c for c in r.headers.get_list("set-cookie") if c.startswith("relos_session="))
    flags = {part.strip().lower() for part in cookie.split(";")}
    assert {"httponly", "secure", "samesite=lax", "path=/"} <= flags


def test_sign_in_without_the_forms_csrf_token_is_refused(client: TestClient) -> None:
    client.get("/sign-in")
    r = client.post("/sign-in", data={"user_id": "boris", "password": PASSWORD, "csrf": "forged"})
    assert r.status_code == 403 and "relos_session" not in client.cookies and "expired" in r.text


def test_wrong_password_says_so_without_saying_which_and_a_refresh_sends_nothing_again(client: TestClient) -> None:
    r = _sign_in(client, password="not the password")
    assert r.status_code == 303 and r.headers["location"] == "/sign-in"  # type: ignore[attr-defined]
    page = client.get("/sign-in")
    assert page.status_code == 401 and "wrong user name or password" in page.text
    assert 'value="boris"' in page.text and "not the password" not in page.text
    again = client.get("/sign-in")  # the refresh: a GET, shown once
    assert again.status_code == 200 and "wrong user name or password" not in again.text


def test_fifth_failure_locks_even_the_right_password_out(client: TestClient) -> None:
    for _ in range(5):
        r = _sign_in(client, password="not the password")
        assert r.status_code == 303 and r.headers["location"] == "/sign-in"  # type: ignore[attr-defined]
    assert _sign_in(client).headers["location"] == "/sign-in"  # type: ignore[attr-defined]
    assert "relos_session" not in client.cookies


def test_a_lock_out_from_one_address_leaves_the_user_signing_in_from_another(db: Database) -> None:
    settings = Settings(database_url=db.url, secret_key=KEY, cookie_secure=False)
    app = create_app(settings, db)
    with TestClient(app, client=("198.51.100.7", 40000)) as stranger:
        for _ in range(5):
            _sign_in(stranger, password="not the password")
        assert _sign_in(stranger).headers["location"] == "/sign-in"  # type: ignore[attr-defined]
    with TestClient(app, client=("203.0.113.9", 40000)) as user:
        assert _sign_in(user).headers["location"] == "/"  # type: ignore[attr-defined]
        assert "relos_session" in user.cookies


def test_russian_labels_by_accept_language_and_by_choice(client: TestClient) -> None:
    assert "Войти" in client.get("/sign-in", headers={"Accept-Language": "ru-RU,ru;q=0.9"}).text
    _sign_in(client)
    assert "действует" in client.get("/?lang=ru").text or "подписано" in client.get("/?lang=ru").text
    assert "Соглашения" in client.get("/").text  # remembered in a cookie
    assert "Agreements" in client.get("/?lang=en").text


def test_sign_out_needs_csrf_and_ends_the_session(client: TestClient) -> None:
    _sign_in(client)
    page = client.get("/").text
    assert client.post("/sign-out", data={"csrf": "forged"}).status_code == 403  # back on the page: form expired
    r = client.post("/sign-out", data={"csrf": _csrf(page)}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/sign-in"
    assert client.get("/", follow_redirects=False).status_code == 303


def test_a_stolen_cookie_is_dead_after_sign_out(client: TestClient) -> None:
    _sign_in(client)
    stolen = client.cookies.get("relos_session")
    client.post("/sign-out", data={"csrf": _csrf(client.get("/").text)})
    client.cookies.set("relos_session", stolen or "")
    assert client.get("/api/v1/me").status_code == 401


def test_audit_page_lists_the_partys_entries(client: TestClient) -> None:
    _sign_in(client)
    page = client.get("/audit").text
    assert 'id="audit"' in page and "relos-ind-rus" in page and "lemoa" not in page


def test_stylesheet_is_served_locally(client: TestClient) -> None:
    r = client.get("/static/relos.css")
    assert r.status_code == 200 and "--accent" in r.text
    assert "http" not in client.get("/sign-in").text.split("<main>")[0].replace('lang="', "")


def test_pages_load_nothing_from_elsewhere_and_refuse_framing(client: TestClient) -> None:
    csp = client.get("/sign-in").headers["content-security-policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
