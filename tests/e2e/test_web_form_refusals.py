"""Every form of the web application answers with a redirect (303), refusals included: a refused form goes
back to the page it is on, which shows, once, what was refused and why (each field or rule with its
particulars) and the form again with what was typed; so a refresh never sends the form again. Through HTTP
on both databases, one case per form."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from tests.e2e import web_helpers as w
from tests.e2e.populated_world import World, populate
from tests.integration.clearance_helpers import grant_clearances
from tests.integration.orders_helpers import RUS_LOGISTICS, accepted

from relos.db.runtime import Database
from relos.services.deployments import lifecycle as deployments
from relos.services.deployments import presence
from relos.services.orders import deliveries
from relos.web.i18n import CATALOGUE

EN = CATALOGUE["en"]
LONG_RU = "Ж" * 2_001  # over a reason's 2,000 characters
LONG_RU_4K = "Ж" * 4_001  # over a clearance text's 4,000


@dataclass(frozen=True)
class Case:
    """`user` posts `fields` to `action` from `page`; the refusal names `where` (field or rule) with `status`,
    and the page gives back `kept` (what was typed, as the form shows it)."""

    action: str  # the form's code (catalogue `refused.<action>`)
    user: str
    page: str
    post: str
    fields: dict[str, str] = field(default_factory=dict)
    where: str = ""
    status: int = 409
    kept: tuple[str, ...] = ()
    pin: datetime | None = None  # the application's clock for this case


@dataclass(frozen=True)
class Extras:
    accepted_order: str
    delivery: str
    bare: str  # approved, no clearance asked for
    bare_start: str
    arrived: str
    pending: str  # a port-call notice awaiting the host's decision
    override: str


@pytest.fixture
def world(orders_db: Database) -> World:
    return populate(orders_db)


@pytest.fixture
def extras(orders_db: Database, world: World) -> Extras:
    db = orders_db
    order = accepted(db)
    d = deliveries.record_delivery(
        db.uow(), actor=RUS_LOGISTICS, order_id=order["id"], delivered_on=w.window(-1)[0].date(), lines=[(1, "100")]
    )
    bare = w.india_deployment(db, ships=1, days_ahead=70, first=30)
    w.approve_deployment(db, bare["id"])
    arrived = w.india_deployment(db, ships=1, days_ahead=-10, length=30, first=40)
    w.approve_deployment(db, arrived["id"])
    grant_clearances(db, arrived["id"], now=w.window(-40)[0])
    deployments.mark_arrived(
        db.uow(), actor=w.actor("rus.logistics"), deployment_id=arrived["id"], at=w.window(-10)[0] + timedelta(hours=1)
    )
    pending = w.port_call_for(db, w.india_deployment(db, ships=1, days_ahead=45, first=50))
    start, end = w.window(10, 5)
    override = presence.record_override(
        db.uow(), actor=w.actor("rus.commander"), agreement_id="relos-ind-rus", visiting_party="IND", start=start,
        end=end, limits={"personnel": 4000}, authority="Exchange of notes", reference="MID/2026/5",
    )  # fmt: skip
    relying = w.india_deployment(db, ships=1, days_ahead=10, length=5, first=60, personnel=3500)
    w.approve_deployment(db, relying["id"])
    return Extras(
        accepted_order=order["id"],
        delivery=d["id"],
        bare=bare["id"],
        bare_start=bare["start"],
        arrived=arrived["id"],
        pending=pending["id"],
        override=override["id"],
    )


@pytest.fixture
def client(orders_db: Database, world: World, extras: Extras) -> Iterator[TestClient]:
    with w.client_for(orders_db) as c:
        yield c


def cases(wd: World, x: Extras) -> list[Case]:
    o, d, c = "/orders/", "/deployments/", "/clearances/"
    view = {"agreement": "relos-ind-rus", "host": "RUS", "start": w.window(0)[0].date().isoformat(), "end": ""}
    presence_page = "/presence?agreement=relos-ind-rus&host=RUS&start=" + view["start"]
    arrival_at = x.bare_start[:16]
    return [
        Case("agreement.record_event", "ind.admin", "/agreements/relos-ind-rus", "/agreements/relos-ind-rus/events",
             {"kind": "note", "date": "2026-02-01", "source": "", "note": "Nota bene Ж"}, "source", 422,
             ("Nota bene Ж",)),
        Case("order.sign", "ind.requester", o + wd.draft_order, o + wd.draft_order + "/sign", status=403),
        Case("order.accept", "rus.logistics", o + wd.draft_order, o + wd.draft_order + "/accept"),
        Case("order.cancel", "ind.requester", o + wd.draft_order, o + wd.draft_order + "/cancel",
             {"reason": LONG_RU}, "reason", 422, (LONG_RU,)),
        Case("order.deliveries", "rus.logistics", o + x.accepted_order, o + x.accepted_order + "/deliveries",
             {"delivered_on": "2026-02-30", "qty_1": "600", "note": "Pier 3 Ж"}, "delivered_on", 422,
             ('value="600"', "Pier 3 Ж")),
        Case("order.receipt", "ind.supply_officer", o + x.accepted_order,
             f"{o}{x.accepted_order}/deliveries/{x.delivery}/receipt",
             {"receipted_on": "yesterday", "receiving_unit": "INS Tabar (stores)", "note": "Seals intact"},
             "receipted_on", 422, ("INS Tabar (stores)", "Seals intact")),
        Case("deployment.submit", "ind.requester", d + wd.submitted, d + wd.submitted + "/submit"),
        Case("deployment.approve", "rus.commander", d + wd.crowded, d + wd.crowded + "/approve", where="warships"),
        Case("deployment.reject", "rus.commander", d + wd.submitted, d + wd.submitted + "/reject",
             {"reason": LONG_RU}, "reason", 422, (LONG_RU,)),
        Case("deployment.cancel", "ind.requester", d + wd.submitted, d + wd.submitted + "/cancel",
             {"reason": LONG_RU}, "reason", 422, (LONG_RU,)),
        Case("deployment.arrival", "rus.logistics", d + x.bare, d + x.bare + "/arrival", {"at": arrival_at},
             "no_port_call_clearance", 409, (f'value="{arrival_at}"',),
             pin=datetime.fromisoformat(x.bare_start) + timedelta(hours=1)),
        Case("deployment.departure", "rus.logistics", d + x.arrived, d + x.arrived + "/departure",
             {"at": "yesterday"}, "departed_at", 422, ('value="yesterday"',)),
        Case("clearance.submit", "ind.clearance", c + wd.port_call, c + wd.port_call + "/submit"),
        Case("clearance.cancel", "ind.clearance", c + wd.airspace, c + wd.airspace + "/cancel",
             {"reason": LONG_RU_4K}, "reason", 422, (LONG_RU_4K,)),
        Case("clearance.approve", "rus.clearance", c + x.pending, c + x.pending + "/approve",
             {"clearance_number": "RU-PC-99", "restrictions": "", "with_restrictions": "1"}, "restrictions", 422,
             ('id="restricted-number-input" name="clearance_number" value="RU-PC-99"',)),
        Case("clearance.deny", "rus.clearance", c + x.pending, c + x.pending + "/deny",
             {"reason": LONG_RU_4K}, "reason", 422, (LONG_RU_4K,)),
        Case("clearance.ask", "rus.clearance", c + x.pending, c + x.pending + "/ask",
             {"questions": LONG_RU_4K}, "questions", 422, (LONG_RU_4K,)),
        Case("presence.record_override", "rus.commander", presence_page, "/presence/overrides",
             {**view, "visiting": "IND", "from": view["start"], "until": "2099-01-01", "personnel": "abc",
              "authority": "Exchange of notes", "reference": "MID/2026/9"}, "limits.personnel", 422,
             ('value="MID/2026/9"', 'value="abc"')),
        Case("presence.revoke_override", "rus.commander", presence_page, f"/presence/overrides/{x.override}/revoke",
             {**view, "reason": "recorded in error Ж"}, "personnel", 409, ('value="recorded in error Ж"',)),
    ]  # fmt: skip


def test_every_forms_refusal_is_a_303_to_its_page_showing_what_was_refused_why_and_what_was_typed(
    client: TestClient, world: World, extras: Extras
) -> None:
    wrong: dict[str, str] = {}
    english: dict[str, list[str]] = {}
    for case in cases(world, extras):
        problem = _check(client, case)
        if problem:
            wrong[case.action] = problem
        english[case.action] = _english_in_russian_card(client, case)
    assert wrong == {}
    assert {action: words for action, words in english.items() if words} == {}


#: Latin letters a Russian card may hold: the names of formats and of the time scale, record references, and
#: the names the Indian Navy gives its ships (those of the populated world).
LATIN_ALLOWED = re.compile(r"\b(?:UTC|ISO|JSON|TOML|CSV|UTF-8|[A-Z]{3}-[A-Z]{3}-\d{4}-\d{4}|INS Test \d+)\b")


def _english_in_russian_card(client: TestClient, case: Case) -> list[str]:
    """The Latin words of the refusal card the same refused form shows in Russian, leaving out what was typed,
    names the reference data has only in English (marked lang="en") and the names of formats; `case.user` is
    signed in."""
    page = client.get(case.page + ("&" if "?" in case.page else "?") + "lang=ru")
    client.app.state.clock.pin(case.pin)  # type: ignore[attr-defined]
    try:
        r = client.post(case.post, data={"csrf": w.csrf_of(page.text), **case.fields})
    finally:
        client.app.state.clock.pin(None)  # type: ignore[attr-defined]
        client.get(case.page.split("?")[0], params={"lang": "en"})
    card = r.text.split('id="refusal"')[1].split("\n</div>")[0] if 'id="refusal"' in r.text else ""
    card = re.sub(r'<span lang="en">.*?</span>|<[^>]+>', " ", card.partition(">")[2])
    text = html.unescape(card)
    for typed in case.fields.values():
        text = text.replace(typed, " ")
    return re.findall(r"[A-Za-z][A-Za-z'-]+", LATIN_ALLOWED.sub(" ", text))


def _check(client: TestClient, case: Case) -> str:
    w.sign_in(client, case.user)
    page = client.get(case.page)
    if page.status_code != 200:
        return f"the form's page answered {page.status_code}"
    clock = client.app.state.clock  # type: ignore[attr-defined]
    clock.pin(case.pin)
    try:
        r = client.post(case.post, data={"csrf": w.csrf_of(page.text), **case.fields}, follow_redirects=False)
    finally:
        clock.pin(None)
    if r.status_code != 303:
        return f"POST answered {r.status_code}, not 303"
    if r.headers["location"].split("?")[0] != case.page.split("?")[0]:
        return f"sent to {r.headers['location']}, not back to {case.page}"
    shown = client.get(r.headers["location"])
    card = shown.text.split('id="refusal"')[1].split("\n</div>")[0] if 'id="refusal"' in shown.text else ""
    if shown.status_code != case.status or not card:
        return f"the page answered {shown.status_code} with {'a' if card else 'no'} refusal card"
    if html.escape(EN[f"refused.{case.action}"]) not in card:
        return "the card does not say what was refused"
    named = [f"<code>{case.where}</code>", f'data-field="{case.where}"', f'data-limit="{case.where}"']
    named.append(f'data-rule="{case.where}"')
    if case.where and not any(n in card for n in named):
        return f"the card does not name {case.where}"
    missing = [k[:40] for k in case.kept if html.escape(k, quote=False) not in shown.text and k not in shown.text]
    if missing:
        return f"what was typed is not given back: {missing}"
    if 'id="refusal"' in client.get(r.headers["location"]).text:
        return "the refusal is shown again on a refresh"
    return ""


def test_the_refused_arrival_says_what_was_refused_and_each_ships_missing_clearance_in_russian(
    client: TestClient, world: World, extras: Extras
) -> None:
    path = f"/deployments/{extras.bare}"
    page = w.sign_in(client, "rus.logistics").get(path, params={"lang": "ru"}).text
    client.app.state.clock.pin(datetime.fromisoformat(extras.bare_start) + timedelta(hours=1))  # type: ignore[attr-defined]
    r = client.post(f"{path}/arrival", data={"csrf": w.csrf_of(page), "at": extras.bare_start[:16]})
    card = r.text.split('id="refusal"')[1].split("\n</div>")[0]
    assert r.status_code == 409 and r.url.path == path  # the address is the page's, not the form's
    assert "Действие отклонено: запись прибытия" in card and 'data-rule="no_port_call_clearance"' in card
    assert '<span data-particular="ship">Корабль: INS Test 30 (F030)</span>' in card  # the rule's particulars
    assert "Why the approval was refused" not in r.text and "Почему в утверждении отказано" not in r.text


def test_a_success_is_a_303_to_the_records_page_confirming_it_once(client: TestClient, world: World) -> None:
    path = f"/deployments/{world.submitted}"
    page = w.sign_in(client, "rus.commander").get(path).text
    r = client.post(f"{path}/reject", data={"csrf": w.csrf_of(page), "reason": "Berths taken"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == path
    shown = client.get(path).text
    assert f'<p class="ok" role="status" id="done">{EN["done.rejected"]}</p>' in shown
    assert 'data-status="rejected"' in shown and 'id="done"' not in client.get(path).text


def test_a_form_with_a_forged_token_goes_back_saying_it_expired_and_keeps_nothing_typed(
    client: TestClient, world: World
) -> None:
    path = f"/deployments/{world.submitted}"
    w.sign_in(client, "ind.requester").get(path)
    r = client.post(f"{path}/cancel", data={"csrf": "forged", "reason": "planted text"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == path
    shown = client.get(path)
    assert shown.status_code == 403 and html.escape(EN["error.form_expired"]) in shown.text
    assert "planted text" not in shown.text and 'data-status="submitted"' in shown.text


def test_a_forms_address_opened_as_a_page_goes_to_its_page(client: TestClient, world: World) -> None:
    w.sign_in(client, "ind.requester")
    r = client.get(f"/deployments/{world.submitted}/cancel", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/deployments/{world.submitted}"
