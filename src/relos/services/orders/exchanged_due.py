"""What a party's instance owes its partner about support orders: the documents due about the facts it is the
authority for (relos.services.orders.exchanged says who is), each body what the document says, in the order the
partner needs them — its price lists first (an order line is priced by them), then, order by order, the version,
the signatures, the acceptance, the deliveries and receipts, and the ledger's facts by their day; a cancellation
decided here (not one the partner sent) and the payer's corrections of payments the partner holds come last.

A fact is due once: what was sent about an order is read back from the outbox (`said`). Composing again looks
only at the orders audited since the last composing (`orders_due`'s `since`), so that an export with nothing new
costs what changed, not every order the two parties share.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from relos.domain.exchange.envelope import DocumentType as T
from relos.domain.orders.model import OrderHistory, OrderStatus
from relos.services.ledger.postings import invoice_json
from relos.services.orders.common import delivery_json, order_document
from relos.services.orders.price_lists import price_list_json
from relos.services.unit_of_work import UnitOfWork

#: A document due: its type, the record it is about, its agreement and its body.
Due = tuple[T, str, str, dict[str, Any]]
_Said = list[tuple[str, dict[str, Any]]]
_ACCEPTED_OR_LATER = frozenset(set(OrderStatus) - {OrderStatus.DRAFT, OrderStatus.SIGNED, OrderStatus.CANCELLED})


def _iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _sent(said: _Said, kind: T, key: str = "id") -> set[Any]:
    return {b.get(key) for t, b in said if t == kind.value}


def price_lists_due(
    uow: UnitOfWork, *, own: str, agreement: str, sent: set[str], only: set[str] | None = None
) -> list[Due]:
    """Every price list of this instance's own party (of those `only`, when given) not sent yet (the partner
    prices its orders by them)."""
    return [
        (T.ORDER_PRICE_LIST, pl.id, agreement, {**price_list_json(pl), "recorded_by": ""})
        for pl in sorted(uow.orders.price_lists(own), key=lambda p: (p.valid_from, p.id))
        if pl.id not in sent and (only is None or pl.id in only)
    ]


def _version_body(uow: UnitOfWork, history: OrderHistory) -> dict[str, Any]:
    o = history.order
    versions = uow.orders.versions(o.id)
    latest = versions[-1] if versions else None
    priced = latest.recorded_at if latest is not None and o.version > 1 else o.created_at
    return {
        **order_document(o),
        "created_at": _iso(o.created_at),
        "priced_on": priced.astimezone(UTC).date().isoformat(),
        "note": o.note,
        "amended_by": latest.recorded_by if latest is not None and o.version > 1 else "",
    }


def _signatures(history: OrderHistory, own: str, said: _Said) -> list[dict[str, Any]]:
    o = history.order
    mine = o.signed_by(own)
    sent = {(b.get("party"), b.get("version")) for t, b in said if t == T.ORDER_SIGNATURE.value}
    if mine is None or (own, o.version) in sent:
        return []
    return [{"party": own, "user_id": mine.user_id, "signed_at": _iso(mine.signed_at), "version": o.version}]


def _audited(uow: UnitOfWork, order_id: str, action: str) -> list[dict[str, Any]]:
    """What the order's audit says of each `action` taken on it, newest first: who, and the entry's `after`."""
    return [{**(e.after or {}), "by": e.actor} for e in uow.audit.entries(entity="order", entity_id=order_id,
            limit=1000) if e.action == action]  # fmt: skip


def _cancellation(uow: UnitOfWork, history: OrderHistory, own: str, said: _Said) -> list[tuple[T, dict[str, Any]]]:
    """The cancellation once this instance's official called the order off (one the partner sent is not sent
    back), with the reason and who; nothing when the partner never held the order."""
    o = history.order
    if o.status is not OrderStatus.CANCELLED or any(t == T.ORDER_CANCELLATION.value for t, _ in said):
        return []
    if o.requesting_party == own and not any(t == T.ORDER_VERSION.value for t, _ in said):
        return []  # a draft the partner never saw
    done = _audited(uow, o.id, "order.cancelled")
    by = str(done[0]["by"]) if done else ""
    if ":" in by:  # `RUS:rus.commander`: the partner's own cancellation, taken here
        return []
    return [(T.ORDER_CANCELLATION, {"party": own, "version": o.version, "reason": o.note, "cancelled_by": by})]


def _reversals(uow: UnitOfWork, order_id: str, invoice_ids: list[str], own: str, said: _Said) -> list[dict[str, Any]]:
    """The corrections of this party's payments the partner holds (the payment sent), not sent yet."""
    paid, reversed_ = _sent(said, T.ORDER_PAYMENT), _sent(said, T.ORDER_PAYMENT_REVERSAL, "payment_id")
    corrected = [p for i in invoice_ids for p, _ in uow.claims.corrected_payments(i)
                 if p.payer == own and p.id in paid and p.id not in reversed_]  # fmt: skip
    if not corrected:
        return []
    why = {str(a.get("payment_id")): a for a in _audited(uow, order_id, "payment.reversed")}
    return [{"payment_id": p.id, "reason": why[p.id]["reason"], "on": why[p.id]["on"],
             "reversed_by": why[p.id]["by"]} for p in corrected if p.id in why]  # fmt: skip


