"""Ageing of open items at a date, and the overdue and nearly-due lists.

An open item is anything still owed: an in-kind obligation not yet satisfied, an
accrued cash obligation not yet invoiced, an invoice not yet paid. Its age is the
number of days from ``since`` (the day it arose) to the report date; buckets are
0-30, 31-90, 91-180, 181-365 and over 365 days.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from relos.domain.errors import Said
from relos.domain.ledger.cash import Invoice, Payment, outstanding_on_invoice
from relos.domain.ledger.errors import LedgerError, ObligationError
from relos.domain.ledger.money import EXACT, Money
from relos.domain.ledger.obligations import (
    InKindSatisfaction,
    Obligation,
    ReimbursementTerms,
    outstanding_in_kind,
)
from relos.domain.ledger.transactions import Reference, ReferenceKind


class AgeBucket(StrEnum):
    DAYS_0_30 = "0-30"
    DAYS_31_90 = "31-90"
    DAYS_91_180 = "91-180"
    DAYS_181_365 = "181-365"
    OVER_365 = "over-365"


# Upper bound (inclusive, in days) of each bucket but the last.
_BOUNDS: tuple[tuple[int, AgeBucket], ...] = (
    (30, AgeBucket.DAYS_0_30),
    (90, AgeBucket.DAYS_31_90),
    (180, AgeBucket.DAYS_91_180),
    (365, AgeBucket.DAYS_181_365),
)


def bucket_for(age_days: int) -> AgeBucket:
    if age_days < 0:
        raise LedgerError(
            Said.of(
                "age_cannot_negative_got_days", "an age cannot be negative, got {age_days} days", age_days=age_days
            ),
            field="age_days",
        )
    for upper, bucket in _BOUNDS:
        if age_days <= upper:
            return bucket
    return AgeBucket.OVER_365


@dataclass(frozen=True, slots=True)
class OpenItem:
    """Something ``debtor`` still owes ``creditor``: ``amount`` open since ``since``."""

    reference: Reference
    creditor: str
    debtor: str
    amount: Money
    since: date
    due_on: date | None = None

    def age_days(self, as_of: date) -> int:
        return (as_of - self.since).days


AgeingKey = tuple[str, str, str]  # creditor, debtor, currency


@dataclass(frozen=True, slots=True)
class AgeingReport:
    as_of: date
    rows: Mapping[AgeingKey, Mapping[AgeBucket, Money]]

    def total(self, key: AgeingKey) -> Money:
        row = self.rows.get(key, {})
        total = Decimal(0)
        for m in row.values():
            total = EXACT.add(total, m.amount)
        return Money(total, key[2])


def ageing(items: Iterable[OpenItem], *, as_of: date) -> AgeingReport:
    """Open amounts per (creditor, debtor, currency) and age bucket at ``as_of``.

    Items that arise after ``as_of`` and items with nothing open are left out.
    """
    sums: dict[AgeingKey, dict[AgeBucket, Decimal]] = {}
    for item in items:
        if item.since > as_of or item.amount.is_zero():
            continue
        key = (item.creditor, item.debtor, item.amount.currency)
        row = sums.setdefault(key, {b: Decimal(0) for b in AgeBucket})
        bucket = bucket_for(item.age_days(as_of))
        row[bucket] = EXACT.add(row[bucket], item.amount.amount)
    return AgeingReport(
        as_of=as_of,
        rows={key: {b: Money(v, key[2]) for b, v in row.items()} for key, row in sorted(sums.items())},
    )


def net_of_items(items: Iterable[OpenItem], *, party: str, counterparty: str) -> dict[str, Money]:
    """Per currency, what ``counterparty`` owes ``party`` after netting the open items between them (negative:
    ``party`` owes): read off the items, it must equal the net position read off the ledger."""
    totals: dict[str, Decimal] = {}
    for item in items:
        pair = (item.creditor, item.debtor)
        if pair not in ((party, counterparty), (counterparty, party)):
            continue
        signed = item.amount.amount if pair == (party, counterparty) else -item.amount.amount
        totals[item.amount.currency] = EXACT.add(totals.get(item.amount.currency, Decimal(0)), signed)
    return {cur: Money(total, cur) for cur, total in sorted(totals.items()) if total != 0}


def overdue(items: Iterable[OpenItem], *, as_of: date) -> list[OpenItem]:
    """Open items whose due date has come (due dates are exclusive), oldest due first."""
    found = [i for i in items if i.due_on is not None and as_of >= i.due_on and not i.amount.is_zero()]
    return sorted(found, key=lambda i: (i.due_on or as_of, i.reference))


def nearly_due(items: Iterable[OpenItem], *, as_of: date, within_days: int) -> list[OpenItem]:
    """Open items falling due in [as_of, as_of + within_days), soonest first."""
    if within_days < 0:
        raise LedgerError(Said.of("must_not_negative", "must not be negative"), field="within_days")
    end = as_of + timedelta(days=within_days)
    found = [i for i in items if i.due_on is not None and as_of <= i.due_on < end and not i.amount.is_zero()]
    return sorted(found, key=lambda i: (i.due_on or as_of, i.reference))


def in_kind_open_item(ob: Obligation, *, satisfactions: Iterable[InKindSatisfaction]) -> OpenItem:
    """An in-kind obligation's open item (amount: what is not yet satisfied)."""
    return OpenItem(
        reference=Reference(ReferenceKind.OBLIGATION, ob.id),
        creditor=ob.creditor,
        debtor=ob.debtor,
        amount=outstanding_in_kind(ob, satisfactions),
        since=ob.incurred_on,
        due_on=ob.due_on,
    )


def invoice_open_item(invoice: Invoice, *, payments: Iterable[Payment]) -> OpenItem:
    """An invoice's open item (amount: what is not yet paid); ages from the issue date."""
    return OpenItem(
        reference=Reference(ReferenceKind.INVOICE, invoice.id),
        creditor=invoice.creditor,
        debtor=invoice.debtor,
        amount=outstanding_on_invoice(invoice, payments),
        since=invoice.issued_on,
        due_on=invoice.due_on,
    )


def billing_open_item(
    ob: Obligation, *, invoiced: Money, terms: ReimbursementTerms, converted: Money | None = None
) -> OpenItem:
    """A cash debt not yet (fully) invoiced: what nobody has billed yet shows and ages.

    For a cash obligation the debt is its value, open since delivery; for an in-kind one it
    is ``converted`` (the amount its conversion posted), open since its due date. With the
    agreement's ``billing_days`` the item is due for invoicing that many days later.
    """
    if ob.method.in_kind:
        if converted is None or ob.due_on is None:
            raise ObligationError(
                Said.of(
                    "obligation_kind_give_converted_amount",
                    "obligation {ob_id} is in kind: give the converted amount",
                    ob_id=ob.id,
                ),
                field="converted",
            )
        base, since = converted, ob.due_on
    else:
        base, since = ob.value, ob.incurred_on
    remaining = base - invoiced
    if remaining.is_negative():
        raise ObligationError(
            Said.of(
                "invoiced_exceeds_cash_debt",
                "{invoiced} invoiced exceeds the {base} cash debt of {ob_id}",
                invoiced=invoiced,
                base=base,
                ob_id=ob.id,
            ),
            field="invoiced",
        )
    due = None if terms.billing_days is None else since + timedelta(days=terms.billing_days)
    return OpenItem(
        reference=Reference(ReferenceKind.OBLIGATION, ob.id),
        creditor=ob.creditor,
        debtor=ob.debtor,
        amount=remaining,
        since=since,
        due_on=due,
    )
