"""Builders shared by the ledger tests (an IND-RUS agreement, deliveries, obligations)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from relos.domain.ledger.accounts import AccountKind, AccountRef
from relos.domain.ledger.money import Money
from relos.domain.ledger.obligations import (
    Obligation,
    ReceiptedDelivery,
    ReimbursementMethod,
    ReimbursementTerms,
    obligation_from_delivery,
)

AGREEMENT = "relos-ind-rus"
IND, RUS = "IND", "RUS"
TERMS = ReimbursementTerms(in_kind_period_months=12, payment_days=30)


def inr(amount: str) -> Money:
    return Money(Decimal(amount), "INR")


def rub(amount: str) -> Money:
    return Money(Decimal(amount), "RUB")


def acc(party: str, kind: AccountKind, currency: str = "INR") -> AccountRef:
    other = RUS if party == IND else IND
    return AccountRef(AGREEMENT, party, kind, other, currency)


def delivery(
    *,
    value: Money,
    method: ReimbursementMethod,
    on: date = date(2026, 1, 15),
    supplier: str = IND,
    receiver: str = RUS,
    delivery_id: str = "d-1",
) -> ReceiptedDelivery:
    return ReceiptedDelivery(
        delivery_id=delivery_id,
        order_id="o-1",
        agreement_id=AGREEMENT,
        supplier=supplier,
        receiver=receiver,
        receipted_on=on,
        value=value,
        method=method,
    )


def obligation(
    *,
    value: Money,
    method: ReimbursementMethod = ReimbursementMethod.RIK,
    on: date = date(2026, 1, 15),
    supplier: str = IND,
    receiver: str = RUS,
    obligation_id: str = "ob-1",
) -> Obligation:
    return obligation_from_delivery(
        delivery(
            value=value,
            method=method,
            on=on,
            supplier=supplier,
            receiver=receiver,
            delivery_id=f"d-{obligation_id}",
        ),
        obligation_id=obligation_id,
        terms=TERMS,
    )
