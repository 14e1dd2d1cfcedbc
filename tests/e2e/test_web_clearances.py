"""Clearances in the web application through HTTP: the list and what is due soon, a clearance's notice
content, status history, number and restrictions, the host's decision forms and the visiting side's,
the notice downloaded as text and PDF in English and Russian, refusals naming the field or rule, and what
a party may not see (the same 404 page as for nothing)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.e2e.web_helpers import (
    actor,
    add_people,
    client_for,
    csrf_of,
    india_deployment,
    port_call_for,
    records_world,
    sign_in,
    window,
)
from tests.integration import clearance_helpers

from relos.db.runtime import Database
from relos.services import locale_format
from relos.services.clearances import lifecycle as service

ABSENT = "0190a000-0000-7000-8000-000000000000"


@pytest.fixture
def db(orders_db: Database) -> Database:
    add_people(orders_db)
    return records_world(orders_db)


@pytest.fixture
def client(db: Database) -> Iterator[TestClient]:
    with client_for(db) as c:
        yield c


@pytest.fixture
def deployment(db: Database) -> dict[str, Any]:
    return india_deployment(db, ships=1)


@pytest.fixture
def submitted(db: Database, deployment: dict[str, Any]) -> dict[str, Any]:
    return port_call_for(db, deployment)


def _post(client: TestClient, path: str, page: str, **data: str) -> Any:
    return client.post(path, data={"csrf": csrf_of(page), **data}, follow_redirects=True)


def _lemoa_clearance(db: Database) -> dict[str, Any]:
    start, end = window(40)
    details = clearance_helpers.port_call(ships=[{**clearance_helpers.TALWAR, "name": "USS Example"}])
    return service.prepare_clearance(
        db.uow(),
        actor=actor("usa.requester"),
        agreement_id="lemoa-ind-usa",
        kind="port_call",
        facility_id="IN-TST",
        start=start,
        end=end,
        purpose="port_call",
        details=details,
    )


def test_list_shows_the_partys_clearances_and_what_is_due_soon_by_deadline(
    client: TestClient, db: Database, deployment: dict[str, Any]
) -> None:
    draft = port_call_for(db, india_deployment(db, ships=1, days_ahead=20, first=11), submit=False)
    page = sign_in(client, "ind.clearance").get("/clearances").text
    due = page.split('id="due-list"')[1].split("</table>")[0]
    assert f'data-due="{draft["id"]}"' in due and f'data-due="{deployment["id"]}"' in due
    assert due.index(draft["id"]) < due.index(deployment["id"])  # the earlier deadline first
    assert "Port-call notice" in due and "INS Test 1" in due  # the deployment's ship without a clearance
    assert f'data-clearance="{draft["id"]}"' in page.split('id="clearances"')[1]
    assert draft["id"] not in client.get("/clearances", params={"status": "approved"}).text.split('id="due"')[0]
    r = client.get("/clearances", params={"status": "lost"})
    assert r.status_code == 422 and "<code>status</code>" in r.text and "is not a clearance status" in r.text


def test_rus_user_gets_the_same_404_page_for_a_lemoa_clearance_as_for_none(client: TestClient, db: Database) -> None:
    theirs = _lemoa_clearance(db)
    sign_in(client, "rus.clearance")
    hidden = client.get(f"/clearances/{theirs['id']}")
    absent = client.get(f"/clearances/{ABSENT}")
    assert hidden.status_code == absent.status_code == 404
    assert hidden.text.replace(theirs["id"], "X") == absent.text.replace(ABSENT, "X")
    assert "USS Example" not in hidden.text and theirs["id"] not in client.get("/clearances").text
    notice = client.get(f"/clearances/{theirs['id']}/notice.txt", params={"language": "en"})
    assert notice.status_code == 404 and "USS Example" not in notice.text
    r = client.post(
        f"/clearances/{theirs['id']}/deny", data={"csrf": csrf_of(client.get("/clearances").text), "reason": "x"}
    )
    assert r.status_code == 404 and "USS Example" not in r.text


def test_clearance_page_shows_the_notice_content_local_time_deadline_and_history(
    client: TestClient, submitted: dict[str, Any]
) -> None:
    page = sign_in(client, "rus.clearance").get(f"/clearances/{submitted['id']}").text
    assert 'data-status="submitted"' in page and "INS Test 1" in page and "124.8" in page
    assert "Captain Rahul Sharma" in page and "VHF 156.800 MHz (channel 16)" in page
    start = locale_format.day(submitted["start"], "en")
    assert "Asia/Vladivostok" in page and f"{start} 10:00" in page  # UTC+10 beside UTC
    assert f"14 days · Submit by {locale_format.day(submitted['submit_by_local_date'], 'en')}" in page
    history = page.split('id="history"')[1]
    assert "ind.clearance · India" in history and "submitted" in history
    assert 'id="approve-clearance"' in page and 'id="cancel-clearance"' not in page
    for lang in ("en", "ru", "both"):
        assert f"/clearances/{submitted['id']}/notice.pdf?language={lang}" in page
    mine = sign_in(client, "ind.clearance").get(f"/clearances/{submitted['id']}").text
    assert 'id="cancel-clearance"' in mine and 'id="approve-clearance"' not in mine


def test_host_approves_with_a_number_and_a_number_is_not_given_twice(
    client: TestClient, db: Database, submitted: dict[str, Any]
) -> None:
    path = f"/clearances/{submitted['id']}"
    page = sign_in(client, "rus.clearance").get(path).text
    r = _post(client, f"{path}/approve", page, clearance_number="RU-PC-7")
    assert r.status_code == 200 and 'data-status="approved"' in r.text and "<strong>RU-PC-7</strong>" in r.text
    assert "rus.clearance · Russia" in r.text.split('id="history"')[1]
    other = port_call_for(db, india_deployment(db, ships=1, days_ahead=60))
    page = client.get(f"/clearances/{other['id']}").text
    r = _post(client, f"/clearances/{other['id']}/approve", page, clearance_number="RU-PC-7")
    assert r.status_code == 409 and 'data-status="submitted"' in r.text and "RU-PC-7" in r.text


def test_host_approves_with_restrictions_which_are_listed_and_escaped(
    client: TestClient, submitted: dict[str, Any]
) -> None:
    path = f"/clearances/{submitted['id']}"
    page = sign_in(client, "rus.clearance").get(path).text
    r = _post(client, f"{path}/approve", page, clearance_number="RU-PC-8", with_restrictions="1", restrictions=" ")
    assert r.status_code == 422 and "<code>restrictions</code>" in r.text and 'data-status="submitted"' in r.text
    r = _post(
        client, f"{path}/approve", page, clearance_number="RU-PC-8", with_restrictions="1",
        restrictions="Berth 3 only\n<b>No boats ashore</b>",
    )  # fmt: skip
    assert r.status_code == 200 and 'data-status="approved_with_restrictions"' in r.text
    listed = r.text.split('id="restrictions"')[1].split("</ol>")[0]
    assert "<li>Berth 3 only</li>" in listed and "&lt;b&gt;No boats ashore&lt;/b&gt;" in listed and "<b>" not in listed


def test_host_denies_with_reason_or_asks_for_more_information(
    client: TestClient, db: Database, submitted: dict[str, Any]
) -> None:
    path = f"/clearances/{submitted['id']}"
    page = sign_in(client, "rus.clearance").get(path).text
    r = _post(client, f"{path}/ask", page, questions="Which berth does the commander prefer?")
    assert r.status_code == 200 and 'data-status="need_more_information"' in r.text
    assert "Which berth does the commander prefer?" in r.text
    other = port_call_for(db, india_deployment(db, ships=1, days_ahead=60))
    page = client.get(f"/clearances/{other['id']}").text
    r = _post(client, f"/clearances/{other['id']}/deny", page, reason=" ")
    assert r.status_code == 422 and "<code>reason</code>" in r.text
    r = _post(client, f"/clearances/{other['id']}/deny", page, reason="The port is closed for repairs")
    assert r.status_code == 200 and 'data-status="denied"' in r.text and "The port is closed for repairs" in r.text


def test_visitor_submits_a_draft_and_a_late_one_is_refused_naming_the_lead_time(
    client: TestClient, db: Database
) -> None:
    draft = port_call_for(db, india_deployment(db, ships=1), submit=False)
    page = sign_in(client, "ind.requester").get(f"/clearances/{draft['id']}").text
    r = _post(client, f"/clearances/{draft['id']}/submit", page)
    assert r.status_code == 200 and 'data-status="submitted"' in r.text and 'id="done"' in r.text
    late = port_call_for(db, india_deployment(db, ships=1, days_ahead=5), submit=False)
    page = client.get(f"/clearances/{late['id']}").text
    r = _post(client, f"/clearances/{late['id']}/submit", page)
    assert r.status_code == 409 and 'data-rule="lead_time"' in r.text and 'data-status="draft"' in r.text
    assert "The notice is due at least 14 days before the start" in r.text
    r = _post(client, f"/clearances/{late['id']}/cancel", page, reason="Exercise moved")
    assert r.status_code == 200 and 'data-status="cancelled"' in r.text


def test_a_form_without_its_token_is_refused_and_changes_nothing(
    client: TestClient, db: Database, submitted: dict[str, Any]
) -> None:
    sign_in(client, "rus.clearance")
    r = client.post(f"/clearances/{submitted['id']}/approve", data={"clearance_number": "X-1"})
    assert r.status_code == 403
    got = service.get_clearance(db.uow(), actor=actor("rus.clearance"), clearance_id=submitted["id"])
    assert got["status"] == "submitted" and got["clearance_number"] is None


def test_notice_downloads_as_text_and_pdf_in_english_and_russian(client: TestClient, submitted: dict[str, Any]) -> None:
    path = f"/clearances/{submitted['id']}/notice"
    sign_in(client, "ind.requester")
    en = client.get(f"{path}.txt", params={"language": "en"})
    assert en.status_code == 200 and en.headers["content-type"].startswith("text/plain")
    assert "attachment" in en.headers["content-disposition"] and "INS Test 1" in en.text
    ru = client.get(f"{path}.txt", params={"language": "ru"})
    assert "Уведомление о заходе военных кораблей" in ru.text and "Notice" not in ru.text.splitlines()[0]
    pdf = client.get(f"{path}.pdf", params={"language": "both"})
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf" and pdf.content[:5] == b"%PDF-"
    r = client.get(f"{path}.txt", params={"language": "de"})
    assert r.status_code == 422 and "<code>language</code>" in r.text


def test_russian_labels(client: TestClient, submitted: dict[str, Any]) -> None:
    sign_in(client, "rus.clearance")
    page = client.get(f"/clearances/{submitted['id']}", params={"lang": "ru"}).text
    assert "Уведомление о заходе военных кораблей" in page and "Разрешить с ограничениями" in page
    assert "История статусов" in page and "направлено" in page and "Скачать уведомление" in page
    assert "Скоро срок направления" in client.get("/clearances").text
