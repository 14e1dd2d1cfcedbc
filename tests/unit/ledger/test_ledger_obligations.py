"""Obligations from receipted deliveries; RIK/EVE satisfaction; conversion to a cash debt."""

from __future__ import annotations

from datetime import date

import pytest
from ledger_helpers import IND, RUS, TERMS, acc, delivery, inr, obligation

from relos.domain.ledger.accounts import AccountKind
from relos.domain.ledger.balances import account_balances, check_mirrored
from relos.domain.ledger.dates import add_months
from relos.domain.ledger.errors import LedgerError, ObligationError
from relos.domain.ledger.obligations import (
    InKindSatisfaction,
    ObligationStatus,
    ReimbursementMethod,
    ReimbursementTerms,
    check_satisfaction,
    conversion_transaction,
    due_for_conversion,
    obligation_from_delivery,
    obligation_status,
    obligation_transaction,
    outstanding_in_kind,
    satisfaction_transaction,
)
from relos.domain.ledger.transactions import ReferenceKind

DELIVERED = date(2026, 1, 15)
DUE = date(2027, 1, 15)


def sat(
    value: str, on: date, *, id: str = "s-1", method: ReimbursementMethod = ReimbursementMethod.RIK
) -> InKindSatisfaction:
    return InKindSatisfaction(
        id=id,
        obligation_id="ob-1",
        delivery_id=f"back-{id}",
        method=method,
        satisfied_on=on,
        value=inr(value),
    )


def test_rik_obligation_is_due_the_agreements_period_after_delivery() -> None:
    ob = obligation(value=inr("1000.00"))
    assert ob.due_on == DUE
    six = obligation_from_delivery(
        delivery(value=inr("1"), method=ReimbursementMethod.EVE),
        obligation_id="x",
        terms=ReimbursementTerms(in_kind_period_months=6),
    )
    assert six.due_on == date(2026, 7, 15)


def test_cash_obligation_has_no_in_kind_due_date() -> None:
    assert obligation(value=inr("5"), method=ReimbursementMethod.CASH).due_on is None


def test_due_date_clamps_to_month_end() -> None:
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


def test_rejects_delivery_with_non_positive_or_sub_minor_value() -> None:
    for bad in ("0", "-3", "1.005"):
        with pytest.raises(ObligationError) as err:
            obligation(value=inr(bad))
        assert err.value.field == "delivery.value"


def test_rejects_non_positive_in_kind_period() -> None:
    with pytest.raises(LedgerError) as err:
        ReimbursementTerms(in_kind_period_months=0)
    assert err.value.field == "in_kind_period_months"


def test_receipted_cash_delivery_posts_accrued_claim_and_support_in_both_books() -> None:
    ob = obligation(value=inr("250.00"), method=ReimbursementMethod.CASH)
    t = obligation_transaction(ob, transaction_id="t-1")
    b = account_balances(t.postings)
    assert b.of(acc(IND, AccountKind.ACCRUED_RECEIVABLE)) == inr("250.00")
    assert b.of(acc(IND, AccountKind.SUPPORT_PROVIDED)) == inr("-250.00")
    assert b.of(acc(RUS, AccountKind.SUPPORT_RECEIVED)) == inr("250.00")
    assert b.of(acc(RUS, AccountKind.ACCRUED_PAYABLE)) == inr("-250.00")
    assert t.referenced(ReferenceKind.DELIVERY) == ("d-ob-1",)
    assert check_mirrored(b) == []


def test_receipted_rik_delivery_posts_in_kind_claim() -> None:
    t = obligation_transaction(obligation(value=inr("100")), transaction_id="t-1")
    b = account_balances(t.postings)
    assert b.of(acc(IND, AccountKind.IN_KIND_RECEIVABLE)) == inr("100")
    assert b.of(acc(RUS, AccountKind.IN_KIND_PAYABLE)) == inr("-100")


def test_partial_satisfaction_reduces_what_is_outstanding() -> None:
    ob = obligation(value=inr("1000.00"))
    s = sat("400.00", date(2026, 6, 1))
    t = satisfaction_transaction(ob, s, prior=[], transaction_id="t-2")
    b = account_balances([*obligation_transaction(ob, transaction_id="t-1").postings, *t.postings])
    assert b.of(acc(IND, AccountKind.IN_KIND_RECEIVABLE)) == inr("600.00")
    assert b.of(acc(RUS, AccountKind.IN_KIND_PAYABLE)) == inr("-600.00")
    assert outstanding_in_kind(ob, [s]) == inr("600.00")
    assert obligation_status(ob, satisfactions=[s], converted=False, as_of=date(2026, 7, 1)) == (
        ObligationStatus.PARTLY_SATISFIED
    )


def test_full_satisfaction_discharges_the_obligation() -> None:
    ob = obligation(value=inr("1000.00"))
    s = [sat("400.00", date(2026, 6, 1)), sat("600.00", date(2027, 1, 14), id="s-2")]
    assert outstanding_in_kind(ob, s).is_zero()
    assert obligation_status(ob, satisfactions=s, converted=False, as_of=date(2028, 1, 1)) == ObligationStatus.SATISFIED
    assert conversion_transaction(ob, satisfactions=s, on=DUE, transaction_id="t-9") is None


