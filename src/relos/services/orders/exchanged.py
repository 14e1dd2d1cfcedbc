"""A support order's side of the exchange between the two parties' instances (relos.services.exchange): taking a
received order document into this instance (`take_*`); what each document says and when it is due to the partner
is relos.services.orders.exchanged_due.

The requesting party's instance is the authority for its order (each version, as created or amended), its
receipts and its payments; the supplying party's for its price lists, the acceptance, the deliveries, the
invoices and the conversion of an overdue in-kind obligation to a cash debt; each party's for its own signature
and for calling the order off (until the first delivery), the payer's for correcting its payment, and the
debtor's for what it returns in kind. A `take_*` function works inside the caller's open unit of work
(the exchange commits it with the inbox row) and re-checks the rules here with the same functions the services
use, posting the same ledger transactions and writing the same audit rows as if the partner had acted in this
instance; a document that breaks a rule, or that does not come out here as the partner says it did, raises
before anything is kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from uuid6 import uuid7

from relos.domain import default_titles
from relos.domain.actor import Actor
from relos.domain.errors import Conflict, InvalidInput, NotFound, RuleViolated, Violation
from relos.domain.ledger.obligations import ReimbursementMethod
from relos.domain.orders import lifecycle
from relos.domain.orders.model import Delivery, OrderHistory, Receipt, SupportOrder
from relos.domain.orders.rules import served_deployment_problem
from relos.domain.references import RecordKind
from relos.services.deployments.exchanged import instant_in as _instant
from relos.services.orders._exchange_checks import day, differs, held, not_authority, person, quantities
from relos.services.orders.common import canonical, order_document, order_json, require_in_force, visible_agreement
from relos.services.orders.deliveries import post_delivery, post_receipt
from relos.services.orders.exchanged_ledger import (
    take_conversion,
    take_invoice,
    take_payment,
    take_reversal,
    take_satisfaction,
)
from relos.services.orders.lifecycle import LineInput, priced_lines, require_supplying_facility
from relos.services.orders.price_lists import PriceItemInput, checked_price_list, store_price_list
from relos.services.references import allocate
from relos.services.unit_of_work import UnitOfWork

__all__ = [
    "take_acceptance",
    "take_cancellation",
    "take_conversion",
    "take_delivery",
    "take_invoice",
    "take_payment",
    "take_price_list",
    "take_receipt",
    "take_reversal",
    "take_satisfaction",
    "take_signature",
    "take_version",
]


# -- the supplier's price list ------------------------------------------------------------------------------
def take_price_list(
    uow: UnitOfWork, *, sender: str, own: str, record_id: str, body: Mapping[str, Any], now: datetime
) -> object:
    """The orderer's instance keeps the supplier's price list, so that it prices order lines as the supplier's
    instance will check them."""
    if body.get("supplying_party") != sender:
        raise not_authority(sender, "supplier", record_id)
    if uow.orders.get_price_list(record_id) is not None:
        raise Conflict.of(
            "conflict.exchange_price_list_exists", "price list {record_id} is here already", record_id=record_id
        )
    items = [
        PriceItemInput(str(i.get("item_code")), str(i.get("unit")), i.get("price"), str(i.get("currency")),
                       str(i.get("description") or ""))
        for i in body.get("items") or []
    ]  # fmt: skip
    until = body.get("valid_until")
    price_list = checked_price_list(
        record_id, sender, body.get("facility_id") or None, date.fromisoformat(str(body.get("valid_from"))),
        date.fromisoformat(str(until)) if until else None, str(body.get("source") or ""), items,
    )  # fmt: skip
    return store_price_list(uow, actor=person(sender, body, "recorded_by"), price_list=price_list, now=now)


# -- the requesting party's order ---------------------------------------------------------------------------
def _lines(uow: UnitOfWork, body: Mapping[str, Any], *, supplier: str, facility_id: str) -> tuple[Any, ...]:
    """The version's lines priced here from this instance's price lists; each list price must be the one the
    partner's instance priced the line at (rule exchange_list_price_differs)."""
    given = list(body.get("lines") or [])
    inputs = [
        LineInput(str(ln.get("category")), str(ln.get("item_code")), str(ln.get("description") or ""),
                  ln.get("quantity"), str(ln.get("unit")), str(ln.get("method")),
                  unit_price=(ln.get("unit_price") or {}).get("amount"),
                  currency=(ln.get("unit_price") or {}).get("currency"), price_reason=str(ln.get("price_reason") or ""))
        for ln in given
    ]  # fmt: skip
    priced_on = date.fromisoformat(str(body.get("priced_on")))
    built = priced_lines(uow, lines=inputs, supplying_party=supplier, facility_id=facility_id, on=priced_on)
    differing = []
    for line, sent in zip(built, given, strict=True):
        theirs = sent.get("list_price")
        ours = None if line.list_price is None else {
            "amount": str(line.list_price.amount), "currency": line.list_price.currency}  # fmt: skip
        if ours != theirs or line.price_list_id != sent.get("price_list_id"):
            differing.append(
                Violation(
                    "exchange_list_price_differs",
                    f"line {line.line_no} is priced by the list at {ours} here, not at {theirs}",
                    {"line_no": line.line_no, "ours": str(ours), "theirs": str(theirs)},
                )
            )
    if differing:
        raise RuleViolated(differing)
    return built


