"""The overview (`/`, the page after sign-in) through HTTP on both databases: its figures are what
services.dashboard says for a populated database at the application's clock; the presence chart's points for a
known schedule with a cap override; what waits for each user; reimbursements overdue with their amounts;
recent activity for auditors and administrators only."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from tests.e2e import web_helpers as w
from tests.e2e.populated_world import World, populate

from relos.db.runtime import Database
from relos.services.clearances import lifecycle as clearance_service
from relos.services.dashboard.dues import ageing_by_agreement
from relos.services.dashboard.overview import dashboard
from relos.services.deployments import presence
from relos.web.charts import AGE_BUCKETS

NOW = datetime.now(UTC).replace(second=0, microsecond=0)


@pytest.fixture(autouse=True)
def _now_when_the_test_runs() -> None:
    """NOW is the minute the test runs in, not the one its module was collected in: a run may cross midnight."""
    global NOW
    NOW = datetime.now(UTC).replace(second=0, microsecond=0)


@pytest.fixture
def world(orders_db: Database) -> World:
    return populate(orders_db)


@pytest.fixture
def client(orders_db: Database, world: World) -> Iterator[TestClient]:
    with w.client_for(orders_db) as c:
        c.app.state.clock.pin(NOW)  # type: ignore[attr-defined]
        yield c


def rows(html: str, table_id: str) -> list[dict[str, str]]:
    """The data-* attributes of each row of the table (or section) with that id."""
    part = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0].split("</section>", 1)[0]
    return [dict(re.findall(r'data-([a-z-]+)="([^"]*)"', tr)) for tr in re.findall(r"<tr [^>]*>", part)]


def test_the_overview_shows_what_the_services_say(client: TestClient, world: World, orders_db: Database) -> None:
    for user in ("rus.commander", "ind.requester", "rus.finance", "ind.admin", "ind.clearance"):
        w.sign_in(client, user)
        page = client.get("/")
        assert page.status_code == 200
        said = dashboard(orders_db.uow(), actor=w.actor(user), now=NOW)
        shown = {r["agreement"]: r for r in rows(page.text, "agreements")}
        assert set(shown) == {a["id"] for a in said["agreements"]}
        for a in said["agreements"]:
            days = a["days_to_expiry"]
            assert shown[a["id"]]["days-to-expiry"] == ("" if days is None else str(days))
        for p in said["presence"]:
            now_rows = rows(page.text, f"presence-{p['agreement_id']}-{p['host_party']}")[:3]
            assert [(r["total"], int(r["present"])) for r in now_rows] == [(u["name"], u["present"]) for u in p["now"]]
        waiting = rows(page.text, "waiting")
        assert [(r["kind"], r["id"]) for r in waiting] == [(x["kind"], x["id"]) for x in said["waiting"]]
        money = rows(page.text, "reimbursements")
        assert [(r["state"], r["reference"], r["amount"]) for r in money] == [
            (x["state"], x["reference"], x["amount"]) for x in said["reimbursements"]
        ]
        assert ('id="activity"' in page.text) == (said["activity"] is not None)


def test_relos_days_to_expiry_and_the_extension_decision(client: TestClient) -> None:
    page = w.sign_in(client, "rus.commander").get("/").text
    relos = next(r for r in rows(page, "agreements") if r["agreement"] == "relos-ind-rus")
    expires = datetime(2031, 1, 1, tzinfo=UTC).date()  # in force from 2026-01-01 for five years
    assert int(relos["days-to-expiry"]) == (expires - NOW.date()).days
    assert relos["days-to-decision"] == relos["days-to-expiry"]  # both consents are due before the term ends
    assert "lemoa-ind-usa" not in {r["agreement"] for r in rows(page, "agreements")}  # not Russia's


def test_the_presence_chart_for_a_known_schedule_with_an_override(orders_db: Database) -> None:
    """India's two warships in Russia from day 20 to day 30, the warships' cap raised to 8 from day 25 to day 35:
    the chart's steps and the table say 0 (cap 5), 2 (cap 5), 2 (cap 8, raised), 0 (cap 8, raised), 0 (cap 5)."""
    w.add_people(orders_db)
    w.records_world(orders_db)
    made = w.india_deployment(orders_db, ships=2, days_ahead=20, length=10)
    w.approve_deployment(orders_db, made["id"])
    day0 = datetime.combine(NOW.date(), datetime.min.time(), tzinfo=UTC)
    presence.record_override(
        orders_db.uow(), actor=w.actor("rus.commander"), agreement_id="relos-ind-rus", visiting_party="IND",
        start=day0 + timedelta(days=25), end=day0 + timedelta(days=35), limits={"warships": 8},
        authority="exchange of notes", reference="Note 7/2026", now=NOW,
    )  # fmt: skip
    with w.client_for(orders_db) as client:
        client.app.state.clock.pin(NOW)  # type: ignore[attr-defined]
        page = w.sign_in(client, "rus.commander").get("/").text
    section = page.split('id="presence-relos-ind-rus-RUS"', 1)[1].split("</section>", 1)[0]
    block = section.split('data-total="warships"', 2)[2].split('<div class="chart-block"', 1)[0]

    def at(days: int) -> str:
        return (day0 + timedelta(days=days)).isoformat().replace("+00:00", "Z")

    expected = [
        (0, 20, 0, 5, "no"),
        (20, 25, 2, 5, "no"),
        (25, 30, 2, 8, "yes"),
        (30, 35, 0, 8, "yes"),
        (35, 90, 0, 5, "no"),
    ]
    table = [dict(re.findall(r'data-([a-z]+)="([^"]*)"', tr)) for tr in re.findall(r"<tr data-from[^>]*>", block)]
    assert [(r["from"], r["until"], int(r["value"]), int(r["cap"]), r["raised"]) for r in table] == [
        (at(a), at(b), v, c, raised) for a, b, v, c, raised in expected
    ]
    svg = block.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert 'data-maximum="8"' in svg

    def y(v: int) -> float:  # the plot is 120 high from y=12, scaled to the largest of totals and caps (8)
        return round(12 + 120 * (1 - v / 8), 2)

    def x(days: int) -> float:  # 302 wide from x=44 over the 90 days
        return round(44 + 302 * days / 90, 2)

    steps = re.findall(r'<line class="step" x1="([\d.]+)" x2="([\d.]+)" y1="([\d.]+)"[^>]*data-value="(\d+)"', svg)
    assert [(float(a), float(b), float(c), int(v)) for a, b, c, v in steps] == [
        (x(a), x(b), y(v), v) for a, b, v, _, _ in expected
    ]
    caps = re.findall(r'<line class="cap-step" x1="([\d.]+)" x2="([\d.]+)" y1="([\d.]+)"[^>]*data-cap="(\d+)"', svg)
    assert [(float(a), float(b), float(c), int(v)) for a, b, c, v in caps] == [
        (x(a), x(b), y(c), c) for a, b, _, c, _ in expected
    ]
    raised = re.findall(r'<rect class="raised" x="([\d.]+)"[^>]*data-from="([^"]+)" data-until="([^"]+)"', svg)
    assert [(float(a), f, u) for a, f, u in raised] == [(x(25), at(25), at(30)), (x(30), at(30), at(35))]
    assert "Note 7/2026" in section and "<title" in svg and "<desc" in svg


