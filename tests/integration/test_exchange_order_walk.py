"""A whole exercise across the two parties' instances by file bundles (India's on SQLite, Russia's on PostgreSQL):
India's deployment is approved in Russia's instance, its port-call notice cleared, its arrival recorded there;
then a support order created in India's instance is signed by both, accepted and delivered in Russia's,
receipted in India's, billed in Russia's and — once both signed the settlement certificate of the period the
invoice falls in (refused before) — paid in India's. Both instances end with the same order, the same
obligations, invoice and payment, and the same audit; `ledger reconcile` finds no difference and both sign
the settlement certificate."""

from __future__ import annotations

import json

import pytest
from tests.integration.clearance_helpers import RUS_CLEARANCE
from tests.integration.exchange_helpers import (
    OPERATOR,
    RUS_APPROVER,
    RUS_LOGISTICS,
    Instance,
    crossed,
    day,
    requested,
    submitted_notice,
)
from tests.integration.exchange_orders_helpers import (
    accepted_in_russia,
    billed_in_russia,
    delivered_in_russia,
    ordered,
    paid_in_india,
    price_list,
    receipted_in_india,
    settled_before_paying,
)

from relos.domain.errors import Conflict
from relos.domain.orders.model import OrderStatus
from relos.services.clearances import lifecycle as clearances
from relos.services.deployments import lifecycle
from relos.services.exchange import reconcile, settlement, status
from relos.services.people.audit_checkpoints import verify_audit

PERIOD = "2026"


def _order(one: Instance, order_id: str) -> object:
    with one.db.uow(read_only=True) as uow:
        history = uow.orders.get(order_id)
    assert history is not None
    return history


def _ledger(one: Instance, order_id: str) -> tuple[object, ...]:
    with one.db.uow(read_only=True) as uow:
        obligations = uow.claims.obligations(order_id=order_id)
        invoices = uow.claims.invoices(order_id=order_id)
        payments = uow.claims.payments(invoice_ids=[i.id for i in invoices])
        balances = uow.ledger.balances(agreement_id="relos-ind-rus")
    return obligations, invoices, payments, balances


def _arrived(india: Instance, russia: Instance) -> str:
    """India's deployment requested, approved, cleared and arrived, each fact crossed: its id."""
    deployment_id = requested(india)
    russia.take(india.export("RUS"))
    lifecycle.approve_deployment(russia.db.uow(), actor=RUS_APPROVER, deployment_id=deployment_id, now=day(-20))
    india.take(russia.export("IND"))
    clearance_id, _ = submitted_notice(india, deployment_id)
    russia.take(india.export("RUS"))
    clearances.approve_clearance(
        russia.db.uow(), actor=RUS_CLEARANCE, clearance_id=clearance_id, clearance_number="VVO-2026-017", now=day(-19)
    )
    lifecycle.mark_arrived(russia.db.uow(), actor=RUS_LOGISTICS, deployment_id=deployment_id, at=day(1), now=day(1))
    india.take(russia.export("IND", now=day(1)), now=day(1))
    return deployment_id


def _digest(one: Instance, *, at: float = 6) -> bytes:
    signed = reconcile.make_digest(
        one.db.uow(), actor=OPERATOR, agreement_id="relos-ind-rus", period=PERIOD, key=one.key,
        today=day(at).date(), now=day(at),
    )  # fmt: skip
    return json.dumps(signed).encode()


def test_a_support_order_signed_by_both_is_delivered_receipted_billed_and_paid_across_and_the_ledgers_settle(
    instances: tuple[Instance, Instance],
) -> None:
    india, russia = instances
    deployment_id = _arrived(india, russia)
    list_id = price_list(russia)
    assert crossed(india.take(russia.export("IND", now=day(1)), now=day(1))) == ["order.price_list"]

    order_id = ordered(india, deployment_id)
    assert crossed(russia.take(india.export("RUS", now=day(1)), now=day(1))) == ["order.version", "order.signature"]
    there = _order(russia, order_id).order  # type: ignore[attr-defined]
    assert there.requested_by == "IND:ind.requester" and there.lines[0].price_list_id == list_id
    assert there.signed_by("IND") is not None and there.status is OrderStatus.DRAFT

    accepted_in_russia(russia, order_id)
    delivery_id = delivered_in_russia(russia, order_id)
    report = india.take(russia.export("IND", now=day(2)), now=day(2))
    assert crossed(report) == ["order.signature", "order.acceptance", "order.delivery"]
    assert _order(india, order_id).order.status is OrderStatus.DELIVERED  # type: ignore[attr-defined]

    receipted = receipted_in_india(india, order_id, delivery_id)
    assert crossed(russia.take(india.export("RUS", now=day(3)), now=day(3))) == ["order.receipt"]
    invoice = billed_in_russia(russia, order_id)
    assert crossed(india.take(russia.export("IND", now=day(4)), now=day(4))) == ["order.invoice"]
    with pytest.raises(Conflict) as gated:
        paid_in_india(india, invoice)
    assert gated.value.code == "conflict.payment_needs_settlement"
    settled_before_paying(india, russia)
    paid_in_india(india, invoice)
    assert crossed(russia.take(india.export("RUS", now=day(5)), now=day(5))) == ["order.payment"]
    india.take(russia.export("IND", now=day(5)), now=day(5))  # Russia's acknowledgement

    here, there = _order(india, order_id), _order(russia, order_id)
    assert here.order.status is there.order.status is OrderStatus.SETTLED  # type: ignore[attr-defined]
    assert [d.id for d in here.deliveries] == [d.id for d in there.deliveries]  # type: ignore[attr-defined]
    assert [r.id for r in here.receipts] == [r.id for r in there.receipts]  # type: ignore[attr-defined]
    ours, theirs = _ledger(india, order_id), _ledger(russia, order_id)
    assert ours == theirs
    assert [ob.id for ob in ours[0]] == [ob["id"] for ob in receipted["obligations"]]  # type: ignore[attr-defined]

    found = reconcile.reconcile(
        russia.db.uow(), actor=OPERATOR, data=_digest(india), where="digest.json", key=russia.key,
        today=day(6).date(), now=day(6),
    )  # fmt: skip
    assert found.agreed, found.differences
    at = {"where": "file.json", "today": day(6).date(), "now": day(6)}
    by_russia = settlement.certify(russia.db.uow(), actor=OPERATOR, data=_digest(india), key=russia.key, **at)
    both = settlement.countersign(
        india.db.uow(), actor=OPERATOR, data=json.dumps(by_russia).encode(), key=india.key, **at
    )
    assert sorted(both["signatures"]) == ["IND", "RUS"]

    for one in (india, russia):
        found_status = status.exchange_status(one.db.uow(), actor=OPERATOR, now=day(6))
        (channel,) = found_status.channels
        assert channel.refused_here == [] and channel.missing == []
        verdict = verify_audit(one.db.uow(), public_key=None, checkpoints=one.data_dir / "none.jsonl")
        assert verdict.intact, (verdict.problems, verdict.discrepancies)
    actions = []
    for one in (india, russia):
        with one.db.uow(read_only=True) as uow:
            actions.append(sorted(e.action for e in uow.audit.entries(limit=500) if e.entity_id == order_id))
    assert actions[0] == actions[1]  # the same audit of the order on both sides
