"""What the ledger holds for one order: the obligations its receipts posted (with where each stands), its
invoices (with what is still outstanding) and the payments against them (a reversed one marked so).

Where an obligation stands follows the ledger: a cash debt is `accrued` (to be invoiced), then `invoiced`,
`partly_paid` or `paid` as the invoice that first billed it is paid (payments not reversed); in kind it is `open`,
`partly_satisfied`, `satisfied`, `overdue` or `converted_to_cash`, and a debt converted to cash has the same
`cash_status` as a cash one (None while it is owed in kind).

Read by the order's id, whatever the days: a receipt dated ahead of the server's day, or an order made
long ago, shows what was posted on it (the agreement's statement is the read for a period).
"""

from __future__ import annotations

from datetime import date

from relos.domain.actor import Actor
from relos.domain.ledger.cash import Invoice
from relos.domain.ledger.money import Money
from relos.domain.ledger.obligations import ObligationStatus, obligation_status
from relos.services.orders import results
from relos.services.orders.common import visible_order
from relos.services.orders.deliveries import obligation_json
from relos.services.unit_of_work import UnitOfWork


def order_ledger_activity(
    uow: UnitOfWork, *, actor: Actor, order_id: str, today: date | None = None
) -> results.OrderLedger:
    """Everything posted on `order_id`, each obligation's status as of `today` (default: the server's day)."""
    as_of = today or date.today()
    with uow:
        order = visible_order(uow, actor, order_id).order
        obligations = uow.claims.obligations(order_id=order_id)
        ids = [ob.id for ob in obligations]
        satisfactions = uow.claims.satisfactions(ids)
        converted = uow.claims.conversions(ids)
        invoices = uow.claims.invoices(order_id=order_id)
        billed = {inv.id for inv in invoices}
        # Every payment of the agreement, whatever its day, kept to this order's invoices (reversed ones too).
        payments = [
            p
            for p in uow.claims.period_payments(agreement_id=order.agreement_id, start=date.min, end=date.max)
            if p.invoice_id in billed
        ]
    paid: dict[str, int] = {}
    for p in payments:
        if not p.reversed:
            paid[p.invoice_id] = paid.get(p.invoice_id, 0) + p.amount_minor
    billed_by: dict[str, Invoice] = {}  # an invoice bills what is accrued then: the first listing a debt billed it
    for inv in sorted(invoices, key=lambda i: (i.issued_on, i.id)):
        for ob_id in inv.obligation_ids:
            billed_by.setdefault(ob_id, inv)
    rows: list[results.ObligationWithStatus] = []
    for ob in obligations:
        status = obligation_status(
            ob,
            satisfactions=[s for s in satisfactions if s.obligation_id == ob.id],
            converted=ob.id in converted,
            as_of=as_of,
        )
        cash = None
        if status in (ObligationStatus.ACCRUED, ObligationStatus.CONVERTED):
            cash = _cash_status(billed_by.get(ob.id), paid)
        shown = cash if status is ObligationStatus.ACCRUED else status.value
        invoice = billed_by.get(ob.id)
        rows.append(
            {
                **obligation_json(ob),
                "status": shown or status.value,
                "cash_status": cash,
                "invoice_id": invoice.id if invoice is not None and cash is not None else None,
            }
        )
    return {
        "order_id": order_id,
        "as_of": as_of.isoformat(),
        "obligations": rows,
        "invoices": [
            {
                "id": inv.id,
                "creditor": inv.creditor,
                "debtor": inv.debtor,
                "issued_on": inv.issued_on.isoformat(),
                "due_on": inv.due_on.isoformat() if inv.due_on else None,
                "amount": str(inv.amount.amount),
                "currency": inv.amount.currency,
                "outstanding": str(
                    Money.from_minor(inv.amount.to_minor() - paid.get(inv.id, 0), inv.amount.currency).amount
                ),
            }
            for inv in invoices
        ],
        "payments": [
            {
                "id": p.id,
                "invoice_id": p.invoice_id,
                "payer": p.payer,
                "payee": p.payee,
                "paid_on": p.paid_on.isoformat(),
                "amount": str(Money.from_minor(p.amount_minor, p.currency).amount),
                "currency": p.currency,
                "reversed": p.reversed,
            }
            for p in payments
        ],
    }


def _cash_status(invoice: Invoice | None, paid: dict[str, int]) -> str:
    """Where a debt owed in cash stands: `accrued` (no invoice yet), `invoiced` (nothing paid on its invoice),
    `partly_paid` or `paid`."""
    if invoice is None:
        return "accrued"
    done = paid.get(invoice.id, 0)
    if done <= 0:
        return "invoiced"
    return "paid" if done >= invoice.amount.to_minor() else "partly_paid"