def test_the_ledgers_ageing_chart_and_table_say_what_the_ledger_says(
    client: TestClient, world: World, orders_db: Database
) -> None:
    page = w.sign_in(client, "rus.finance").get("/ledger", params={"lang": "ru"}).text
    said = ageing_by_agreement(orders_db.uow(), actor=w.actor("rus.finance"), today=NOW.date())
    assert said and said[0]["agreement_id"] == "relos-ind-rus"
    section = page.split('id="ageing"', 1)[1].split("</section>", 1)[0]
    table = [dict(re.findall(r'data-([a-z]+)="([^"]*)"', tr)) for tr in re.findall(r"<tr data-debtor[^>]*>", section)]
    assert [(r["debtor"], r["creditor"], r["currency"], r["total"]) for r in table] == [
        (r["debtor"], r["creditor"], r["currency"], r["total"]) for r in said[0]["rows"]
    ]
    bars = re.findall(
        r'<rect class="age"[^>]*width="([\d.]+)"[^>]*data-bucket="([^"]+)" data-amount="([^"]+)"', section
    )
    row = said[0]["rows"][0]
    assert [(b, a) for _, b, a in bars] == [(b, row[b]) for b in AGE_BUCKETS if Decimal(row[b])]  # type: ignore[literal-required]
    assert abs(sum(float(width) for width, _, _ in bars) - (640 - 150 - 14)) < 0.1  # the largest bar spans the plot
    assert "Задолженность по срокам возникновения" in section and "<desc" in section


