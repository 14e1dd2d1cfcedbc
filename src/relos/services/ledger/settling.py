"""An order's reimbursement position (what is accrued, billed, paid, owed in kind), what an invoice of it
bills, and the step that marks a billed order settled once nothing is left owing on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from relos.domain.ledger.cash import BilledDebt
from relos.domain.ledger.money import Money
from relos.domain.ledger.obligations import outstanding_in_kind
from relos.domain.orders import lifecycle
from relos.domain.orders.model import OrderStatus, SupportOrder
from relos.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class OrderPosition:
    currency: str
    cash_owed: Money  # cash obligations plus in-kind obligations converted to cash
    invoiced: Money
    paid: Money
    in_kind_open: Money  # RIK/EVE not yet satisfied nor converted

    @property
    def accrued(self) -> Money:
        """Owed in cash but not yet invoiced."""
        return self.cash_owed - self.invoiced

    @property
    def unpaid(self) -> Money:
        return self.invoiced - self.paid

    @property
    def nothing_owing(self) -> bool:
        return self.accrued.is_zero() and self.unpaid.is_zero() and self.in_kind_open.is_zero()


def order_position(uow: UnitOfWork, order: SupportOrder) -> OrderPosition:
    currency = order.currencies[0] if order.currencies else "USD"
    obligations = uow.claims.obligations(order_id=order.id)
    conversions = uow.claims.conversions(ob.id for ob in obligations)
    satisfactions = uow.claims.satisfactions(ob.id for ob in obligations)
    cash = Decimal(0)
    in_kind = Money.zero(currency)
    for ob in obligations:
        if not ob.method.in_kind:
            cash += ob.value.amount
        elif ob.id in conversions:
            cash += Money.from_minor(conversions[ob.id][1], currency).amount
        else:
            in_kind = in_kind + outstanding_in_kind(ob, [s for s in satisfactions if s.obligation_id == ob.id])
    invoices = uow.claims.invoices(order_id=order.id)
    payments = uow.claims.payments(invoice_ids=[i.id for i in invoices])
    invoiced = sum((i.amount.amount for i in invoices), Decimal(0))
    paid = sum((p.amount.amount for p in payments), Decimal(0))
    return OrderPosition(
        currency=currency,
        cash_owed=Money(cash, currency),
        invoiced=Money(invoiced, currency),
        paid=Money(paid, currency),
        in_kind_open=in_kind,
    )


def billed_debts(uow: UnitOfWork, order_id: str) -> list[BilledDebt]:
    """What an invoice of the order bills: its cash obligations from the day incurred, its in-kind ones converted
    to cash from the day converted (rule ``invoice_not_before_billed``: the invoice may not precede any)."""
    obligations = uow.claims.obligations(order_id=order_id)
    converted = uow.claims.conversions(ob.id for ob in obligations)
    return [
        BilledDebt(ob.id, converted[ob.id][0] if ob.id in converted else ob.incurred_on)
        for ob in obligations
        if not ob.method.in_kind or ob.id in converted
    ]


def settle_if_done(uow: UnitOfWork, order: SupportOrder, *, now: datetime) -> SupportOrder:
    """Mark a billed order settled when nothing is left owing on it (saved at `now`, in the same transaction)."""
    if order.status is not OrderStatus.BILLED or not order_position(uow, order).nothing_owing:
        return order
    settled = lifecycle.settle(order)
    uow.orders.save(settled, document=None, recorded_by="ledger", now=now)
    return settled