def _requester_due(uow: UnitOfWork, history: OrderHistory, own: str, said: _Said) -> list[tuple[T, dict[str, Any]]]:
    """The version (as created or amended), this party's signature, its receipts, payments and returns in kind."""
    o = history.order
    due: list[tuple[T, dict[str, Any]]] = []
    versions = _sent(said, T.ORDER_VERSION, "version")
    if o.status is not OrderStatus.CANCELLED and o.version > max(versions, default=0):
        due.append((T.ORDER_VERSION, _version_body(uow, history)))
    due += [(T.ORDER_SIGNATURE, b) for b in _signatures(history, own, said)]
    receipted = _sent(said, T.ORDER_RECEIPT)
    obligations = uow.claims.obligations(order_id=o.id)
    for d in history.deliveries:
        r = history.receipt_of(d.id)
        if r is None or r.id in receipted:
            continue
        body: dict[str, Any] = {**(delivery_json(d, r)["receipt"] or {}), "delivery_id": d.id}
        body["obligations"] = [
            {"id": ob.id, "method": ob.method.value, "value": str(ob.value.amount), "currency": ob.value.currency,
             "incurred_on": ob.incurred_on.isoformat(), "due_on": ob.due_on.isoformat() if ob.due_on else None}
            for ob in obligations if ob.delivery_id == d.id
        ]  # fmt: skip
        due.append((T.ORDER_RECEIPT, body))
    ledger: list[tuple[date, T, dict[str, Any]]] = []
    paid = _sent(said, T.ORDER_PAYMENT)
    invoices = uow.claims.invoices(order_id=o.id)
    for p in uow.claims.payments(invoice_ids=[i.id for i in invoices]):
        if p.payer == own and p.id not in paid:
            ledger.append((p.paid_on, T.ORDER_PAYMENT, {
                "id": p.id, "invoice_id": p.invoice_id, "amount": str(p.amount.amount),
                "currency": p.amount.currency, "paid_on": p.paid_on.isoformat(), "reference": "",
                "recorded_by": ""}))  # fmt: skip
    returned = _sent(said, T.ORDER_SATISFACTION)
    for s in uow.claims.satisfactions([ob.id for ob in obligations if ob.debtor == own]):
        if s.id not in returned:
            ledger.append((s.satisfied_on, T.ORDER_SATISFACTION, {
                "id": s.id, "obligation_id": s.obligation_id, "value": str(s.value.amount),
                "currency": s.value.currency, "satisfied_on": s.satisfied_on.isoformat(), "delivery_ref": s.delivery_id,
                "recorded_by": ""}))  # fmt: skip
    due += [(kind, body) for _, kind, body in sorted(ledger, key=lambda e: (e[0], e[2]["id"]))]
    due += [(T.ORDER_PAYMENT_REVERSAL, b) for b in _reversals(uow, o.id, [i.id for i in invoices], own, said)]
    return due + _cancellation(uow, history, own, said)


