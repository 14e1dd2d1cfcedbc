"""The exchange page through HTTP on two instances (India's on SQLite, Russia's on PostgreSQL): Russia's shows the
request it refused with the rule in words and the document waiting for a missing one; India's shows what Russia
refused of its own, and nothing unacknowledged once the answer came back; in Russian, no code shows."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.e2e import web_helpers as w
from tests.integration.exchange_helpers import NOW, Instance, closed_base, requested

from relos.services.exchange import bundles


@pytest.fixture
def instances(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Instance, Instance]]:
    yield from w.instances_with_people(request, tmp_path)


def test_each_instance_shows_what_was_refused_waiting_and_unacknowledged(instances: tuple[Instance, Instance]) -> None:
    india, russia = instances
    with russia.db.uow() as uow:  # Russia's catalogue does not open the base to India
        uow.facilities.save(closed_base(), imported_from="test")
        uow.commit()
    requested(india)
    requested(india, start=20, end=30)
    ack, _, second = json.loads(india.export("RUS"))["documents"]
    russia.take(bundles.write(sender="IND", receiver="RUS", documents=[ack, second], key=india.key, now=NOW))
    with w.client_for(russia.db) as client:
        page = w.sign_in(client, "rus.admin").get("/admin/exchange").text
        assert 'id="waiting-IND"' in page and "2" in page.split('id="waiting-IND"')[1].split("</p>")[0]
        russia.take(india.export("RUS"))  # now the first comes: both are refused (the base is not open)
        page = client.get("/admin/exchange").text
        refused = page.split('class="refused-here"')[1].split("</table>")[0]
        assert refused.count("<tr>") == 3 and "Test naval base is not open to India" in refused  # header, two refusals
        russian = client.get("/admin/exchange?lang=ru").text
        assert "Отклонено здесь" in russian and "not_open_under" not in russian and "deployment.request" not in russian
    india.take(russia.export("IND"))
    with w.client_for(india.db) as client:
        page = w.sign_in(client, "ind.admin").get("/admin/exchange").text
        assert page.split('class="refused-by-partner"')[1].split("</table>")[0].count("<tr>") == 3
        assert 'class="unacknowledged"' not in page