def test_what_waits_for_each_user(client: TestClient, world: World, orders_db: Database) -> None:
    def waiting(user: str) -> set[tuple[str, str]]:
        page = w.sign_in(client, user).get("/").text
        return {(r["kind"], r["id"]) for r in rows(page, "waiting")}

    assert {("approve_deployment", world.submitted), ("approve_deployment", world.crowded)} <= waiting("rus.commander")
    assert ("sign_order", world.draft_order) in waiting("ind.captain")  # India's official, the draft unsigned
    assert not any(kind == "approve_deployment" for kind, _ in waiting("ind.captain"))  # India hosts none of them
    assert waiting("ind.finance") == set()  # no step of these records is a finance officer's
    unsure = clearance_service.get_clearance(
        orders_db.uow(), actor=w.actor("ind.clearance"), clearance_id=world.unsure_berth
    )
    due = datetime.fromisoformat(str(unsure["submit_by"]))
    client.app.state.clock.pin(due - timedelta(days=2))  # type: ignore[attr-defined]
    page = w.sign_in(client, "ind.clearance").get("/", params={"lang": "ru"}).text
    row = next(r for r in rows(page, "waiting") if r["id"] == world.unsure_berth)
    assert row["kind"] == "submit_clearance" and "Подать запрос на разрешение" in page


def test_support_owed_in_kind_shows_nearly_due_then_overdue_with_its_amount(
    client: TestClient, world: World, orders_db: Database
) -> None:
    """The billed order's water is owed in kind, due 6 Mar 2027 (a year after its receipt): nearly due from
    4 Feb 2027, overdue from its day; the invoice, whose terms state no due day, is neither."""
    for now, state in (
        (datetime(2027, 2, 20, 12, tzinfo=UTC), "nearly_due"),
        (datetime(2027, 3, 6, tzinfo=UTC), "overdue"),
    ):
        client.app.state.clock.pin(now)  # type: ignore[attr-defined]
        page = w.sign_in(client, "rus.finance").get("/", params={"lang": "ru"}).text
        said = dashboard(orders_db.uow(), actor=w.actor("rus.finance"), now=now)["reimbursements"]
        assert [(r["item"], r["state"], r["amount"], r["currency"], r["order_id"]) for r in said] == [
            ("obligation", state, "5500.00", "RUB", world.billed_order)
        ]
        shown = rows(page, "reimbursements")
        assert [(r["state"], r["reference"], r["amount"]) for r in shown] == [(state, said[0]["reference"], "5500.00")]
        card = page.split('id="reimbursements"', 1)[1].split("</section>", 1)[0]
        assert "5\u00a0500,00\u00a0RUB" in card and f'href="/orders/{world.billed_order}"' in card
        assert ("просрочено" in card) == (state == "overdue")


def test_what_waits_is_titled_in_the_readers_language(client: TestClient, world: World, orders_db: Database) -> None:
    """A title RELOS made (stored in English) is said in Russian on a Russian overview; as stored in English."""
    said = dashboard(orders_db.uow(), actor=w.actor("rus.commander"), now=NOW)["waiting"]
    made = next(i for i in said if i["id"] == world.submitted)["title"]
    assert " at " in made
    w.sign_in(client, "rus.commander")
    card = lambda lang: html.unescape(  # noqa: E731
        client.get("/", params={"lang": lang}).text.split('id="waiting"', 1)[1].split("</section>", 1)[0]
    )
    assert made in card("en")
    russian = card("ru")
    assert made not in russian and " — " in russian