def _supplier_due(uow: UnitOfWork, history: OrderHistory, own: str, said: _Said) -> list[tuple[T, dict[str, Any]]]:
    """This party's signature, the acceptance, the deliveries, then the conversions and invoices by their day."""
    o = history.order
    due: list[tuple[T, dict[str, Any]]] = [(T.ORDER_SIGNATURE, b) for b in _signatures(history, own, said)]
    accepted = {(b.get("version")) for t, b in said if t == T.ORDER_ACCEPTANCE.value}
    if o.accepted_by and o.status in _ACCEPTED_OR_LATER and o.version not in accepted:
        due.append((T.ORDER_ACCEPTANCE, {"version": o.version, "accepted_by": o.accepted_by}))
    delivered = _sent(said, T.ORDER_DELIVERY)
    for d in history.deliveries:
        if d.id not in delivered:
            body = {k: v for k, v in delivery_json(d, None).items() if k != "receipt"}
            due.append((T.ORDER_DELIVERY, body))
    ledger: list[tuple[date, int, T, dict[str, Any]]] = []
    obligations = uow.claims.obligations(order_id=o.id)
    converted = _sent(said, T.ORDER_CONVERSION, "obligation_id")
    for ob_id, (on, minor) in uow.claims.conversions(ob.id for ob in obligations if ob.creditor == own).items():
        if ob_id not in converted:
            ob = next(ob for ob in obligations if ob.id == ob_id)
            amount = type(ob.value).from_minor(minor, ob.value.currency)
            ledger.append((on, 0, T.ORDER_CONVERSION, {
                "obligation_id": ob_id, "on": on.isoformat(), "cash_debt": str(amount.amount),
                "currency": ob.value.currency, "recorded_by": ""}))  # fmt: skip
    billed = _sent(said, T.ORDER_INVOICE, "invoice_id")
    invoices = uow.claims.invoices(order_id=o.id)
    for inv in invoices:
        if inv.id not in billed:
            ledger.append((inv.issued_on, 1, T.ORDER_INVOICE, {
                "invoice_id": inv.id, "invoice": invoice_json(inv), "billed_by": o.billed_by or ""}))  # fmt: skip
    if o.billed_by and not invoices and not any(t == T.ORDER_INVOICE.value for t, _ in said):
        last = max((r.receipted_on for r in history.receipts), default=o.created_at.date())
        ledger.append((last, 1, T.ORDER_INVOICE, {"invoice_id": None, "invoice": None, "billed_by": o.billed_by,
                                                  "issued_on": last.isoformat()}))  # fmt: skip
    due += [(kind, body) for _, _, kind, body in sorted(ledger, key=lambda e: (e[0], e[1]))]
    return due + _cancellation(uow, history, own, said)


#: The kinds of audited record a change of which may make an order document due (a conversion or a return in
#: kind is audited under its obligation).
WATCHED = ("order", "obligation", "price_list")


def orders_due(uow: UnitOfWork, *, own: str, peer: str, since: int | None = None) -> list[Due]:
    """Every document now due to `peer` about the orders the two parties share, in the order to send them.

    `since` is the number of the audit's last entry when this instance last composed for `peer`: only the orders
    and price lists audited after it can owe anything new, and only they are read (with what was sent about each);
    None reads every shared order and the whole outbox, as the first time."""
    pair = {own, peer}
    lists: set[str] | None = None
    if since is None:
        orders = [o for o in uow.orders.list(parties=[own]) if {o.requesting_party, o.supplying_party} == pair]
        said_about: dict[str, _Said] = {}  # what was sent about each record, read in one pass
        for d in uow.exchange.outbox(peer):
            if d.type.startswith("order."):
                said_about.setdefault(d.record_id, []).append((d.type, _body(d.body)))
    else:
        touched = uow.audit.touched_since(since, WATCHED)
        ids = {i for kind, i in touched if kind == "order"}
        for ob_id in sorted(i for kind, i in touched if kind == "obligation"):
            ob = uow.claims.get_obligation(ob_id)
            if ob is not None:
                ids.add(ob.order_id)
        lists = {i for kind, i in touched if kind == "price_list"}
        said_about = {i: [(d.type, _body(d.body)) for d in uow.exchange.sent_about(peer, i)] for i in ids | lists}
        found = [h.order for i in sorted(ids) if (h := uow.orders.get(i)) is not None]
        orders = [o for o in found if {o.requesting_party, o.supplying_party} == pair]
    due: list[Due] = []
    shared = sorted(s.agreement.id for s in uow.agreements.list() if set(s.agreement.parties) == pair)
    if shared and lists != set():  # a price list belongs to no one agreement: it crosses under the first shared
        sent = {record for record, said in said_about.items() if said}
        due += price_lists_due(uow, own=own, agreement=shared[0], sent=sent, only=lists)
    for o in orders:
        if o.supplying_party == own and not o.requested_by.startswith(f"{peer}:"):
            continue  # made here before the instance got its party: the partner never ordered it
        history = uow.orders.get(o.id)
        assert history is not None
        step = _requester_due if o.requesting_party == own else _supplier_due
        due += [(kind, o.id, o.agreement_id, body) for kind, body in step(uow, history, own, said_about.get(o.id, []))]
    return due


def _body(text: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(text)["body"]
    return loaded
