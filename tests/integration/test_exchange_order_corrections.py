"""Calling a support order off and correcting a payment, across the two parties' instances (India's on SQLite,
Russia's on PostgreSQL): India's requester withdraws an order and Russia's official calls one off, each crossing
as a cancellation; a cancellation that crosses Russia's delivery is refused there by the order's rule, nothing of
it applied; India's correction of its payment crosses and the order is billed again on both sides, while a
correction sent by the payee, or of a payment corrected already, is refused by rule; and the payee cannot correct
the payer's payment in its own instance."""

from __future__ import annotations

from typing import Any

import pytest
from tests.integration.exchange_helpers import IND_REQUESTER, Instance, crossed, day, refused_rules
from tests.integration.exchange_orders_helpers import (
    IND_FINANCE,
    RUS_FINANCE,
    RUS_SIGNER,
    accepted_in_russia,
    billed,
    delivered_in_russia,
    ordered,
    paid_in_india,
    price_list,
    settled_before_paying,
)

from relos.domain.errors import Forbidden
from relos.domain.exchange.envelope import DocumentType
from relos.domain.orders.model import OrderStatus
from relos.services.exchange import outbox
from relos.services.exchange.outbox import enqueue
from relos.services.ledger import reimbursement
from relos.services.orders import lifecycle as orders


def _status(one: Instance, order_id: str) -> OrderStatus:
    with one.db.uow(read_only=True) as uow:
        history = uow.orders.get(order_id)
    assert history is not None
    return history.order.status


def _signed_by_india(india: Instance, russia: Instance) -> str:
    """Russia's price list crossed, an order made and signed in India and crossed to Russia: its id."""
    with russia.db.uow(read_only=True) as uow:
        listed = bool(uow.orders.price_lists("RUS"))
    if not listed:
        price_list(russia)
        india.take(russia.export("IND", now=day(1)), now=day(1))
    order_id = ordered(india, None)
    russia.take(india.export("RUS", now=day(1)), now=day(1))
    return order_id


def test_an_order_withdrawn_by_the_requester_or_called_off_by_the_supplier_is_cancelled_on_both_sides(
    instances: tuple[Instance, Instance],
) -> None:
    india, russia = instances
    withdrawn = _signed_by_india(india, russia)
    orders.cancel_order(india.db.uow(), actor=IND_REQUESTER, order_id=withdrawn, reason="the exercise was moved")
    assert crossed(russia.take(india.export("RUS", now=day(1)), now=day(1))) == ["order.cancellation"]
    assert _status(russia, withdrawn) is OrderStatus.CANCELLED

    called_off = _signed_by_india(india, russia)
    accepted_in_russia(russia, called_off)
    orders.cancel_order(russia.db.uow(), actor=RUS_SIGNER, order_id=called_off, reason="the berth is closed")
    taken = crossed(india.take(russia.export("IND", now=day(2)), now=day(2)))
    assert taken == ["order.signature", "order.cancellation"]  # an acceptance called off is not sent
    assert _status(india, called_off) is OrderStatus.CANCELLED
    with india.db.uow(read_only=True) as uow:
        history = uow.orders.get(called_off)
    assert history is not None and history.order.note == "the berth is closed"

    # each side's cancellation crossed once: neither sends the other's back
    russia.take(india.export("RUS", now=day(3)), now=day(3))
    india.take(russia.export("IND", now=day(3)), now=day(3))
    for one, peer in ((india, "RUS"), (russia, "IND")):
        with one.db.uow(read_only=True) as uow:
            sent = [d.record_id for d in uow.exchange.outbox(peer) if d.type == "order.cancellation"]
        assert sent == [withdrawn if one is india else called_off]


def test_a_cancellation_crossing_a_delivery_is_refused_and_nothing_of_it_applied(
    instances: tuple[Instance, Instance],
) -> None:
    india, russia = instances
    order_id = _signed_by_india(india, russia)
    accepted_in_russia(russia, order_id)
    india.take(russia.export("IND", now=day(1)), now=day(1))
    delivered_in_russia(russia, order_id)  # not crossed yet when India withdraws the order
    orders.cancel_order(india.db.uow(), actor=IND_REQUESTER, order_id=order_id, reason="not needed")
    report = russia.take(india.export("RUS", now=day(2)), now=day(2))
    assert refused_rules(report) == ["conflict.order_needs"]  # delivered there: no longer draft, signed or accepted
    assert _status(russia, order_id) is OrderStatus.DELIVERED


