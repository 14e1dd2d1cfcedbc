"""The ledger's side of a support order's exchange (relos.services.orders.exchanged): the supplier's invoices and
conversions of overdue in-kind obligations to cash debts, the payer's payments and its corrections of them, and
the debtor's returns in kind, each taken into this instance as the partner's finance officer posted it,
re-checked by the rules the services apply (relos.services.ledger.postings, relos.services.orders.deliveries) and
refused when it comes out here otherwise than the partner says."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from uuid6 import uuid7

from relos.domain.errors import Conflict, FieldProblem, InvalidInput, NotFound, RuleViolated, Violation
from relos.domain.ledger.cash import Payment
from relos.domain.ledger.obligations import InKindSatisfaction, Obligation, due_for_conversion
from relos.domain.orders import lifecycle
from relos.services.ledger.postings import post_billing, post_conversion, post_payment, post_reversal
from relos.services.orders._exchange_checks import day, differs, held, not_authority, person
from relos.services.orders.common import money_in
from relos.services.orders.deliveries import post_satisfaction
from relos.services.unit_of_work import UnitOfWork


# -- the ledger: invoices, payments, returns in kind, conversions -------------------------------------------
def take_invoice(
    uow: UnitOfWork, *, sender: str, own: str, record_id: str, body: Mapping[str, Any], now: datetime
) -> object:
    """The requesting party's instance takes the supplier's billing: the order billed and, when something is owed
    in cash, the invoice of what is accrued here (amount, due day and debts the same as the supplier's)."""
    history = held(uow, record_id, sender=sender, own=own, sender_is="supplier")
    theirs = body.get("invoice") or None
    issued_on = day(theirs or body, "issued_on", now)
    ids = (str(theirs.get("id")), str(uuid7())) if theirs else None
    result = post_billing(
        uow, actor=person(sender, body, "billed_by"), history=history, issued_on=issued_on, now=now, ids=ids
    )
    ours = result["invoice"]
    keys = ("id", "amount", "currency", "due_on", "obligation_ids")
    mine = None if ours is None else {k: ours[k] for k in keys}  # type: ignore[literal-required]
    sent = None if theirs is None else {k: theirs.get(k) for k in keys}
    if mine != sent:
        raise differs("the invoice", record_id, mine, sent)
    return result


def take_payment(
    uow: UnitOfWork, *, sender: str, own: str, record_id: str, body: Mapping[str, Any], now: datetime
) -> object:
    """The supplier's instance takes the payer's payment against one of its invoices, checked as its own finance
    officer's would be (the invoice's currency, no over-payment, the order open)."""
    history = held(uow, record_id, sender=sender, own=own, sender_is="requester")
    found = uow.claims.get_invoice(str(body.get("invoice_id")))
    if found is None or found[1] != record_id:
        raise NotFound("invoice", str(body.get("invoice_id")))
    invoice = found[0]
    problems: list[FieldProblem] = []
    money = money_in(body.get("amount"), body.get("currency"), field="amount", problems=problems)
    if problems or money is None:
        raise InvalidInput(problems, source="payment")
    lifecycle.require_open(history.order, action="a payment")
    payment = Payment(str(body.get("id")), invoice.agreement_id, invoice.debtor, invoice.creditor,
                      day(body, "paid_on", now), money, invoice.id)  # fmt: skip
    return post_payment(
        uow, actor=person(sender, body, "recorded_by"), history=history, invoice=invoice, payment=payment,
        reference=str(body.get("reference") or ""), txn_id=str(uuid7()), now=now,
    )  # fmt: skip


def take_reversal(
    uow: UnitOfWork, *, sender: str, own: str, record_id: str, body: Mapping[str, Any], now: datetime
) -> object:
    """The payee's instance takes the payer's correction of a payment recorded in error: the reversing entry
    posted here too (never an edit), the invoice outstanding again and a settled order billed again. Only the
    payer corrects its payment, once, while the order is open, with its reason and not in the future."""
    uow.lock(f"order:{record_id}")
    payment_id = str(body.get("payment_id"))
    found = uow.claims.get_payment(payment_id)
    if found is None or found[1] != record_id:
        raise NotFound("payment", payment_id)
    payment, _, txn_id, already = found
    if (payment.payer, payment.payee) != (sender, own):
        raise not_authority(sender, "payer", record_id)
    history = uow.orders.get(record_id)
    assert history is not None
    lifecycle.require_open(history.order, action="a correction")
    reason = str(body.get("reason") or "")
    if not reason.strip():
        raise InvalidInput.of("reason", "correction_needs_reason", "a correction needs its reason")
    if already:
        raise Conflict.of(
            "conflict.payment_reversed_already", "payment {payment_id} is reversed already", payment_id=payment_id
        )
    return post_reversal(
        uow, actor=person(sender, body, "reversed_by"), history=history, payment_id=payment_id, txn_id=txn_id,
        reason=reason, on=day(body, "on", now), reversal_id=str(uuid7()), now=now,
    )  # fmt: skip


def _obligation(
    uow: UnitOfWork, body: Mapping[str, Any], record_id: str, *, sender: str, own: str, sender_is: str
) -> Obligation:
    """The order's obligation a document is about, which the sender must be the `sender_is` ("debtor"/"creditor")
    of."""
    uow.lock(f"order:{record_id}")
    ob = uow.claims.get_obligation(str(body.get("obligation_id")))
    if ob is None or ob.order_id != record_id:
        raise NotFound("obligation", str(body.get("obligation_id")))
    parties = (ob.debtor, ob.creditor) if sender_is == "debtor" else (ob.creditor, ob.debtor)
    if parties != (sender, own):
        raise not_authority(sender, sender_is, record_id)
    return ob


def take_satisfaction(
    uow: UnitOfWork, *, sender: str, own: str, record_id: str, body: Mapping[str, Any], now: datetime
) -> object:
    """The creditor's instance takes the debtor's return in kind (RIK) or of equal value (EVE)."""
    ob = _obligation(uow, body, record_id, sender=sender, own=own, sender_is="debtor")
    history = uow.orders.get(record_id)
    assert history is not None
    lifecycle.require_open(history.order, action="a delivery in kind")
    problems: list[FieldProblem] = []
    amount = money_in(body.get("value"), body.get("currency"), field="value", problems=problems)
    if problems or amount is None:
        raise InvalidInput(problems, source="delivery in kind")
    sat = InKindSatisfaction(str(body.get("id")), ob.id, str(body.get("delivery_ref") or ""), ob.method,
                             day(body, "satisfied_on", now), amount)  # fmt: skip
    return post_satisfaction(uow, actor=person(sender, body, "recorded_by"), history=history, obligation=ob, sat=sat,
                             txn_id=str(uuid7()), now=now)  # fmt: skip


def take_conversion(
    uow: UnitOfWork, *, sender: str, own: str, record_id: str, body: Mapping[str, Any], now: datetime
) -> object:
    """The debtor's instance takes the creditor's conversion of an in-kind obligation overdue and not returned
    in kind to a cash debt: due here too on that day, and of the same amount."""
    ob = _obligation(uow, body, record_id, sender=sender, own=own, sender_is="creditor")
    on = day(body, "on", now)
    satisfactions = [s for s in uow.claims.satisfactions([ob.id]) if s.satisfied_on <= on]
    if not due_for_conversion([ob], satisfactions=satisfactions, converted_ids=uow.claims.conversions([ob.id]), on=on):
        raise RuleViolated(
            [
                Violation(
                    "exchange_not_due_for_conversion",
                    f"obligation {ob.id} is not overdue and unreturned here on {on}",
                    {"obligation_id": ob.id, "on": on.isoformat()},
                )
            ]
        )
    row = post_conversion(uow, actor=person(sender, body, "recorded_by"), obligation=ob, satisfactions=satisfactions,
                          on=on, txn_id=str(uuid7()), now=now)  # fmt: skip
    ours = None if row is None else (row["cash_debt"], row["currency"])
    sent = (body.get("cash_debt"), body.get("currency"))
    if ours != sent:
        raise differs("the cash debt", record_id, ours, sent)
    return row