def test_rejects_satisfaction_beyond_what_is_outstanding() -> None:
    ob = obligation(value=inr("1000.00"))
    (v,) = check_satisfaction(ob, sat("700.00", date(2026, 7, 1), id="s-2"), prior=[sat("400.00", date(2026, 6, 1))])
    assert v.rule == "not_over_satisfied" and v.field == "value"


def test_rejects_satisfaction_on_or_after_due_date() -> None:
    ob = obligation(value=inr("1000.00"))
    with pytest.raises(ObligationError) as err:
        satisfaction_transaction(ob, sat("10", DUE), prior=[], transaction_id="t")
    assert err.value.field == "satisfied_on"


def test_rejects_satisfaction_by_another_method_or_of_a_cash_obligation() -> None:
    ob = obligation(value=inr("100"))
    (v,) = check_satisfaction(ob, sat("10", date(2026, 2, 1), method=ReimbursementMethod.EVE), prior=[])
    assert v.rule == "method_matches"
    cash = obligation(value=inr("100"), method=ReimbursementMethod.CASH)
    assert any(v.rule == "in_kind_only" for v in check_satisfaction(cash, sat("10", date(2026, 2, 1)), prior=[]))


def test_unsatisfied_rik_turns_into_cash_debt_after_due_date() -> None:
    ob = obligation(value=inr("1000.00"))
    s = [sat("400.00", date(2026, 6, 1))]
    t = conversion_transaction(ob, satisfactions=s, on=DUE, transaction_id="t-3")
    assert t is not None and t.date == DUE
    b = account_balances(t.postings)
    assert b.of(acc(IND, AccountKind.ACCRUED_RECEIVABLE)) == inr("600.00")
    assert b.of(acc(IND, AccountKind.IN_KIND_RECEIVABLE)) == inr("-600.00")
    assert b.of(acc(RUS, AccountKind.ACCRUED_PAYABLE)) == inr("-600.00")
    assert b.of(acc(RUS, AccountKind.IN_KIND_PAYABLE)) == inr("600.00")
    assert t.referenced(ReferenceKind.OBLIGATION) == ("ob-1",)


def test_unsatisfied_eve_turns_into_cash_debt_after_due_date() -> None:
    ob = obligation(value=inr("80.00"), method=ReimbursementMethod.EVE)
    t = conversion_transaction(ob, satisfactions=[], on=date(2027, 3, 1), transaction_id="t-3")
    assert t is not None
    assert account_balances(t.postings).of(acc(IND, AccountKind.ACCRUED_RECEIVABLE)) == inr("80.00")


def test_full_life_of_unsatisfied_rik_leaves_only_a_cash_debt() -> None:
    ob = obligation(value=inr("1000.00"))
    s = sat("400.00", date(2026, 6, 1))
    txns = [
        obligation_transaction(ob, transaction_id="t-1"),
        satisfaction_transaction(ob, s, prior=[], transaction_id="t-2"),
    ]
    conv = conversion_transaction(ob, satisfactions=[s], on=date(2027, 2, 1), transaction_id="t-3")
    assert conv is not None
    b = account_balances(p for t in [*txns, conv] for p in t.postings)
    assert b.of(acc(IND, AccountKind.IN_KIND_RECEIVABLE)).is_zero()
    assert b.of(acc(IND, AccountKind.ACCRUED_RECEIVABLE)) == inr("600.00")
    assert check_mirrored(b) == []


def test_conversion_is_refused_before_the_due_date() -> None:
    with pytest.raises(ObligationError) as err:
        conversion_transaction(obligation(value=inr("5")), satisfactions=[], on=date(2027, 1, 14), transaction_id="t")
    assert err.value.field == "on"


def test_satisfaction_after_due_date_does_not_reduce_the_cash_debt() -> None:
    ob = obligation(value=inr("100"))
    late = sat("100", date(2027, 2, 1))
    assert outstanding_in_kind(ob, [late]) == inr("100")


def test_overdue_status_until_conversion_is_posted() -> None:
    ob = obligation(value=inr("100"))
    assert obligation_status(ob, satisfactions=[], converted=False, as_of=date(2027, 1, 14)) == ObligationStatus.OPEN
    assert obligation_status(ob, satisfactions=[], converted=False, as_of=DUE) == ObligationStatus.OVERDUE
    assert obligation_status(ob, satisfactions=[], converted=True, as_of=DUE) == ObligationStatus.CONVERTED


def test_due_for_conversion_lists_past_due_unsatisfied_unconverted_in_kind_obligations() -> None:
    due = obligation(value=inr("100"), obligation_id="ob-1")
    satisfied = obligation(value=inr("100"), obligation_id="ob-2")
    converted = obligation(value=inr("100"), obligation_id="ob-3")
    later = obligation(value=inr("100"), obligation_id="ob-4", on=date(2026, 6, 1))
    cash = obligation(value=inr("100"), obligation_id="ob-5", method=ReimbursementMethod.CASH)
    full = InKindSatisfaction("s", "ob-2", "back", ReimbursementMethod.RIK, date(2026, 3, 1), inr("100"))
    found = due_for_conversion(
        [due, satisfied, converted, later, cash], satisfactions=[full], converted_ids=["ob-3"], on=DUE
    )
    assert [o.id for o in found] == ["ob-1"]
    assert TERMS.in_kind_period_months == 12