def _paid(india: Instance, russia: Instance) -> tuple[str, dict[str, Any]]:
    """An order delivered, receipted, billed and paid in full, every fact crossed: its id and the payment."""
    order_id = _signed_by_india(india, russia)
    invoice, bundle = billed(india, russia, order_id)
    india.take(bundle, now=day(4))
    settled_before_paying(india, russia)
    payment = paid_in_india(india, invoice)
    russia.take(india.export("RUS", now=day(5)), now=day(5))
    assert _status(russia, order_id) is OrderStatus.SETTLED
    return order_id, payment


def _sent(one: Instance, to: str, kind: DocumentType, record: str, body: dict[str, Any]) -> bytes:
    with one.db.uow() as uow:
        enqueue(uow, kind=kind, record=record, agreement="relos-ind-rus", own=one.party, peer=to, key=one.key,
                now=day(5), body=body)  # fmt: skip
        uow.commit()
    return one.export(to, now=day(5))


def test_the_payers_correction_of_its_payment_crosses_and_the_order_is_billed_again_on_both_sides(
    instances: tuple[Instance, Instance],
) -> None:
    india, russia = instances
    order_id, payment = _paid(india, russia)
    with pytest.raises(Forbidden) as refused:  # the payee does not correct the payer's payment
        reimbursement.reverse_payment(russia.db.uow(), actor=RUS_FINANCE, payment_id=payment["id"],
                                      reason="wrong amount", on=day(5).date(), now=day(5))  # fmt: skip
    assert refused.value.code == "forbidden.exchange_partner_decides"

    reversal = {"payment_id": payment["id"], "reason": "paid twice", "on": "2026-03-06", "reversed_by": "rus.finance"}
    report = india.take(_sent(russia, "IND", DocumentType.ORDER_PAYMENT_REVERSAL, order_id, reversal), now=day(5))
    assert refused_rules(report) == ["conflict.exchange_not_authority_order"]
    assert _status(india, order_id) is OrderStatus.SETTLED  # nothing applied

    reimbursement.reverse_payment(india.db.uow(), actor=IND_FINANCE, payment_id=payment["id"],
                                  reason="paid from the wrong account", on=day(5).date(), now=day(5))  # fmt: skip
    taken = crossed(russia.take(india.export("RUS", now=day(5)), now=day(5)))
    assert taken == ["refusal", "order.payment_reversal"]  # India's refusal of the payee's, then its own
    assert _status(russia, order_id) is _status(india, order_id) is OrderStatus.BILLED
    with russia.db.uow(read_only=True) as uow:
        found = uow.claims.get_payment(payment["id"])
        audited = [e for e in uow.audit.entries(entity="order", entity_id=order_id) if e.action == "payment.reversed"]
    assert found is not None and found[3] is True
    assert audited[0].actor == "IND:ind.finance" and (audited[0].after or {})["reason"] == "paid from the wrong account"

    again = {**reversal, "reason": "again", "reversed_by": "ind.finance"}
    report = russia.take(_sent(india, "RUS", DocumentType.ORDER_PAYMENT_REVERSAL, order_id, again), now=day(6))
    assert refused_rules(report) == ["conflict.payment_reversed_already"]


def test_an_export_after_one_that_sent_something_sends_what_changed_since_and_nothing_twice(
    instances: tuple[Instance, Instance],
) -> None:
    india, russia = instances
    order_id = _signed_by_india(india, russia)  # Russia's exports so far sent its first price list
    price_list(russia)  # a second list, made after Russia's last export
    orders.sign_order(russia.db.uow(), actor=RUS_SIGNER, order_id=order_id, now=day(1))
    assert crossed(india.take(russia.export("IND", now=day(1)), now=day(1))) == ["order.price_list", "order.signature"]
    with russia.db.uow() as uow:
        assert outbox.compose(uow, peer="IND", key=russia.key, now=day(1)) == []
