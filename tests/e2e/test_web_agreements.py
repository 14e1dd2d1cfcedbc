"""The agreement register in the web application through HTTP: an agreement's page (titles, parties,
status on a chosen day, terms, events with sources, what is not known), recording an event through the
administrator's form, and what a party may not see."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from tests.conftest import take_relos_in_force
from tests.e2e.web_helpers import add_people, client_for, csrf_of, sign_in

from relos.db.runtime import Database

RELOS = "/agreements/relos-ind-rus"


@pytest.fixture
def client(loaded: Database) -> Iterator[TestClient]:
    add_people(loaded)
    with client_for(loaded) as c:
        yield c


def test_landing_list_links_to_the_agreement_page(client: TestClient) -> None:
    assert f'href="{RELOS}"' in sign_in(client, "rus.commander").get("/").text


def test_agreement_page_shows_terms_events_sources_and_unknowns(client: TestClient) -> None:
    page = sign_in(client, "rus.commander").get(RELOS).text
    assert "Agreement between the Government of the Republic of India" in page
    assert "Соглашение между Правительством Российской Федерации" in page
    assert "India – Russia" in page and '18 Feb 2025, <span lang="en">Moscow</span>' in page
    assert "5 / 10 / 3,000" in page and "raisable by mutual agreement" in page
    assert "joint exercises" in page and "port calls" in page
    assert 'id="reimbursement"' in page and "replacement in kind" in page and "guided missiles" in page
    notice = page.split('id="notice-terms"')[1].split("</dd>")[0]  # said, not a dump of its keys
    assert "at least 14 days before the start, through diplomatic channels" in notice
    assert "for each ship: Name · Class · Displacement, t" in notice and "ships." not in notice
    assert page.count('data-kind="ratification"') >= 3
    assert "Approved by the Federation Council (date disputed" in page and "https://tass.com/economy/2056179" in page
    assert "Date of the Federation Council" in page and "DISPUTED" in page  # both dates, each with its source
    assert 'id="unknown"' in page and "is not public as of November 2026" in page
    assert "https://ria.ru/20251202/voennye-2059190126.html" in page  # the source of the signature


def test_status_on_a_chosen_day_and_a_bad_day_named(client: TestClient) -> None:
    sign_in(client, "ind.captain")
    page = client.get(RELOS, params={"at": "2024-01-01"}).text
    assert 'id="status"><span class="status status-not_signed">not signed' in page
    assert 'id="status"><span class="status status-signed">' in client.get(RELOS, params={"at": "2026-01-01"}).text
    r = client.get(RELOS, params={"at": "someday"})
    assert r.status_code == 422 and "<code>at</code>" in r.text and "is not a day" in r.text
    ru = client.get(RELOS, params={"at": "01.01.2026", "lang": "ru"}).text  # the day as a Russian writes it
    assert 'id="status"><span class="status status-signed">' in ru and 'value="01.01.2026"' in ru


def test_an_automatically_renewed_agreement_shows_its_current_term_not_the_outer_limit(client: TestClient) -> None:
    """LEMOA renews itself every ten years: on 4 December 2026 its second term runs to 29 August 2036, and that
    is what the page says (with the renewal rule), in English and Russian — never 2116."""
    sign_in(client, "ind.captain")
    page = client.get("/agreements/lemoa-ind-usa", params={"at": "2026-12-04"}).text
    term = page.split('id="current-term">')[1].split("</dd>")[0]
    assert "29 Aug 2036" in term and "renews automatically unless a party gives notice" in term
    assert "2116" not in page.split('id="agreement"')[1].split("</section>")[0]
    ru = client.get("/agreements/lemoa-ind-usa", params={"at": "2026-12-04", "lang": "ru"}).text
    assert "Текущий срок по" in ru and "29.08.2036" in ru and "продлевается автоматически" in ru
    relos = client.get(RELOS, params={"lang": "en"}).text  # renewed by consent: its end is the end
    assert 'id="current-term"' not in relos and "In force until (exclusive)" in relos
    assert client.get("/agreements", follow_redirects=False).headers["location"] == "/#agreements-card"


def test_rus_user_gets_the_same_404_page_for_lemoa_as_for_no_agreement(client: TestClient) -> None:
    sign_in(client, "rus.commander")
    hidden, absent = client.get("/agreements/lemoa-ind-usa"), client.get("/agreements/no-such-thing")
    assert hidden.status_code == absent.status_code == 404
    assert "LEMOA" not in hidden.text and "Logistics Exchange" not in hidden.text
    assert hidden.text.replace("lemoa-ind-usa", "X") == absent.text.replace("no-such-thing", "X")
    form = {"csrf": csrf_of(client.get("/").text), "kind": "note", "date": "2026-01-01", "source": "x"}
    assert client.post("/agreements/lemoa-ind-usa/events", data=form).status_code == 404


def test_administrator_records_entry_into_force_and_the_status_follows(client: TestClient) -> None:
    page = sign_in(client, "ind.admin").get(RELOS).text
    assert 'id="record-event"' in page
    form = {
        "csrf": csrf_of(page),
        "kind": "entry_into_force",
        "date": "2026-03-01",
        "party": "",
        "source": "Exchange of notifications, MEA press release",
    }
    r = client.post(f"{RELOS}/events", data=form)
    assert r.status_code == 200 and 'data-kind="entry_into_force"' in r.text and "MEA press release" in r.text
    page = client.get(RELOS, params={"at": "2026-06-01"}).text
    assert "status-in_force" in page and "1 Mar 2031" in page  # five years, until (exclusive)


def test_an_event_without_its_source_is_refused_naming_the_field(client: TestClient) -> None:
    page = sign_in(client, "ind.admin").get(RELOS).text
    form = {"csrf": csrf_of(page), "kind": "ratification", "date": "2024-01-01", "party": "IND", "source": " "}
    r = client.post(f"{RELOS}/events", data=form)
    assert r.status_code == 422 and "<code>source</code>" in r.text and "<code>date</code>" in r.text
    assert "before the signature" in r.text and 'value="2024-01-01"' in r.text  # the form keeps what was typed
    assert '<td class="nowrap">2024-01-01</td>' not in client.get(RELOS).text  # nothing recorded


def test_recording_for_the_other_party_is_forbidden(client: TestClient) -> None:
    page = sign_in(client, "ind.admin").get(RELOS).text
    form = {"csrf": csrf_of(page), "kind": "ratification", "date": "2026-01-05", "party": "RUS", "source": "Duma"}
    r = client.post(f"{RELOS}/events", data=form)
    assert r.status_code == 403 and 'role="alert"' in r.text


def test_only_administrators_get_the_form_and_the_token_is_required(client: TestClient) -> None:
    page = sign_in(client, "rus.commander").get(RELOS).text
    assert 'id="record-event"' not in page
    form = {"csrf": csrf_of(page), "kind": "note", "date": "2026-01-05", "party": "RUS", "source": "x"}
    assert client.post(f"{RELOS}/events", data=form).status_code == 403
    sign_in(client, "ind.admin")
    r = client.post(f"{RELOS}/events", data={**form, "csrf": "forged", "party": "IND"})
    assert r.status_code == 403 and "expired" in r.text
    assert 'data-kind="note"' not in client.get(RELOS).text


def test_agreement_page_in_russian(client: TestClient) -> None:
    page = sign_in(client, "rus.commander").get(RELOS, params={"lang": "ru"}).text
    assert '<html lang="ru">' in page and "Статус на" in page and "ратификация" in page
    assert "Условия возмещения" in page and "Неизвестно" in page and "совместные учения" in page
    assert 'href="/agreements/relos-ind-rus?lang=en"' in page  # the language switch keeps the page


def test_what_users_typed_is_shown_as_text_never_as_markup(client: TestClient) -> None:
    page = sign_in(client, "ind.admin").get(RELOS).text
    form = {"csrf": csrf_of(page), "kind": "note", "date": "2026-02-01", "party": "IND", "source": "<b>memo</b>"}
    r = client.post(f"{RELOS}/events", data={**form, "note": "<script>alert(1)</script>"})
    assert r.status_code == 200 and "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text and "<script>" not in r.text
    assert "&lt;b&gt;memo&lt;/b&gt;" in r.text


def test_register_list_on_a_chosen_day_links_to_that_day(client: TestClient) -> None:
    page = sign_in(client, "ind.captain").get("/", params={"at": "2024-06-01"}).text
    assert "status-not_signed" in page and f'href="{RELOS}?at=2024-06-01"' in page
    r = client.get("/", params={"at": "2024-13-01"})
    assert r.status_code == 422 and "<code>at</code>" in r.text


def test_landing_page_says_when_an_agreement_is_signed_but_not_in_force(client: TestClient, loaded: Database) -> None:
    """RELOS's entry into force is not public: on a fresh register it is only signed, and the landing page
    says what that means (nothing can be made under it) and how it changes."""
    page = sign_in(client, "rus.commander").get("/").text
    assert 'id="signed-only"' in page and "<strong>RELOS</strong>" in page and "entry into force is recorded" in page
    assert 'id="signed-only"' not in client.get("/", params={"at": "2024-06-01"}).text  # not yet signed then
    take_relos_in_force(loaded)
    assert 'id="signed-only"' not in client.get("/").text
