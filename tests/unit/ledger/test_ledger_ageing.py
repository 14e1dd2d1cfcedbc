"""Ageing buckets of open items; overdue and nearly-due lists."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from ledger_helpers import IND, RUS, inr, obligation

from relos.domain.ledger.ageing import (
    AgeBucket,
    OpenItem,
    ageing,
    billing_open_item,
    bucket_for,
    in_kind_open_item,
    nearly_due,
    overdue,
)
from relos.domain.ledger.errors import LedgerError, ObligationError
from relos.domain.ledger.obligations import InKindSatisfaction, ReimbursementMethod, ReimbursementTerms
from relos.domain.ledger.transactions import Reference, ReferenceKind

AS_OF = date(2026, 12, 31)


def item(ref: str, amount: str, age_days: int, *, due_in: int | None = None) -> OpenItem:
    since = AS_OF - timedelta(days=age_days)
    return OpenItem(
        reference=Reference(ReferenceKind.INVOICE, ref),
        creditor=IND,
        debtor=RUS,
        amount=inr(amount),
        since=since,
        due_on=None if due_in is None else AS_OF + timedelta(days=due_in),
    )


def test_bucket_bounds_are_inclusive_at_30_90_180_365() -> None:
    assert [bucket_for(d) for d in (0, 30, 31, 90, 91, 180, 181, 365, 366)] == [
        AgeBucket.DAYS_0_30,
        AgeBucket.DAYS_0_30,
        AgeBucket.DAYS_31_90,
        AgeBucket.DAYS_31_90,
        AgeBucket.DAYS_91_180,
        AgeBucket.DAYS_91_180,
        AgeBucket.DAYS_181_365,
        AgeBucket.DAYS_181_365,
        AgeBucket.OVER_365,
    ]
    with pytest.raises(LedgerError):
        bucket_for(-1)


def test_ageing_sums_open_items_per_pair_currency_and_bucket() -> None:
    report = ageing(
        [
            item("a", "10", 5),
            item("b", "20", 30),
            item("c", "30", 200),
            item("d", "40", 400),
            item("e", "0", 1),
        ],
        as_of=AS_OF,
    )
    row = report.rows[(IND, RUS, "INR")]
    assert row[AgeBucket.DAYS_0_30] == inr("30")
    assert row[AgeBucket.DAYS_31_90].is_zero()
    assert row[AgeBucket.DAYS_181_365] == inr("30")
    assert row[AgeBucket.OVER_365] == inr("40")
    assert report.total((IND, RUS, "INR")) == inr("100")


def test_items_arising_after_the_report_date_are_not_aged() -> None:
    assert ageing([item("a", "10", -3)], as_of=AS_OF).rows == {}


def test_overdue_lists_items_due_on_or_before_the_date() -> None:
    items = [
        item("late", "1", 100, due_in=-10),
        item("today", "1", 100, due_in=0),
        item("later", "1", 1, due_in=5),
    ]
    assert [i.reference.id for i in overdue(items, as_of=AS_OF)] == ["late", "today"]


def test_nearly_due_lists_items_due_within_the_window() -> None:
    items = [
        item("a", "1", 1, due_in=0),
        item("b", "1", 1, due_in=13),
        item("c", "1", 1, due_in=14),
        item("d", "1", 1),
    ]
    assert [i.reference.id for i in nearly_due(items, as_of=AS_OF, within_days=14)] == ["a", "b"]


def test_in_kind_open_item_carries_what_is_left_and_the_due_date() -> None:
    ob = obligation(value=inr("100"), on=date(2026, 1, 15))
    s = InKindSatisfaction("s", ob.id, "back", ReimbursementMethod.RIK, date(2026, 2, 1), inr("30"))
    open_item = in_kind_open_item(ob, satisfactions=[s])
    assert open_item.amount == inr("70")
    assert open_item.due_on == date(2027, 1, 15)
    assert ageing([open_item], as_of=AS_OF).rows[(IND, RUS, "INR")][AgeBucket.DAYS_181_365] == inr("70")


def test_unbilled_cash_debt_is_overdue_for_invoicing_after_the_billing_days() -> None:
    terms = ReimbursementTerms(in_kind_period_months=12, billing_days=90)
    ob = obligation(value=inr("500.00"), method=ReimbursementMethod.CASH, on=date(2026, 1, 15))
    item = billing_open_item(ob, invoiced=inr("200.00"), terms=terms)
    assert item.amount == inr("300.00") and item.due_on == date(2026, 4, 15)
    assert overdue([item], as_of=date(2026, 4, 15)) == [item]


def test_converted_in_kind_debt_ages_from_its_due_date() -> None:
    terms = ReimbursementTerms(in_kind_period_months=12, billing_days=30)
    ob = obligation(value=inr("500.00"), on=date(2026, 1, 15))
    item = billing_open_item(ob, invoiced=inr("0"), terms=terms, converted=inr("120.00"))
    assert (item.since, item.due_on, item.amount) == (date(2027, 1, 15), date(2027, 2, 14), inr("120.00"))
    with pytest.raises(ObligationError) as err:
        billing_open_item(ob, invoiced=inr("0"), terms=terms)
    assert err.value.field == "converted"


def test_rejects_more_invoiced_than_the_cash_debt() -> None:
    ob = obligation(value=inr("5"), method=ReimbursementMethod.CASH)
    with pytest.raises(ObligationError) as err:
        billing_open_item(ob, invoiced=inr("6"), terms=ReimbursementTerms(in_kind_period_months=12))
    assert err.value.field == "invoiced"
