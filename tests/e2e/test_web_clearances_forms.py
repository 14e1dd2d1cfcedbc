"""The clearance forms through HTTP: "Prepare clearance" from a deployment (its ships or aircraft, window,
facility and purpose filled in), its amendment, the host's lead-time exception; a refusal names the field
beside its input and keeps what was typed; a form without its token is refused; the same form sent twice
makes one clearance; another party's deployment or clearance is the same 404 as none."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.e2e import test_web_deployments as same_world
from tests.e2e.test_web_clearances import _lemoa_clearance
from tests.e2e.test_web_deployments_forms import key_of
from tests.e2e.web_helpers import (
    actor,
    csrf_of,
    india_deployment,
    lemoa_deployment,
    port_call_for,
    sign_in,
)

from relos.db.runtime import Database
from relos.services.clearances import lifecycle as service

ABSENT = "0190a000-0000-7000-8000-000000000000"
#: The same world as the deployment pages' tests: people of both parties, the test port, a client.
db, client = same_world.db, same_world.client


@pytest.fixture
def deployment(db: Database) -> dict[str, Any]:
    return india_deployment(db, ships=2, days_ahead=40)


def filled(html: str) -> dict[str, str]:
    """What the form shows in its inputs, selects and text areas, as a browser would send it."""
    fields = dict(re.findall(r'<input id="[^"]*" name="([^"]+)" value="([^"]*)"', html))
    fields.update(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    fields.update(re.findall(r'<textarea id="[^"]*" name="([^"]+)"[^>]*>([^<]*)</textarea>', html))
    for name, body in re.findall(r'<select id="[^"]*" name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', body) or re.search(r'<option value="([^"]*)"', body)
        fields[name] = chosen[1] if chosen else ""
    return {k: v.replace("&#39;", "'").replace("&amp;", "&") for k, v in fields.items()}


def details(**changes: str) -> dict[str, str]:
    return {
        "port_call.commander.name": "Rahul Sharma",
        "port_call.commander.rank": "Captain",
        "port_call.radio_frequencies": "VHF 156.800 MHz (channel 16)\nHF 8.291 MHz",
        "port_call.pilot": "yes",
        "port_call.tugs": "2",
        "port_call.other_services": "fresh water",
        "port_call.ships[0].crew": "180",
        "port_call.ships[1].crew": "175",
        **changes,
    }


def _card(html: str) -> str:
    """The refusal card above the page."""
    return html.split('id="refusal"')[1].split("</div>")[0]


def _clearances(db: Database, deployment_id: str) -> list[dict[str, Any]]:
    return service.list_clearances(db.uow(), actor=actor("ind.clearance"), deployment_id=deployment_id)


def test_a_port_call_notice_is_prepared_from_the_deployment_filled_in(
    client: TestClient, db: Database, deployment: dict[str, Any]
) -> None:
    sign_in(client, "ind.clearance")
    page = client.get(f"/deployments/{deployment['id']}").text
    path = f"/deployments/{deployment['id']}/clearances/new/port_call"
    assert f'href="{path}"' in page and "clearances/new/airspace" not in page  # no aircraft to clear
    form = client.get(path).text
    assert 'value="INS Test 1"' in form and 'value="F002"' in form and 'value="124.8"' in form
    for input_id in re.findall(r'<(?:input|select|textarea) id="([^"]+)"', form):
        assert f'for="{input_id}"' in form, f"no label for {input_id}"
    r = client.post(path, data={**filled(form), **details()}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/clearances/")
    shown = client.get(r.headers["location"]).text
    assert 'id="done"' in shown and 'data-status="draft"' in shown
    [c] = _clearances(db, deployment["id"])
    assert c["kind"] == "port_call" and c["deployment_id"] == deployment["id"]
    assert (c["start"][:19], c["end"][:19]) == (deployment["start"][:19], deployment["end"][:19])
    assert [(s["hull_number"], s["crew"]) for s in c["port_call"]["ships"]] == [("F001", 180), ("F002", 175)]
    assert c["port_call"]["pilot"] is True and c["port_call"]["tugs"] == 2


def test_a_refusal_names_the_ships_field_and_keeps_what_was_typed(
    client: TestClient, db: Database, deployment: dict[str, Any]
) -> None:
    sign_in(client, "ind.clearance")
    path = f"/deployments/{deployment['id']}/clearances/new/port_call"
    form = client.get(path).text
    sent = {**filled(form), **details(**{"port_call.ships[1].draught_m": "deep", "port_call.tugs": "two"})}
    r = client.post(path, data=sent, follow_redirects=False)
    assert r.headers["location"] == path
    page = client.get(path)
    assert page.status_code == 422
    assert 'id="err-port_call-ships-1-draught_m"' in page.text and 'id="err-port_call-tugs"' in page.text
    assert 'value="deep"' in page.text and 'value="Rahul Sharma"' in page.text
    assert "Refused: preparing the clearance" in page.text
    assert _clearances(db, deployment["id"]) == []


def test_the_same_form_sent_twice_prepares_one_clearance(
    client: TestClient, db: Database, deployment: dict[str, Any]
) -> None:
    sign_in(client, "ind.clearance")
    path = f"/deployments/{deployment['id']}/clearances/new/port_call"
    form = client.get(path).text
    sent = {**filled(form), **details()}
    assert sent["key"] == key_of(form)
    first = client.post(path, data=sent, follow_redirects=False)
    second = client.post(path, data=sent, follow_redirects=False)
    assert first.headers["location"] == second.headers["location"]
    assert len(_clearances(db, deployment["id"])) == 1


def test_a_form_without_its_token_prepares_nothing(
    client: TestClient, db: Database, deployment: dict[str, Any]
) -> None:
    sign_in(client, "ind.clearance")
    path = f"/deployments/{deployment['id']}/clearances/new/port_call"
    sent = {**filled(client.get(path).text), **details(), "csrf": "forged"}
    r = client.post(path, data=sent, follow_redirects=True)
    assert r.status_code == 403 and "Rahul Sharma" not in r.text
    assert _clearances(db, deployment["id"]) == []


def test_an_amendment_is_the_clearance_filled_in_with_a_reason(
    client: TestClient, db: Database, deployment: dict[str, Any]
) -> None:
    notice = port_call_for(db, deployment)
    sign_in(client, "ind.clearance")
    assert f'href="/clearances/{notice["id"]}/amend"' in client.get(f"/clearances/{notice['id']}").text
    path = f"/clearances/{notice['id']}/amend"
    form = client.get(path).text
    assert "Rahul Sharma" in form and 'value="INS Test 2"' in form
    r = client.post(path, data={**filled(form), "port_call.tugs": "3", "reason": ""}, follow_redirects=False)
    page = client.get(r.headers["location"])
    assert page.status_code == 422 and 'id="err-reason"' in page.text and 'value="3"' in page.text
    r = client.post(path, data={**filled(form), "port_call.tugs": "3", "reason": "a third tug"}, follow_redirects=False)
    assert r.headers["location"] == f"/clearances/{notice['id']}"
    after = service.get_clearance(db.uow(), actor=actor("ind.clearance"), clearance_id=notice["id"])
    assert after["version"] == 2 and after["port_call"]["tugs"] == 3 and after["status"] == "amended"


def test_the_host_records_a_lead_time_exception_with_its_reason(
    client: TestClient, db: Database, deployment: dict[str, Any]
) -> None:
    notice = port_call_for(db, deployment)
    sign_in(client, "ind.clearance")
    assert 'id="record-exception"' not in client.get(f"/clearances/{notice['id']}").text  # the visitor's page
    sign_in(client, "rus.clearance")
    page = client.get(f"/clearances/{notice['id']}").text
    r = client.post(f"/clearances/{notice['id']}/exception", data={"csrf": csrf_of(page), "reason": " "})
    assert r.status_code == 422 and 'data-rule="reason"' not in r.text and "reason" in _card(r.text)
    r = client.post(
        f"/clearances/{notice['id']}/exception", data={"csrf": csrf_of(page), "reason": "agreed by the fleet HQ"}
    )
    assert r.status_code == 200 and 'id="exception"' in r.text and "agreed by the fleet HQ" in r.text
    assert 'id="record-exception"' not in r.text  # recorded once


def test_another_partys_records_are_the_same_404_on_the_clearance_forms(client: TestClient, db: Database) -> None:
    theirs, notice = lemoa_deployment(db), _lemoa_clearance(db)
    sign_in(client, "rus.clearance")
    pairs = (
        (f"/deployments/{theirs['id']}/clearances/new/port_call", f"/deployments/{ABSENT}/clearances/new/port_call"),
        (f"/clearances/{notice['id']}/amend", f"/clearances/{ABSENT}/amend"),
    )
    token = csrf_of(client.get("/clearances").text)
    for hidden_path, absent_path in pairs:
        hidden, absent = client.get(hidden_path), client.get(absent_path)
        assert hidden.status_code == absent.status_code == 404
        assert hidden.text.replace(hidden_path, "X") == absent.text.replace(absent_path, "X")
        r = client.post(hidden_path, data={"csrf": token, "reason": "x", "kind": "port_call"}, follow_redirects=True)
        assert r.status_code == 404 and "USS Example" not in r.text
    r = client.post(f"/clearances/{notice['id']}/exception", data={"csrf": token, "reason": "x"}, follow_redirects=True)
    assert r.status_code == 404 and "USS Example" not in r.text
