"""The overview's presence is read from the host's presence the server process keeps warm (the caps engine's
index, checked against the database at each reading): through HTTP on both databases, every approval,
cancellation and arrival made meanwhile shows on the very next view, in the figures present now and in the
chart's steps, as a fresh server would show it."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from tests.e2e import web_helpers as w

from relos.db.runtime import Database
from relos.services.deployments import lifecycle

NOW = datetime.now(UTC).replace(second=0, microsecond=0)


@pytest.fixture(autouse=True)
def _now_when_the_test_runs() -> None:
    """NOW is the minute the test runs in, not the one its module was collected in: a run may cross midnight."""
    global NOW
    NOW = datetime.now(UTC).replace(second=0, microsecond=0)


def warships(html: str) -> tuple[str, list[tuple[str, str]]]:
    """India's warships in Russia: present now, and the chart's table of (from, value)."""
    section = html.split('id="presence-relos-ind-rus-RUS"', 1)[1].split("</section>", 1)[0]
    now = re.findall(r'data-total="warships"[^>]*data-present="(\d+)"', section)
    block = section.split('data-total="warships"', 2)[2].split('<div class="chart-block"', 1)[0]
    steps = re.findall(r'<tr data-from="([^"]+)"[^>]*data-value="(\d+)"', block)
    return (now[0] if now else "?"), steps


def test_the_overview_follows_each_change_at_once(orders_db: Database) -> None:
    w.add_people(orders_db)
    w.records_world(orders_db)
    commander = w.actor("rus.commander")
    with w.client_for(orders_db) as client:
        client.app.state.clock.pin(NOW)  # type: ignore[attr-defined]
        w.sign_in(client, "rus.commander")
        _, before = warships(client.get("/").text)
        assert {v for _, v in before} == {"0"}

        later = w.india_deployment(orders_db, ships=2, days_ahead=20, length=10)
        w.approve_deployment(orders_db, later["id"])
        _, steps = warships(client.get("/").text)
        assert {v for _, v in steps} == {"0", "2"}

        here = w.india_deployment(orders_db, ships=1, days_ahead=1, length=3, first=5)
        w.approve_deployment(orders_db, here["id"])
        _, steps = warships(client.get("/").text)
        assert steps[0][1] == "0" and steps[1][1] == "1"  # from tomorrow
        tomorrow = datetime.combine(NOW.date() + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
        lifecycle.mark_arrived(
            orders_db.uow(), actor=commander, deployment_id=here["id"], at=tomorrow + timedelta(hours=1),
            now=tomorrow + timedelta(hours=1), clearance_check=lambda *_, **__: [],
        )  # fmt: skip
        client.app.state.clock.pin(tomorrow + timedelta(hours=2))  # type: ignore[attr-defined]
        present, steps = warships(client.get("/").text)
        assert present == "1" and [v for _, v in steps][:2] == ["0", "1"]  # arrived at 01:00

        lifecycle.cancel_deployment(
            orders_db.uow(), actor=w.actor("ind.requester"), deployment_id=later["id"], reason="test"
        )
        _, steps = warships(client.get("/").text)
        assert "2" not in {v for _, v in steps}
