"""In a party's instance a payment waits for the settlement certificate (India's on SQLite, Russia's on
PostgreSQL): an invoice that crossed cannot be paid in India's instance until both parties signed the certificate
of a period holding the invoice's day — one of another period does not open it —, and the certifier keeps the
certificate its partner countersigned only when it carries the signature it gave."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tests.integration.exchange_helpers import OPERATOR, Instance, day
from tests.integration.exchange_orders_helpers import (
    billed_not_crossed,
    paid_in_india,
)

from relos.domain.errors import Conflict, InvalidInput
from relos.services.exchange import reconcile, settlement


def _invoice_crossed(india: Instance, russia: Instance) -> dict[str, Any]:
    invoice, bundle = billed_not_crossed(india, russia)
    india.take(bundle, now=day(4))
    return invoice


def _signed_by_both(india: Instance, russia: Instance, period: str) -> dict[str, Any]:
    at: dict[str, Any] = {"where": "file.json", "today": day(4).date(), "now": day(4)}
    digest = reconcile.make_digest(india.db.uow(), actor=OPERATOR, agreement_id="relos-ind-rus", period=period,
                                   key=india.key, today=day(4).date(), now=day(4))  # fmt: skip
    by_russia = settlement.certify(russia.db.uow(), actor=OPERATOR, data=json.dumps(digest).encode(),
                                   key=russia.key, **at)  # fmt: skip
    return settlement.countersign(india.db.uow(), actor=OPERATOR, data=json.dumps(by_russia).encode(),
                                  key=india.key, **at)  # fmt: skip


def test_a_payment_opens_only_with_a_certificate_of_its_period_signed_by_both(
    instances: tuple[Instance, Instance],
) -> None:
    india, russia = instances
    invoice = _invoice_crossed(india, russia)
    with pytest.raises(Conflict) as gated:
        paid_in_india(india, invoice)
    assert gated.value.code == "conflict.payment_needs_settlement"
    _signed_by_both(india, russia, "2026-Q2")  # the invoice is of 5 March: another period opens nothing
    with pytest.raises(Conflict):
        paid_in_india(india, invoice)

    both = _signed_by_both(india, russia, "2026-Q1")
    forged = json.loads(json.dumps(both))
    forged["signatures"]["RUS"]["signature"] = forged["signatures"]["IND"]["signature"]
    with pytest.raises(InvalidInput) as refused:
        settlement.record_countersigned(russia.db.uow(), actor=OPERATOR, data=json.dumps(forged).encode(),
                                        where="file.json")  # fmt: skip
    assert refused.value.problems[0].code == "exchange_certificate_not_ours"
    settlement.record_countersigned(russia.db.uow(), actor=OPERATOR, data=json.dumps(both).encode(), where="file")
    for one in (india, russia):
        with one.db.uow(read_only=True) as uow:
            assert [k.period for k in uow.settlements.covering("relos-ind-rus", day(4).date())] == ["2026-Q1"]
    paid = paid_in_india(india, invoice)
    assert paid["order_status"] == "settled"
