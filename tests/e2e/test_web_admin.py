"""The administrators' pages through HTTP on both databases: create a user (refused on the same page naming the
field and keeping what was typed; the same form sent twice creates one), disable and enable (the last
administrator stays), set roles (not taking the last administrator's) and language; issue a token (its secret
shown once) and revoke it; import an agreement file (refused when its signature lies ahead); CSRF refusals; a
user who is no administrator gets the service's refusal."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.e2e import web_helpers as w

import relos
from relos.db.runtime import Database
from relos.services.agreements import register
from relos.services.people import tokens, users

NEW = {"user_id": "ind.analyst", "display_name": "Meera Rao", "language": "ru", "password": "a long enough passphrase"}


@pytest.fixture
def client(orders_db: Database) -> Iterator[TestClient]:
    w.add_people(orders_db)
    with w.client_for(orders_db) as c:
        yield c


def names_field(html: str, name: str) -> bool:
    """The refusal card names the field (by its label, or by its code where the catalogue has no label)."""
    card = html.split('role="alert"', 1)[1].split("</div>", 1)[0] if 'role="alert"' in html else ""
    return f'data-field="{name}"' in card or f"<code>{name}</code>" in card


def form_of(html: str, action: str) -> dict[str, str]:
    """The hidden fields (csrf, key) of the form posting to `action`."""
    form = html.split(f'action="{action}"', 1)[1].split("</form>", 1)[0]
    return dict(re.findall(r'type="hidden" name="([a-z]+)" value="([^"]*)"', form))


def test_an_administrator_creates_a_user_once_and_a_refusal_keeps_what_was_typed(
    client: TestClient, orders_db: Database
) -> None:
    page = w.sign_in(client, "ind.admin").get("/admin/users").text
    hidden = form_of(page, "/admin/users")
    short = {**NEW, "password": "short", "roles": ["requester"], **hidden}
    r = client.post("/admin/users", data=short, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/admin/users"
    refused = client.get("/admin/users")
    assert refused.status_code == 422 and names_field(refused.text, "password")
    assert 'value="Meera Rao"' in refused.text and "short" not in refused.text.split('id="new-user"')[1]
    hidden = form_of(refused.text, "/admin/users")
    good = {**NEW, "roles": ["requester", "auditor"], **hidden}
    assert client.post("/admin/users", data=good, follow_redirects=False).status_code == 303
    again = client.post("/admin/users", data=good, follow_redirects=True)  # the same form sent twice
    assert again.status_code == 200 and 'id="done"' in again.text
    made = users.get_user(orders_db.uow(), actor=w.actor("ind.admin"), user_id="ind.analyst")
    assert {r.value for r in made.roles} == {"requester", "auditor"} and made.language == "ru"
    assert 'data-user="ind.analyst"' in again.text and "Meera Rao" in again.text


def test_the_last_administrator_stays_and_roles_and_language_are_set(client: TestClient, orders_db: Database) -> None:
    page = w.sign_in(client, "rus.admin").get("/admin/users").text
    r = client.post("/admin/users/rus.admin/disable", data=form_of(page, "/admin/users/rus.admin/disable"))
    assert r.status_code == 409 and "last active administrator" in r.text and 'data-disabled="no"' in r.text
    page = client.get("/admin/users").text
    data = {**form_of(page, "/admin/users/rus.admin/roles"), "roles": ["auditor"]}
    r = client.post("/admin/users/rus.admin/roles", data=data)
    assert r.status_code == 409 and "refused" in r.text
    page = client.get("/admin/users").text
    data = {**form_of(page, "/admin/users/rus.logistics/roles"), "roles": ["logistics_officer", "finance_officer"]}
    r = client.post("/admin/users/rus.logistics/roles", data=data)
    assert r.status_code == 200, re.findall(r"role=\"alert\".{0,600}", r.text, re.S)
    page = client.get("/admin/users").text
    data = {**form_of(page, "/admin/users/rus.logistics/language"), "language": "ru"}
    assert client.post("/admin/users/rus.logistics/language", data=data).status_code == 200
    page = client.get("/admin/users").text
    data = form_of(page, "/admin/users/rus.logistics/disable")
    assert client.post("/admin/users/rus.logistics/disable", data=data).status_code == 200
    user = users.get_user(orders_db.uow(), actor=w.actor("rus.admin"), user_id="rus.logistics")
    assert user.disabled and user.language == "ru"
    assert {r.value for r in user.roles} == {"logistics_officer", "finance_officer"}
    assert "ind.admin" not in client.get("/admin/users").text  # India's users are not Russia's to see


def test_a_token_is_shown_once_and_revoked(client: TestClient, orders_db: Database) -> None:
    page = w.sign_in(client, "ind.admin").get("/admin/tokens").text
    data = {**form_of(page, "/admin/tokens"), "user_id": "ind.admin", "name": "planning script", "days": "30"}
    shown = client.post("/admin/tokens", data=data)
    assert shown.status_code == 200, re.findall(r"role=\"alert\".{0,600}", shown.text, re.S)
    secret = re.search(r'id="token-secret">([^<]+)<', shown.text)
    assert shown.status_code == 200 and secret is not None
    assert secret.group(1) not in client.get("/admin/tokens").text  # shown once
    issued = tokens.list_tokens(orders_db.uow(), actor=w.actor("ind.admin"), user_id="ind.admin")
    assert [t.name for t in issued] == ["planning script"]
    lived = issued[0].expires_at - issued[0].created_at
    assert lived <= timedelta(hours=12)  # it never outlives the web session that issued it (30 days asked)
    page = client.get("/admin/tokens").text
    token_id = issued[0].credential_id
    r = client.post(f"/admin/tokens/{token_id}/revoke", data=form_of(page, f"/admin/tokens/{token_id}/revoke"))
    assert r.status_code == 200 and 'data-live="no"' in r.text
    page = client.get("/admin/tokens").text
    data = {**form_of(page, "/admin/tokens"), "user_id": "ind.admin", "name": "x", "days": "400"}
    r = client.post("/admin/tokens", data=data)
    assert r.status_code == 422 and names_field(r.text, "days") and 'value="400"' in r.text


def test_a_token_never_outranks_the_administrator(client: TestClient) -> None:
    page = w.sign_in(client, "ind.admin").get("/admin/tokens").text
    data = {**form_of(page, "/admin/tokens"), "user_id": "ind.captain", "name": "approvals", "days": "5"}
    r = client.post("/admin/tokens", data=data)
    assert r.status_code == 403 and "outranks" in r.text


def test_importing_an_agreement_file(client: TestClient) -> None:
    page = w.sign_in(client, "ind.admin").get("/admin/agreements").text
    text = _relos_file().read_text(encoding="utf-8")
    hidden = form_of(page, "/admin/agreements")
    ahead = text.replace("signed = 2025-02-18", "signed = 2099-02-18")
    r = client.post("/admin/agreements", data=hidden, files={"file": ("relos.toml", ahead.encode(), "text/plain")})
    assert r.status_code == 422 and ("2099" in r.text or "recorded_in_future" in r.text)
    page = client.get("/admin/agreements").text
    hidden = form_of(page, "/admin/agreements")
    r = client.post("/admin/agreements", data=hidden, files={"file": ("relos.toml", text.encode(), "text/plain")})
    assert r.status_code == 200 and 'id="done"' in r.text and 'data-agreement="relos-ind-rus"' in r.text


def test_the_register_shows_an_automatically_renewed_agreement_until_the_end_of_its_current_term(
    client: TestClient,
) -> None:
    """LEMOA renews itself every ten years: the register says when its current term ends, and that it renews —
    not the outer bound of all its possible renewals (2116), in English and Russian."""
    page = w.sign_in(client, "ind.admin").get("/admin/agreements").text
    row = page.split('data-agreement="lemoa-ind-usa"')[1].split("</tr>")[0]
    assert "2116" not in row and 'data-renews="automatic"' in row and "renews automatically" in row
    ru = client.get("/admin/agreements", params={"lang": "ru"}).text
    row = ru.split('data-agreement="lemoa-ind-usa"')[1].split("</tr>")[0]
    assert "2116" not in row and "продлевается автоматически" in row
    relos = page.split('data-agreement="relos-ind-rus"')[1].split("</tr>")[0]  # renewed by consent: no such note
    assert "data-renews" not in relos


def test_forms_need_their_token_and_the_pages_their_authority(client: TestClient) -> None:
    w.sign_in(client, "ind.admin")
    r = client.post("/admin/users", data={**NEW, "roles": ["requester"], "csrf": "forged"})
    assert r.status_code == 403 and "ind.analyst" not in r.text
    w.sign_in(client, "ind.requester")
    assert client.get("/admin/users").status_code == 403
    page = client.get("/admin/tokens").text  # anyone sees and issues their own tokens
    assert 'id="token-user"' not in page and 'id="issue-token"' in page


def _relos_file() -> Path:
    return Path(relos.__file__).parent / "data" / "agreements" / "relos-ind-rus.toml"


def test_an_event_sent_twice_is_recorded_once_with_its_source(client: TestClient, orders_db: Database) -> None:
    page = w.sign_in(client, "ind.admin").get("/agreements/relos-ind-rus").text
    action = "/agreements/relos-ind-rus/events"
    note = {"kind": "note", "date": "2026-02-01", "source": "Press release of 1 February 2026", "note": "visit"}
    data = {**form_of(page, action), **note}
    first = client.post(action, data=data, follow_redirects=False)
    second = client.post(action, data=data, follow_redirects=True)
    assert first.status_code == 303 and second.status_code == 200 and 'id="done"' in second.text
    view = register.get_agreement(
        orders_db.uow(), actor=w.actor("ind.admin"), agreement_id="relos-ind-rus", at=date(2026, 6, 1)
    )
    assert [e.source for e in view.events if e.kind.value == "note"] == ["Press release of 1 February 2026"]
    page = client.get("/agreements/relos-ind-rus").text
    r = client.post(action, data={**form_of(page, action), **note, "source": ""})
    assert r.status_code == 422 and names_field(r.text, "source") and 'value="visit"' in r.text
