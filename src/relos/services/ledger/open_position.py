"""What stands open in an agreement's ledger on a day, without the rest of its statement: the open items (cash
delivered and not yet invoiced, invoices not fully paid, support owed in kind), aged, overdue and nearly due,
each invoice and in-kind obligation with the order it arises from. Read from the balances the database sums,
the invoices and the in-kind obligations still open; the same figures as the statement of the agreement's whole
life to that day (statements.ledger_statement), which also lists every order and record of the period."""

from __future__ import annotations

from datetime import date, timedelta

from relos.domain.actor import Actor
from relos.services.ledger import _open_items, results
from relos.services.orders.common import visible_agreement
from relos.services.unit_of_work import UnitOfWork


def open_position(uow: UnitOfWork, *, actor: Actor, agreement_id: str, today: date) -> results.OpenPosition:
    """The agreement's open items on `today`, counting everything recorded since it was signed."""
    with uow:
        stored, _ = visible_agreement(uow, actor, agreement_id)
        start, end = stored.agreement.signed, today + timedelta(days=1)
        balances = uow.ledger.balances(agreement_id=agreement_id, before=end)
        invoices = uow.claims.period_invoices(agreement_id=agreement_id, start=start, end=end, as_of=today)
        open_in_kind = uow.claims.open_in_kind(agreement_id=agreement_id, as_of=today)
        _, _, items = _open_items.open_items_at(uow, balances, today, invoices, open_in_kind)
    orders = {inv.id: inv.order_id for inv in invoices} | {ob.id: ob.order_id for ob, _ in open_in_kind}
    listed = {i.reference.id for i in items}
    return {
        "agreement_id": agreement_id,
        "as_of": today.isoformat(),
        **_open_items.aged_json(items, today),
        "orders": {k: v for k, v in orders.items() if k in listed},
    }
