"""The support order and its parts: lines, signatures, deliveries and the receipts of them.

Every value here is immutable; the lifecycle (``lifecycle``) returns new orders. Quantities are
Decimal with a unit from the catalogue; prices are Money in minor units of an ISO 4217 currency.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from relos.domain.ledger.money import Money, Rounding
from relos.domain.ledger.obligations import ReimbursementMethod
from relos.domain.orders.catalogue import Category

#: Line values are rounded to the currency's minor units this way (commercial rounding).
LINE_ROUNDING = Rounding.HALF_UP


class OrderStatus(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"  # signed by an authorised official of each party: it binds
    ACCEPTED = "accepted"  # the supplier has accepted to deliver
    PARTLY_DELIVERED = "partly_delivered"
    DELIVERED = "delivered"
    BILLED = "billed"
    SETTLED = "settled"
    CLOSED = "closed"
    CANCELLED = "cancelled"


#: States in which deliveries may still be recorded against the order.
DELIVERABLE = frozenset({OrderStatus.ACCEPTED, OrderStatus.PARTLY_DELIVERED})
#: States in which nothing may be posted against the order any more.
FINAL = frozenset({OrderStatus.CLOSED, OrderStatus.CANCELLED})


@dataclass(frozen=True)
class OrderLine:
    """One item ordered: what, how much, at what price, reimbursed how."""

    line_no: int
    category: Category
    item_code: str
    description: str
    quantity: Decimal
    unit: str
    unit_price: Money
    method: ReimbursementMethod
    list_price: Money | None = None  # the price list's price when the line was priced
    price_list_id: str | None = None
    price_reason: str = ""  # why the price departs from the list (required when it does)

    @property
    def value(self) -> Money:
        return (self.unit_price * self.quantity).quantize(rounding=LINE_ROUNDING)

    @property
    def departs_from_list(self) -> bool:
        return self.list_price is None or self.list_price != self.unit_price


@dataclass(frozen=True)
class Signature:
    """An authorised official's signature for one party on one version of the order."""

    party: str
    user_id: str
    signed_at: datetime
    version: int


@dataclass(frozen=True)
class SupportOrder:
    """A request for support under an agreement, and where it stands."""

    id: str
    agreement_id: str
    requesting_party: str
    requesting_unit: str
    supplying_party: str
    facility_id: str
    lines: tuple[OrderLine, ...]
    requested_by: str
    created_at: datetime
    deployment_id: str | None = None
    needed_by: date | None = None
    status: OrderStatus = OrderStatus.DRAFT
    version: int = 1
    signatures: tuple[Signature, ...] = ()
    accepted_by: str | None = None
    billed_by: str | None = None
    note: str = ""
    amendment_reason: str = ""
    reference: str = ""  # SUPPLIER-ORD-YEAR-NUMBER, allocated at creation (relos.domain.references)
    title: str = ""  # chosen at creation, or made from it (relos.domain.titles)

    def line(self, line_no: int) -> OrderLine | None:
        return next((ln for ln in self.lines if ln.line_no == line_no), None)

    def signed_by(self, party: str) -> Signature | None:
        return next((s for s in self.signatures if s.party == party and s.version == self.version), None)

    @property
    def currencies(self) -> tuple[str, ...]:
        return tuple(sorted({ln.unit_price.currency for ln in self.lines}))


@dataclass(frozen=True)
class DeliveryLine:
    line_no: int
    quantity: Decimal


@dataclass(frozen=True)
class Delivery:
    """What the supplier handed over on one occasion; binds nothing until receipted."""

    id: str
    order_id: str
    delivered_on: date
    lines: tuple[DeliveryLine, ...]
    recorded_by: str
    note: str = ""


@dataclass(frozen=True)
class Receipt:
    """The receiving unit's receipt of a delivery: the quantities it acknowledges."""

    id: str
    delivery_id: str
    order_id: str
    receipted_on: date
    lines: tuple[DeliveryLine, ...]
    receipted_by: str
    receiving_unit: str
    note: str = ""


@dataclass(frozen=True)
class OrderHistory:
    """The order with everything recorded against it (what the rules need to decide)."""

    order: SupportOrder
    deliveries: tuple[Delivery, ...] = ()
    receipts: tuple[Receipt, ...] = field(default=())

    def delivered(self, line_no: int) -> Decimal:
        return sum((dl.quantity for d in self.deliveries for dl in d.lines if dl.line_no == line_no), Decimal(0))

    def remaining(self, line_no: int) -> Decimal:
        line = self.order.line(line_no)
        return Decimal(0) if line is None else line.quantity - self.delivered(line_no)

    def receipt_of(self, delivery_id: str) -> Receipt | None:
        return next((r for r in self.receipts if r.delivery_id == delivery_id), None)

    @property
    def fully_delivered(self) -> bool:
        return all(self.remaining(ln.line_no) <= 0 for ln in self.order.lines)

    @property
    def all_receipted(self) -> bool:
        return all(self.receipt_of(d.id) is not None for d in self.deliveries)