def _new_order(uow: UnitOfWork, *, sender: str, own: str, record_id: str, body: Mapping[str, Any]) -> SupportOrder:
    agreement_id = str(body.get("agreement_id"))
    actor = person(sender, body, "requested_by")
    stored, terms = visible_agreement(uow, actor, agreement_id)
    created = _instant(body, "created_at")
    require_in_force(stored, created.date(), action="ordering support")
    facility_id = str(body.get("facility_id"))
    require_supplying_facility(uow, facility_id, party=sender, agreement=stored.agreement)
    deployment_id = body.get("deployment_id") or None
    if deployment_id:
        served = served_deployment_problem(
            uow.deployments.get(deployment_id), deployment_id=deployment_id, agreement_id=agreement_id,
            requesting_party=sender,
        )  # fmt: skip
        if served is not None:
            raise InvalidInput(served)
    needed = body.get("needed_by")
    order = SupportOrder(
        id=record_id, agreement_id=agreement_id, requesting_party=sender,
        requesting_unit=str(body.get("requesting_unit")), supplying_party=own, facility_id=facility_id,
        deployment_id=deployment_id,
        needed_by=date.fromisoformat(str(needed)) if needed else None,
        lines=_lines(uow, body, supplier=own, facility_id=facility_id), requested_by=actor.user_id,
        created_at=created, note=str(body.get("note") or ""),
    )  # fmt: skip
    lifecycle.check_new_order(order, terms)
    reference = str(body.get("reference") or "")
    if not reference or uow.references.find(RecordKind.ORDER, reference) is not None:
        reference = allocate(uow, kind=RecordKind.ORDER, party=own, at=created)
    title = str(body.get("title") or "") or default_titles.of_order(order, uow.facilities.get(facility_id))
    return replace(order, reference=reference, title=title)


def take_version(
    uow: UnitOfWork, *, sender: str, own: str, record_id: str, body: Mapping[str, Any], now: datetime
) -> object:
    """The supplier takes the requesting party's order as created (checked as its own requester's would be:
    agreement in force, facility open, deployment served, lines allowed and priced by its own lists), or a new
    version of it as amended (to be signed again by both)."""
    if body.get("requesting_party") != sender or body.get("supplying_party") != own:
        raise not_authority(sender, "requester", record_id)
    uow.lock(f"order:{record_id}")
    history = uow.orders.get(record_id)
    if history is None:
        if body.get("version") != 1:
            raise NotFound("order", record_id)
        order = _new_order(uow, sender=sender, own=own, record_id=record_id, body=body)
        actor = person(sender, body, "requested_by")
        uow.orders.add(order, document=canonical(order_document(order)), recorded_by=actor.user_id, now=now)
        created = order_json(OrderHistory(order))
        uow.audit.record(
            actor=actor, action="order.created", entity="order", entity_id=order.id, before=None, after=created,
            agreement_id=order.agreement_id,
        )  # fmt: skip
        return created
    history = held(uow, record_id, sender=sender, own=own, sender_is="requester")
    before = history.order
    if body.get("version") != before.version + 1:
        raise Conflict.of(
            "conflict.exchange_order_out_of_turn",
            "the document makes version {amended} of order {record_id}, which is at version {version} here",
            amended=body.get("version"),
            record_id=record_id,
            version=before.version,
        )
    _, terms = visible_agreement(uow, person(sender, body, "amended_by"), before.agreement_id)
    lines = _lines(uow, body, supplier=own, facility_id=before.facility_id)
    after = lifecycle.amend(history, lines=lines, reason=str(body.get("amendment_reason") or ""), terms=terms)
    actor = person(sender, body, "amended_by")
    uow.orders.save(after, document=canonical(order_document(after)), recorded_by=actor.user_id, now=now)
    uow.audit.record(
        actor=actor, action="order.amended", entity="order", entity_id=record_id,
        before={"status": before.status.value, "version": before.version},
        after={"status": after.status.value, "version": after.version, "by": actor.user_id},
        agreement_id=after.agreement_id,
    )  # fmt: skip
    return after


def _step(
    uow: UnitOfWork, actor: Actor, action: str, before: SupportOrder, after: SupportOrder, now: datetime
) -> SupportOrder:
    uow.orders.save(after, document=None, recorded_by=actor.user_id, now=now)
    uow.audit.record(
        actor=actor, action=action, entity="order", entity_id=after.id,
        before={"status": before.status.value, "version": before.version},
        after={"status": after.status.value, "version": after.version, "by": actor.user_id},
        agreement_id=after.agreement_id,
    )  # fmt: skip
    return after


def _same_version(history: OrderHistory, body: Mapping[str, Any], record_id: str) -> None:
    if body.get("version") != history.order.version:
        raise Conflict.of(
            "conflict.exchange_order_other_version",
            "the document is of version {given} of order {record_id}, which is at version {version} here",
            given=body.get("version"),
            record_id=record_id,
            version=history.order.version,
        )


