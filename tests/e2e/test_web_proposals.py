"""The proposals page through HTTP on two instances (India's on SQLite, Russia's on PostgreSQL): India's proposal
of raised caps reaches Russia's page as proposed; Russia's approver countersigns it there and Russia holds the
override; another one, proposed with the presence page's form, is declined with the reason and shows declined on
India's page once the answer crossed; in Russian, no code shows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.e2e import web_helpers as w
from tests.integration.exchange_helpers import NOW, Instance, day

from relos.services.exchange import mutual


@pytest.fixture
def instances(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Instance, Instance]]:
    yield from w.instances_with_people(request, tmp_path)


def _proposed(india: Instance, warships: int) -> str:
    found = mutual.propose_override(
        india.db.uow(), actor=w.actor("ind.captain"), key=india.key, now=NOW, agreement_id="relos-ind-rus",
        visiting_party="IND", start=day(0), end=day(30), limits={"warships": warships},
        authority="exchange of notes of the ministries", reference=f"Note {warships}/2026",
    )  # fmt: skip
    return found.id


def test_the_partners_approver_countersigns_or_declines_on_the_page(instances: tuple[Instance, Instance]) -> None:
    india, russia = instances
    first = _proposed(india, 7)
    with w.client_for(india.db, data_dir=india.data_dir) as client:  # the presence page's form proposes here
        page = w.sign_in(client, "ind.captain").get("/presence").text
        assert 'id="proposals-link"' in page
        form = {"csrf": w.csrf_of(page), "agreement": "relos-ind-rus", "host": "RUS", "visiting": "IND",
                "from": "2026-03-01", "until": "2026-03-31", "warships": "8", "authority": "exchange of notes",
                "reference": "Note 8/2026"}  # fmt: skip
        done = client.post("/presence/overrides", data=form, follow_redirects=True).text
        assert "proposed to the partner" in done
    second = next(p.id for p in mutual.proposals(india.db.uow(), actor=w.actor("ind.captain")) if p.id != first)
    russia.take(india.export("RUS"))
    with w.client_for(russia.db, data_dir=russia.data_dir) as client:
        page = w.sign_in(client, "rus.commander").get("/proposals").text
        assert f'id="accept-{first}"' in page and "Raised presence caps" in page and "warships 7" in page
        token = w.csrf_of(page)
        answer = client.post(f"/proposals/{first}/accept", data={"csrf": token, "key": "k1"}, follow_redirects=False)
        assert answer.status_code == 303
        empty = client.post(f"/proposals/{second}/decline", data={"csrf": token, "key": "k2", "reason": " "},
                            follow_redirects=True).text  # fmt: skip
        assert "say why the proposal is declined" in empty
        client.post(f"/proposals/{second}/decline", data={"csrf": token, "key": "k3", "reason": "too many"})
        page = client.get("/proposals").text
        assert f'id="proposal-{first}" data-state="accepted"' in page
        assert f'id="proposal-{second}" data-state="declined"' in page
        russian = client.get("/proposals?lang=ru").text
        assert "Увеличение предельной численности" in russian and "cap_override" not in russian
        assert "proposals." not in russian
    with russia.db.uow(read_only=True) as uow:
        assert [o.id for o in uow.deployments.overrides(host_party="RUS", visiting_party="IND")] == [first]
    india.take(russia.export("IND"))
    with w.client_for(india.db, data_dir=india.data_dir) as client:
        page = w.sign_in(client, "ind.captain").get("/proposals").text
        assert 'data-state="declined"' in page and "too many" in page and "accept-" not in page


def test_an_extension_recorded_on_the_agreement_page_is_proposed_and_consented_on_the_proposals_page(
    instances: tuple[Instance, Instance],
) -> None:
    india, russia = instances
    with w.client_for(india.db, data_dir=india.data_dir) as client:
        page = w.sign_in(client, "ind.admin").get("/agreements/relos-ind-rus").text
        form = {"csrf": w.csrf_of(page), "key": "e1", "kind": "extension_consent", "date": "2026-01-20",
                "party": "IND", "source": "Note verbale 4/2026"}  # fmt: skip
        done = client.post("/agreements/relos-ind-rus/events", data=form, follow_redirects=True).text
        assert "Proposed to the partner" in done
    (proposal,) = mutual.proposals(india.db.uow(), actor=w.actor("ind.admin"))
    russia.take(india.export("RUS"))
    with w.client_for(russia.db, data_dir=russia.data_dir) as client:
        page = w.sign_in(client, "rus.admin").get("/proposals").text
        assert "extension by mutual consent" in page
        client.post(f"/proposals/{proposal.id}/accept", data={"csrf": w.csrf_of(page), "key": "e2"})
        assert 'data-state="accepted"' in client.get("/proposals").text
    with russia.db.uow(read_only=True) as uow:
        stored = uow.agreements.get("relos-ind-rus")
        assert stored is not None
        assert sorted(str(e.party) for e in stored.events if e.kind.value == "extension_consent") == ["IND", "RUS"]
