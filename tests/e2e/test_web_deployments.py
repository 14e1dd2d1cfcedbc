"""Deployments in the web application through HTTP: the list and its filters (overstays marked), a
deployment's units, totals, window, decision and versions, the lifecycle as forms with their anti-forgery
token, a refused approval showing the service's explanation, the presence page, and what a party may not
see (the same 404 page as for nothing)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.e2e.web_helpers import (
    actor,
    add_people,
    approve_deployment,
    client_for,
    csrf_of,
    india_deployment,
    lemoa_deployment,
    records_world,
    sign_in,
    window,
)
from tests.integration.clearance_helpers import grant_clearances

from relos.db.runtime import Database
from relos.services import locale_format
from relos.services.deployments import lifecycle as service
from relos.services.deployments import presence, reads

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
    return india_deployment(db, ships=2)


def _post(client: TestClient, path: str, page: str, **data: str) -> Any:
    return client.post(path, data={"csrf": csrf_of(page), **data}, follow_redirects=True)


def test_deployment_list_shows_the_partys_deployments_and_filters_by_agreement_and_status(
    client: TestClient, db: Database, deployment: dict[str, Any]
) -> None:
    theirs = lemoa_deployment(db)
    page = sign_in(client, "ind.captain").get("/deployments").text
    assert f'data-deployment="{deployment["id"]}"' in page and f'data-deployment="{theirs["id"]}"' in page
    page = client.get("/deployments", params={"agreement": "relos-ind-rus"}).text
    assert f'data-deployment="{deployment["id"]}"' in page and f'data-deployment="{theirs["id"]}"' not in page
    assert f'data-deployment="{deployment["id"]}"' not in client.get("/deployments", params={"status": "approved"}).text
    r = client.get("/deployments", params={"status": "lost"})
    assert r.status_code == 422 and "<code>status</code>" in r.text and "is not a deployment status" in r.text


def test_rus_user_gets_the_same_404_page_for_a_lemoa_deployment_as_for_none(client: TestClient, db: Database) -> None:
    theirs = lemoa_deployment(db)
    sign_in(client, "rus.commander")
    hidden = client.get(f"/deployments/{theirs['id']}")
    absent = client.get(f"/deployments/{ABSENT}")
    assert hidden.status_code == absent.status_code == 404
    assert hidden.text.replace(theirs["id"], "X") == absent.text.replace(ABSENT, "X")
    assert "USS Example" not in hidden.text and theirs["id"] not in client.get("/deployments").text
    r = client.post(f"/deployments/{theirs['id']}/approve", data={"csrf": csrf_of(client.get("/deployments").text)})
    assert r.status_code == 404 and "USS Example" not in r.text


def test_deployment_page_shows_units_dimensions_totals_window_and_versions(
    client: TestClient, deployment: dict[str, Any]
) -> None:
    page = sign_in(client, "rus.commander").get(f"/deployments/{deployment['id']}").text
    assert 'data-status="submitted"' in page and "INS Test 1" in page and "F002" in page
    assert "124.8" in page and "15.2" in page and "4.5" in page and "4,035" in page  # length, beam, draught, t
    assert 'Warships: <span class="num">2</span>' in page and 'Personnel: <span class="num">300</span>' in page
    assert locale_format.day(deployment["start"], "en") in page and 'id="versions"' in page and "ind.requester" in page
    assert 'id="approve-deployment"' in page and 'id="reject-deployment"' in page
    assert 'id="cancel-deployment"' not in page and 'id="assessment"' in page
    mine = sign_in(client, "ind.requester").get(f"/deployments/{deployment['id']}").text
    assert 'id="cancel-deployment"' in mine and 'id="approve-deployment"' not in mine


def test_host_approves_through_the_form(client: TestClient, deployment: dict[str, Any]) -> None:
    path = f"/deployments/{deployment['id']}"
    page = sign_in(client, "rus.commander").get(path).text
    r = _post(client, f"{path}/approve", page)
    assert r.status_code == 200 and 'data-status="approved"' in r.text and 'id="done"' in r.text
    assert "rus.commander" in r.text.split('id="decision"')[1].split("</dd>")[0]


def test_refused_approval_shows_each_limit_its_first_instant_total_max_and_the_earliest_window(
    client: TestClient, db: Database
) -> None:
    first = india_deployment(db, ships=4, days_ahead=40, length=5)
    approve_deployment(db, first["id"])
    second = india_deployment(db, ships=2, days_ahead=42, length=5)
    path = f"/deployments/{second['id']}"
    page = sign_in(client, "rus.commander").get(path).text
    r = _post(client, f"{path}/approve", page)
    assert r.status_code == 409 and 'data-status="submitted"' in r.text
    assert 'data-rule="warships"' in r.text and "exceeds the limit of 5" in r.text
    refusal = r.text.split('id="refusal-explanation"')[1].split("</table>")[0]
    at = locale_format.day(second["start"], "en")
    assert '<tr data-limit="warships">' in refusal and f"{at} 00:00" in refusal
    row = refusal.split('data-limit="warships">')[1].split("</tr>")[0]
    assert '<td class="num">6</td><td class="num">5</td>' in row  # total with the request, maximum
    assert 'data-limit="facility:RU-T7M:berths"' in refusal
    _, first_end = window(40, 5)
    suggested = r.text.split('id="refusal-explanation-window"')[1].split("</p>")[0]
    assert locale_format.instant(first_end, "en", label=False) in suggested
    assert locale_format.instant(first_end + timedelta(days=5), "en") in suggested


def test_reject_needs_its_reason_and_keeps_it(client: TestClient, deployment: dict[str, Any]) -> None:
    path = f"/deployments/{deployment['id']}"
    page = sign_in(client, "rus.commander").get(path).text
    r = _post(client, f"{path}/reject", page, reason="  ")
    assert r.status_code == 422 and "<code>reason</code>" in r.text and 'data-status="submitted"' in r.text
    r = _post(client, f"{path}/reject", page, reason="Berths taken by the fleet's own review")
    assert r.status_code == 200 and 'data-status="rejected"' in r.text
    assert "Berths taken by the fleet&#39;s own review" in r.text


def test_a_form_without_its_token_is_refused_and_changes_nothing(
    client: TestClient, db: Database, deployment: dict[str, Any]
) -> None:
    sign_in(client, "rus.commander")
    r = client.post(f"/deployments/{deployment['id']}/approve", data={"csrf": "forged"})
    assert r.status_code == 403
    got = reads.get_deployment(db.uow(), actor=actor("rus.commander"), deployment_id=deployment["id"])
    assert got["status"] == "submitted"


def test_arrival_needs_granted_clearances_then_is_recorded_and_departure_after_it(
    client: TestClient, db: Database, deployment: dict[str, Any]
) -> None:
    approve_deployment(db, deployment["id"])
    path = f"/deployments/{deployment['id']}"
    page = sign_in(client, "rus.logistics").get(path).text
    # the window opens 40 days from today: the page records the arrival as of an hour into it
    client.app.state.clock.pin(datetime.fromisoformat(deployment["start"]) + timedelta(hours=1))
    r = _post(client, f"{path}/arrival", page)
    assert (
        r.status_code == 409 and 'data-rule="no_port_call_clearance"' in r.text and 'data-status="approved"' in r.text
    )
    r = _post(client, f"{path}/arrival", page, at="yesterday")
    assert r.status_code == 422 and "<code>arrived_at</code>" in r.text
    grant_clearances(db, deployment["id"], now=window(0)[0])
    arrive_at = deployment["start"][:16]
    r = _post(client, f"{path}/arrival", page, at=arrive_at)
    assert r.status_code == 200 and 'data-status="arrived"' in r.text
    assert locale_format.instant(arrive_at, "en") in r.text.split('id="arrived-at"')[1].split("</dd>")[0]
    r = _post(client, f"{path}/departure", r.text, at=arrive_at)
    assert r.status_code == 422 and "<code>departed_at</code>" in r.text and "is not after the arrival" in r.text


def test_an_overstay_is_marked_in_the_list_and_on_the_page(client: TestClient, db: Database) -> None:
    late = india_deployment(db, ships=1, days_ahead=-10, length=5)
    approve_deployment(db, late["id"])
    grant_clearances(db, late["id"])
    start = window(-10)[0]
    service.mark_arrived(db.uow(), actor=actor("rus.logistics"), deployment_id=late["id"], at=start)
    on_time = india_deployment(db, ships=1)
    page = sign_in(client, "ind.requester").get("/deployments", params={"overstays": "1"}).text
    assert f'data-deployment="{late["id"]}" class="overstay"' in page and on_time["id"] not in page
    assert 'id="overstay"' in client.get(f"/deployments/{late['id']}").text


def test_presence_page_shows_the_visitors_totals_step_by_step_against_the_caps(
    client: TestClient, db: Database
) -> None:
    first = india_deployment(db, ships=2, days_ahead=10, length=5)
    approve_deployment(db, first["id"])
    second = india_deployment(db, ships=1, days_ahead=12, length=5)
    approve_deployment(db, second["id"])
    start, _ = window(0)
    query = {"agreement": "relos-ind-rus", "host": "RUS", "start": start.date().isoformat()}
    page = sign_in(client, "ind.requester").get("/presence", params=query).text
    steps = page.split('id="steps"')[1].split("</table>")[0]
    assert '<td class="num">3<span class="small"> / 5</span></td>' in steps  # warships while both are there
    assert '<td class="num">450<span class="small"> / 3,000</span></td>' in steps
    assert steps.split("<tbody>")[1].count("<tr>") == 5  # none, first, both, second, none
    assert "<svg" in steps and "<script" not in page
    r = client.get("/presence", params={**query, "start": "soon"})
    assert r.status_code == 422 and "<code>start</code>" in r.text
    r = client.get("/presence", params={**query, "host": "IND"})  # Russia's forces in India: none
    assert r.status_code == 200 and 'id="steps"' not in r.text and "No presence in this period." in r.text
    host_view = sign_in(client, "rus.commander").get("/presence", params={"start": query["start"]}).text
    assert "India in the territory of Russia" in host_view  # the host's own territory by default
    assert host_view.split('id="steps"')[1].split("</table>")[0] == steps


def test_russian_labels_and_escaping_of_what_users_typed(client: TestClient, db: Database) -> None:
    d = india_deployment(db, ships=1, note="<script>alert('x')</script>")
    page = sign_in(client, "rus.commander").get(f"/deployments/{d['id']}", params={"lang": "ru"}).text
    assert "Развёртывания" in page and "Утвердить" in page and "Военные корабли" in page and "направлено" in page
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "Развёртывания" in client.get("/deployments").text  # the language is remembered


def test_requester_submits_a_draft_and_cancels_it_with_a_reason(client: TestClient, db: Database) -> None:
    draft = india_deployment(db, ships=1, submit=False)
    path = f"/deployments/{draft['id']}"
    page = sign_in(client, "ind.requester").get(path).text
    assert 'id="submit-deployment"' in page and 'id="approve-deployment"' not in page
    r = _post(client, f"{path}/submit", page)
    assert r.status_code == 200 and 'data-status="submitted"' in r.text and 'id="done"' in r.text
    r = _post(client, f"{path}/cancel", r.text, reason="")
    assert r.status_code == 422 and "<code>reason</code>" in r.text and 'data-status="submitted"' in r.text
    r = _post(client, f"{path}/cancel", r.text, reason="Exercise postponed")
    assert r.status_code == 200 and 'data-status="cancelled"' in r.text and "Exercise postponed" in r.text
    assert 'id="actions"' not in r.text


def test_host_approver_revokes_an_override_from_the_presence_page(client: TestClient, db: Database) -> None:
    start, end = window(10, 5)
    presence.record_override(
        db.uow(), actor=actor("rus.commander"), agreement_id="relos-ind-rus", visiting_party="IND", start=start,
        end=end, limits={"personnel": 4000}, authority="Exchange of notes", reference="MID/2026/5",
    )  # fmt: skip
    relying = india_deployment(db, ships=1, days_ahead=10, length=5, personnel=3500)
    approve_deployment(db, relying["id"])
    query = {"agreement": "relos-ind-rus", "host": "RUS", "start": start.date().isoformat()}
    page = sign_in(client, "rus.commander").get("/presence", params=query).text
    # the step is held to the cap the override raises there, not to the agreement's 3,000
    assert '<td class="num">3,500<span class="small raised"> / 4,000 ↑</span></td>' in page
    listed = page.split('id="overrides"')[1].split("</table>")[0]
    assert "in effect" in listed and "Revoke" in listed
    override_id = listed.split('data-override="')[1].split('"')[0]
    form = {"reason": "recorded in error", "agreement": "relos-ind-rus", "host": "RUS", "start": query["start"]}
    r = _post(client, f"/presence/overrides/{override_id}/revoke", page, **form, end="")
    assert r.status_code == 409 and "personnel: 3,500 on" in r.text and "exceeds the limit of 3,000" in r.text
    assert "in effect" in r.text.split('id="overrides"')[1].split("</table>")[0]  # nothing written
    service.cancel_deployment(db.uow(), actor=actor("ind.requester"), deployment_id=relying["id"], reason="postponed")
    r = _post(client, f"/presence/overrides/{override_id}/revoke", r.text, **form, end="")
    assert r.status_code == 200 and 'id="done"' in r.text
    row = r.text.split(f'data-override="{override_id}"')[1].split("</tr>")[0]
    assert "revoked" in row and "rus.commander: recorded in error" in row and "Revoke" not in row
    visitor = sign_in(client, "ind.requester").get("/presence", params=query).text
    assert override_id in visitor and 'action="/presence/overrides/' not in visitor  # seen, not revocable


def test_host_approver_records_an_override_from_the_presence_page(client: TestClient, db: Database) -> None:
    start, end = window(10, 5)
    query = {"agreement": "relos-ind-rus", "host": "RUS", "start": start.date().isoformat()}
    page = sign_in(client, "rus.commander").get("/presence", params=query).text
    assert 'id="record-override"' in page
    view = {"agreement": "relos-ind-rus", "host": "RUS", "visiting": "IND", "start": query["start"], "end": ""}
    form = {**view, "from": start.date().isoformat(), "until": end.date().isoformat(), "warships": "",
            "aircraft": "", "personnel": "4000", "authority": "Exchange of notes",
            "reference": "MID/2026/7"}  # fmt: skip
    r = _post(client, "/presence/overrides", page, **{**form, "personnel": "4k"})
    assert r.status_code == 422 and '<span data-field="limits.personnel">Cap on personnel</span>' in r.text
    assert 'value="MID/2026/7"' in r.text
    r = _post(client, "/presence/overrides", r.text, **{**form, "personnel": "2000"})
    assert r.status_code == 422 and "does not raise the cap of 3,000" in r.text
    r = _post(client, "/presence/overrides", r.text, **{**form, "until": ""})
    assert r.status_code == 422 and "<code>until</code>" in r.text
    r = _post(client, "/presence/overrides", r.text, **form)
    assert r.status_code == 200 and "Override recorded." in r.text
    listed = r.text.split('id="overrides"')[1].split("</table>")[0]
    assert "MID/2026/7" in listed and "4,000" in listed and "in effect" in listed
    visitor = sign_in(client, "ind.requester").get("/presence", params=query).text
    assert "MID/2026/7" in visitor and 'id="record-override"' not in visitor
