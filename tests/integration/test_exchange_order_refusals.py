"""Support-order documents that break a rule in the receiving instance are refused with a signed refusal naming
the rule, and nothing of them is applied: a delivery sent by the ordering party, a receipt of more than was
delivered, a payment in another currency than its invoice, an invoice of another amount than accrued here, a
document about an order the receiver does not hold, an order priced without the supplier's price list, and a
signature of a version amended meanwhile; and what the partner decides about an order is not typed into this
instance."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from tests.integration.exchange_helpers import IND_REQUESTER, Instance, day, refused_rules
from tests.integration.exchange_orders_helpers import (
    RUS_SIGNER,
    RUS_SUPPLY,
    accepted_in_russia,
    billed_in_russia,
    delivered_in_russia,
    fuel_and_water,
    ordered,
    price_list,
    receipted_in_india,
)

from relos.domain.errors import Forbidden
from relos.domain.exchange.envelope import DocumentType
from relos.services.exchange.outbox import enqueue
from relos.services.orders import deliveries
from relos.services.orders import lifecycle as orders


def _sent(one: Instance, to: str, kind: DocumentType, record: str, body: dict[str, Any]) -> bytes:
    """A document `one`'s instance signs and numbers as any other, saying what its records do not: the bundle."""
    with one.db.uow() as uow:
        enqueue(uow, kind=kind, record=record, agreement="relos-ind-rus", own=one.party, peer=to, key=one.key,
                now=day(3), body=body)  # fmt: skip
        uow.commit()
    return one.export(to, now=day(3))


def _delivered(india: Instance, russia: Instance) -> tuple[str, str]:
    """An order made in India, signed by both, accepted and delivered in Russia, all crossed: its id, delivery's."""
    price_list(russia)
    india.take(russia.export("IND", now=day(1)), now=day(1))
    order_id = ordered(india, None)
    russia.take(india.export("RUS", now=day(1)), now=day(1))
    accepted_in_russia(russia, order_id)
    delivery_id = delivered_in_russia(russia, order_id, fuel="600")
    india.take(russia.export("IND", now=day(2)), now=day(2))
    return order_id, delivery_id


def _obligations(one: Instance, order_id: str) -> list[Any]:
    with one.db.uow(read_only=True) as uow:
        return uow.claims.obligations(order_id=order_id)


def test_a_delivery_from_the_ordering_party_and_a_receipt_of_more_than_delivered_are_refused(
    instances: tuple[Instance, Instance],
) -> None:
    india, russia = instances
    order_id, delivery_id = _delivered(india, russia)
    delivery = {"id": "0190aaaa-0000-7000-8000-000000000001", "order_id": order_id, "delivered_on": "2026-03-03",
                "lines": [{"line_no": 1, "quantity": "100"}], "recorded_by": "ind.supply", "note": ""}  # fmt: skip
    report = russia.take(_sent(india, "RUS", DocumentType.ORDER_DELIVERY, order_id, delivery), now=day(3))
    assert refused_rules(report) == ["conflict.exchange_not_authority_order"]

    receipt = {"id": "0190aaaa-0000-7000-8000-000000000002", "delivery_id": delivery_id, "receipted_on": "2026-03-04",
               "lines": [{"line_no": 1, "quantity": "700"}, {"line_no": 2, "quantity": "50"}],
               "receipted_by": "ind.supply_officer", "receiving_unit": "INS Test 0", "note": "",
               "obligations": [{"id": "0190aaaa-0000-7000-8000-000000000003", "method": "cash", "value": "72850.00",
                                "currency": "RUB", "incurred_on": "2026-03-04", "due_on": None}]}  # fmt: skip
    report = russia.take(_sent(india, "RUS", DocumentType.ORDER_RECEIPT, order_id, receipt), now=day(4))
    assert refused_rules(report) == ["receipted_but_delivered"]
    with russia.db.uow(read_only=True) as uow:
        history = uow.orders.get(order_id)
    assert history is not None and history.receipts == () and len(history.deliveries) == 1
    assert _obligations(russia, order_id) == []  # nothing half-applied

    refusals = india.take(russia.export("IND", now=day(4)), now=day(4))
    assert [line.split()[1] for line in refusals.applied] == ["refusal", "refusal"]


