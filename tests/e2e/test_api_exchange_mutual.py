"""The proposals and the reconciliation through /api/v1, on two instances (India's on SQLite, Russia's on
PostgreSQL): India's approver proposes raised caps (once per Idempotency-Key), Russia's approver countersigns
them and a second answer is refused; India's administrator proposes an extension, Russia's declines it saying why,
and India's instance shows it declined; a proposal this instance did not receive, a reader without the role and
another party's agreement are refused as the pages and the command refuse them. India's finance officer reads the
reconciliation with Russia's digest: the invoice not crossed yet is a difference, each listed with the exchanged
documents behind it, none once it crossed; the settlement certificate's state follows it from not signed to signed
by both."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from tests.e2e import web_helpers as w
from tests.integration.exchange_helpers import OPERATOR, Instance, day
from tests.integration.exchange_orders_helpers import billed_not_crossed

from relos.services.exchange import reconcile, reconciliation_view, settlement
from relos.services.people import tokens

API = "/api/v1"
REPLAYED = "Idempotent-Replayed"
OVERRIDE = {"agreement_id": "relos-ind-rus", "visiting_party": "IND", "start": "2026-03-01T00:00:00Z",
            "end": "2026-03-31T00:00:00Z", "warships": 7, "authority": "exchange of notes",
            "reference": "Note 7/2026"}  # fmt: skip


@pytest.fixture
def instances(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Instance, Instance]]:
    yield from w.instances_with_people(request, tmp_path)


def _as(one: Instance, user_id: str) -> dict[str, str]:
    issued = tokens.issue_token(one.db.uow(), actor=OPERATOR, user_id=user_id, name="test",
                                lifetime=timedelta(days=1), now=datetime.now(UTC))  # fmt: skip
    return {"Authorization": f"Bearer {issued.secret}"}


def _code(answer: Any) -> str:
    body = answer.json()
    return str(body.get("code") or body["errors"][0]["code"])


def test_a_proposal_is_made_answered_once_and_refused_to_whom_it_is_not(instances: tuple[Instance, Instance]) -> None:
    india, russia = instances
    with w.client_for(india.db, data_dir=india.data_dir) as client:
        captain = _as(india, "ind.captain")
        made = [client.post(f"{API}/exchange/proposals/cap-overrides", json=OVERRIDE,
                            headers=captain | {"Idempotency-Key": "cap-1"}) for _ in range(2)]  # fmt: skip
        assert [r.status_code for r in made] == [201, 201], made[0].text
        assert made[1].json() == made[0].json() and made[1].headers[REPLAYED] == "true"
        proposal = made[0].json()
        assert (proposal["subject"], proposal["state"], proposal["proposed_by"]) == ("cap_override", "proposed", "IND")
        assert proposal["particulars"]["limits"]["warships"] == 7
        assert [p["id"] for p in client.get(f"{API}/exchange/proposals", headers=captain).json()] == [proposal["id"]]
        requester = client.get(f"{API}/exchange/proposals", headers=_as(india, "ind.requester"))
        assert requester.status_code == 403 and _code(requester) == "forbidden.needs_role"
        own = client.post(f"{API}/exchange/proposals/{proposal['id']}/acceptance", headers=captain)
        assert own.status_code == 404  # India sent it: only the partner answers it
        admin = _as(india, "ind.admin")
        wrong = client.post(
            f"{API}/exchange/proposals/agreement-events",
            headers=admin,
            json={
                "agreement_id": "relos-ind-rus",
                "kind": "ratification",
                "date": "2026-01-20",
                "source": "Note 4/2026",
            },
        )
        assert wrong.status_code == 422 and _code(wrong) == "event_not_mutual"
        extension = client.post(f"{API}/exchange/proposals/agreement-events", headers=admin, json={
            "agreement_id": "relos-ind-rus", "kind": "extension_consent", "date": "2026-01-20",
            "source": "Note verbale 4/2026"}).json()  # fmt: skip
        assert extension["subject"] == "agreement_event" and extension["state"] == "proposed"
    russia.take(india.export("RUS"))
    with w.client_for(russia.db, data_dir=russia.data_dir) as client:
        commander, admin = _as(russia, "rus.commander"), _as(russia, "rus.admin")
        shown = client.get(f"{API}/exchange/proposals/{proposal['id']}", headers=commander).json()
        assert (shown["state"], shown["proposed_by"], shown["answered_by"]) == ("proposed", "IND", "RUS")
        assert client.get(f"{API}/exchange/proposals/nothing-such", headers=commander).status_code == 404
        by_admin = client.post(f"{API}/exchange/proposals/{proposal['id']}/acceptance", headers=admin)
        assert by_admin.status_code == 403  # an override is countersigned by a host approver
        accepted = client.post(f"{API}/exchange/proposals/{proposal['id']}/acceptance",
                               headers=commander | {"Idempotency-Key": "accept-1"})  # fmt: skip
        assert accepted.status_code == 200 and accepted.json()["state"] == "accepted", accepted.text
        again = client.post(f"{API}/exchange/proposals/{proposal['id']}/acceptance", headers=commander)
        assert again.status_code == 409 and _code(again) == "conflict.proposal_answered"
        say_why = client.post(f"{API}/exchange/proposals/{extension['id']}/decline", headers=admin,
                              json={"reason": " "})  # fmt: skip
        assert say_why.status_code == 422 and _code(say_why) == "say_why_proposal_declined"
        declined = client.post(f"{API}/exchange/proposals/{extension['id']}/decline", headers=admin,
                               json={"reason": "not this year"}).json()  # fmt: skip
        assert declined["state"] == "declined" and declined["answer"]["reason"] == "not this year"
    with russia.db.uow(read_only=True) as uow:
        assert [o.id for o in uow.deployments.overrides(host_party="RUS", visiting_party="IND")] == [proposal["id"]]
    india.take(russia.export("IND"))
    with w.client_for(india.db, data_dir=india.data_dir) as client:
        states = {p["id"]: p["state"] for p in client.get(f"{API}/exchange/proposals",
                                                          headers=_as(india, "ind.admin")).json()}  # fmt: skip
        assert states == {proposal["id"]: "accepted", extension["id"]: "declined"}


def _russias_digest(russia: Instance) -> bytes:
    signed = reconcile.make_digest(russia.db.uow(), actor=OPERATOR, agreement_id="relos-ind-rus", period="2026",
                                   key=russia.key, today=day(4).date(), now=day(4))  # fmt: skip
    return json.dumps(signed).encode()


def test_the_reconciliation_lists_the_differences_and_the_certificate_follows_the_signatures(
    instances: tuple[Instance, Instance],
) -> None:
    india, russia = instances
    _, invoice_bundle = billed_not_crossed(india, russia)
    at = {"where": "digest.json", "today": day(4).date(), "now": day(4)}
    path, certificate = f"{API}/reconciliations/relos-ind-rus", f"{API}/reconciliations/relos-ind-rus/certificate"
    with w.client_for(india.db, data_dir=india.data_dir) as client:
        finance = _as(india, "ind.finance")
        before = client.get(path, params={"period": "2026"}, headers=finance).json()
        assert (before["party"], before["partner"], before["compared"], before["agreed"]) == ("IND", "RUS", False,
                                                                                               False)  # fmt: skip
        assert before["partner_digest_at"] is None and before["certificate"]["state"] == "not_signed"
        reconciliation_view.take_digest(india.db.uow(), actor=OPERATOR, data=_russias_digest(russia), key=india.key,
                                        **at)  # fmt: skip
        differing = client.get(path, params={"period": "2026"}, headers=finance).json()
        assert differing["compared"] and not differing["agreed"]
        invoices = [d for d in differing["differences"] if d["kind"] == "invoices"]
        assert invoices and invoices[0]["ours"] is None and invoices[0]["field"] == ""
        documents = [doc for d in differing["differences"] for doc in d["documents"]]
        assert documents and all(doc["type"].startswith("order.") for doc in documents)  # those that crossed here
        requester = client.get(path, params={"period": "2026"}, headers=_as(india, "ind.requester"))
        assert requester.status_code == 403 and _code(requester) == "forbidden.needs_role"
        assert client.get(f"{API}/reconciliations/no-such", params={"period": "2026"},
                          headers=finance).status_code == 404  # fmt: skip
        assert client.get(path, params={"period": "someday"}, headers=finance).status_code == 422
        india.take(invoice_bundle, now=day(4))
        reconciliation_view.take_digest(india.db.uow(), actor=OPERATOR, data=_russias_digest(russia), key=india.key,
                                        **at)  # fmt: skip
        agreed = client.get(path, params={"period": "2026"}, headers=finance).json()
        assert agreed["agreed"] and agreed["differences"] == [], agreed["differences"]
        signed = reconciliation_view.sign(india.db.uow(), actor=OPERATOR, agreement_id="relos-ind-rus",
                                          period="2026", key=india.key, today=day(4).date(), now=day(4))  # fmt: skip
        here = client.get(certificate, params={"period": "2026"}, headers=finance).json()
        assert (here["state"], here["signed_by"]) == ("signed_here", ["IND"]) and here["ledger_hash"]
        both = settlement.countersign(russia.db.uow(), actor=OPERATOR, data=json.dumps(signed).encode(),
                                      key=russia.key, **at)  # fmt: skip
        settlement.record_countersigned(india.db.uow(), actor=OPERATOR, data=json.dumps(both).encode(),
                                        where="certificate.json")  # fmt: skip
        final = client.get(certificate, params={"period": "2026"}, headers=_as(india, "ind.admin")).json()
        assert (final["state"], final["signed_by"]) == ("signed_by_both", ["IND", "RUS"])
    with w.client_for(russia.db, data_dir=russia.data_dir) as client:
        finance = _as(russia, "rus.finance")
        for url in (f"{API}/reconciliations/lemoa-ind-usa", f"{API}/reconciliations/lemoa-ind-usa/certificate"):
            assert client.get(url, params={"period": "2026"}, headers=finance).status_code == 404  # not Russia's