def _either_party(
    uow: UnitOfWork, record_id: str, body: Mapping[str, Any], *, sender: str, own: str, role: str
) -> OrderHistory:
    """The order a document either party may send is about; its `party` must be the sender, a party to it."""
    uow.lock(f"order:{record_id}")
    history = uow.orders.get(record_id)
    if history is None:
        raise NotFound("order", record_id)
    o = history.order
    if body.get("party") != sender or {sender, own} != {o.requesting_party, o.supplying_party}:
        raise not_authority(sender, role, record_id)
    return history


def take_signature(
    uow: UnitOfWork, *, sender: str, own: str, record_id: str, body: Mapping[str, Any], now: datetime
) -> object:
    """Either party's official's signature of the version both instances hold; the order binds once both signed."""
    history = _either_party(uow, record_id, body, sender=sender, own=own, role="signatory")
    o = history.order
    _same_version(history, body, record_id)
    actor = person(sender, body, "user_id")
    after = lifecycle.sign(history, party=sender, user_id=actor.user_id, at=_instant(body, "signed_at"))
    return _step(uow, actor, f"order.signed.{sender}", o, after, now)


def take_acceptance(
    uow: UnitOfWork, *, sender: str, own: str, record_id: str, body: Mapping[str, Any], now: datetime
) -> object:
    """The requesting party's instance takes the supplier's acceptance of the version both signed."""
    history = held(uow, record_id, sender=sender, own=own, sender_is="supplier")
    _same_version(history, body, record_id)
    actor = person(sender, body, "accepted_by")
    accepted = lifecycle.accept(history, user_id=actor.user_id)
    return _step(uow, actor, "order.accepted", history.order, accepted, now)


def take_cancellation(
    uow: UnitOfWork, *, sender: str, own: str, record_id: str, body: Mapping[str, Any], now: datetime
) -> object:
    """Either party's instance calls the order off (the requester's withdrawing it, or an official of either
    party), with the reason: re-checked here by the order's rules — only a draft, signed or accepted order
    (conflict.order_needs: one delivered here meanwhile stays delivered), never once something was delivered."""
    history = _either_party(uow, record_id, body, sender=sender, own=own, role="party")
    actor = person(sender, body, "cancelled_by")
    after = lifecycle.cancel(history, reason=str(body.get("reason") or ""))
    return _step(uow, actor, "order.cancelled", history.order, after, now)


# -- deliveries and receipts --------------------------------------------------------------------------------
def take_delivery(
    uow: UnitOfWork, *, sender: str, own: str, record_id: str, body: Mapping[str, Any], now: datetime
) -> object:
    """The requesting party's instance takes what the supplier handed over, checked against what is left."""
    history = held(uow, record_id, sender=sender, own=own, sender_is="supplier")
    actor = person(sender, body, "recorded_by")
    delivery_id = str(body.get("id"))
    if any(d.id == delivery_id for d in history.deliveries):
        raise Conflict.of(
            "conflict.exchange_delivery_exists", "delivery {delivery_id} is here already", delivery_id=delivery_id
        )
    delivery = Delivery(delivery_id, record_id, day(body, "delivered_on", now), quantities(body), actor.user_id,
                        str(body.get("note") or ""))  # fmt: skip
    return post_delivery(uow, actor=actor, history=history, delivery=delivery, now=now)


def take_receipt(
    uow: UnitOfWork, *, sender: str, own: str, record_id: str, body: Mapping[str, Any], now: datetime
) -> object:
    """The supplier's instance takes the receiving unit's receipt and posts the obligations it creates, under
    the ids the receiving side gave them; they must come out here as there (rule exchange_order_differs)."""
    history = held(uow, record_id, sender=sender, own=own, sender_is="requester")
    actor = person(sender, body, "receipted_by")
    receipt = Receipt(
        id=str(body.get("id")), delivery_id=str(body.get("delivery_id")), order_id=record_id,
        receipted_on=day(body, "receipted_on", now), lines=quantities(body), receipted_by=actor.user_id,
        receiving_unit=str(body.get("receiving_unit")), note=str(body.get("note") or ""),
    )  # fmt: skip
    theirs = {str(ob.get("method")): ob for ob in body.get("obligations") or []}
    ids = {ReimbursementMethod(m): (str(ob.get("id")), str(uuid7())) for m, ob in theirs.items()
           if m in set(ReimbursementMethod)}  # fmt: skip
    result = post_receipt(uow, actor=actor, history=history, receipt=receipt, now=now, ids=ids)
    keys = ("id", "method", "value", "currency", "incurred_on", "due_on")
    ours = sorted(tuple(ob[k] for k in keys) for ob in result["obligations"])  # type: ignore[literal-required]
    sent = sorted(tuple(ob.get(k) for k in keys) for ob in theirs.values())
    if ours != sent:
        raise differs("the obligations of the receipt", record_id, ours, sent)
    return result