def test_an_invoice_of_another_amount_and_a_payment_in_another_currency_are_refused(
    instances: tuple[Instance, Instance],
) -> None:
    india, russia = instances
    order_id, delivery_id = _delivered(india, russia)
    receipted_in_india(india, order_id, delivery_id)
    russia.take(india.export("RUS", now=day(3)), now=day(3))
    invoice = billed_in_russia(russia, order_id)

    padded = {"invoice_id": invoice["id"], "invoice": {**invoice, "amount": "99999.00"}, "billed_by": "rus.finance"}
    report = india.take(_sent(russia, "IND", DocumentType.ORDER_INVOICE, order_id, padded), now=day(4))
    assert refused_rules(report) == ["exchange_order_differs"]
    with india.db.uow(read_only=True) as uow:  # nothing half-applied: not billed, no invoice, no posting
        assert uow.claims.invoices(order_id=order_id) == []
        history = uow.orders.get(order_id)
    assert history is not None and history.order.status.value == "partly_delivered"

    payment = {"id": "0190aaaa-0000-7000-8000-000000000004", "invoice_id": invoice["id"], "amount": invoice["amount"],
               "currency": "USD", "paid_on": "2026-03-05", "reference": "", "recorded_by": "ind.finance"}  # fmt: skip
    report = russia.take(_sent(india, "RUS", DocumentType.ORDER_PAYMENT, order_id, payment), now=day(5))
    assert refused_rules(report) == ["currency_matches"]
    with russia.db.uow(read_only=True) as uow:
        assert uow.claims.payments(invoice_ids=[invoice["id"]]) == []


def test_a_document_about_an_unknown_order_and_an_order_priced_without_the_price_list_are_refused(
    instances: tuple[Instance, Instance],
) -> None:
    india, russia = instances
    unknown = "0190aaaa-0000-7000-8000-0000000000ff"
    acceptance = {"version": 1, "accepted_by": "rus.supply"}
    report = india.take(_sent(russia, "IND", DocumentType.ORDER_ACCEPTANCE, unknown, acceptance), now=day(3))
    assert refused_rules(report) == ["not_found"]

    price_list(russia)  # India orders before Russia's price list reaches it, at a price of its own
    lines = [line.__class__(**{**line.__dict__, "unit_price": "90.00", "currency": "RUB",
                               "price_reason": "quoted by phone"}) for line in fuel_and_water()]  # fmt: skip
    order_id = ordered(india, None, lines)
    report = russia.take(india.export("RUS", now=day(3)), now=day(3))
    assert refused_rules(report) == ["exchange_list_price_differs", "exchange_list_price_differs", "not_found"]
    with russia.db.uow(read_only=True) as uow:
        assert uow.orders.get(order_id) is None
    # the signature after it is refused too: the order it signs is not held here
    assert [r["type"] for r in report.refused] == ["order.version", "order.signature"]


def test_what_the_partner_decides_about_an_order_cannot_be_decided_in_this_instance(
    instances: tuple[Instance, Instance],
) -> None:
    india, russia = instances
    order_id, delivery_id = _delivered(india, russia)
    with pytest.raises(Forbidden) as refused:  # Russia's delivery, typed into India's instance
        deliveries.record_delivery(
            india.db.uow(), actor=RUS_SUPPLY, order_id=order_id, delivered_on=day(2).date(), lines=[(1, "1")],
            now=day(2),
        )  # fmt: skip
    assert refused.value.code == "forbidden.exchange_partner_decides"
    with pytest.raises(Forbidden):  # India's receipt, typed into Russia's instance
        receipted_in_india(russia, order_id, delivery_id)
    with pytest.raises(Forbidden):
        billed_in_russia(india, order_id)


def test_an_amendment_crossing_the_suppliers_signature_is_signed_again_and_the_stale_signature_refused(
    instances: tuple[Instance, Instance],
) -> None:
    india, russia = instances
    price_list(russia)
    india.take(russia.export("IND", now=day(1)), now=day(1))
    order_id = ordered(india, None)
    russia.take(india.export("RUS", now=day(1)), now=day(1))
    orders.sign_order(russia.db.uow(), actor=RUS_SIGNER, order_id=order_id, now=day(1))
    more = [replace(line, quantity="2000") if line.item_code == "F-76" else line for line in fuel_and_water()]
    orders.amend_order(india.db.uow(), actor=IND_REQUESTER, order_id=order_id, lines=more, reason="more fuel",
                       now=day(1))  # fmt: skip
    report = india.take(russia.export("IND", now=day(1)), now=day(1))
    assert refused_rules(report) == ["conflict.exchange_order_other_version"]  # Russia signed version 1
    russia.take(india.export("RUS", now=day(1)), now=day(1))
    with russia.db.uow(read_only=True) as uow:
        history = uow.orders.get(order_id)
    assert history is not None
    assert (history.order.version, history.order.status.value, str(history.order.lines[0].quantity)) == (
        2, "draft", "2000")  # fmt: skip
    assert history.order.signatures[-1].party == "RUS" and history.order.signed_by("RUS") is None
