"""Cash reimbursement: invoicing accrued obligations and paying invoices."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from ledger_helpers import AGREEMENT, IND, RUS, TERMS, acc, inr, obligation

from relos.domain.ledger.accounts import AccountKind
from relos.domain.ledger.balances import account_balances, check_mirrored
from relos.domain.ledger.cash import (
    BilledDebt,
    Invoice,
    Payment,
    check_invoice,
    check_payment,
    invoice_due_date,
    invoice_transaction,
    outstanding_on_invoice,
    payment_transaction,
)
from relos.domain.ledger.errors import ObligationError
from relos.domain.ledger.obligations import ReimbursementMethod, obligation_transaction

ISSUED = date(2026, 2, 1)


def invoice(amount: str = "250.00") -> Invoice:
    return Invoice(
        id="inv-1",
        agreement_id=AGREEMENT,
        creditor=IND,
        debtor=RUS,
        issued_on=ISSUED,
        due_on=invoice_due_date(ISSUED, TERMS),
        amount=inr(amount),
        obligation_ids=("ob-1",),
    )


def payment(amount: str, *, id: str = "p-1", payer: str = RUS, payee: str = IND) -> Payment:
    return Payment(
        id=id,
        agreement_id=AGREEMENT,
        payer=payer,
        payee=payee,
        paid_on=date(2026, 2, 20),
        amount=inr(amount),
        invoice_id="inv-1",
    )


def test_invoice_is_due_after_the_agreements_payment_days() -> None:
    assert invoice().due_on == date(2026, 3, 3)


def test_order_to_payment_clears_every_claim_and_leaves_cash() -> None:
    ob = obligation(value=inr("250.00"), method=ReimbursementMethod.CASH)
    t1 = obligation_transaction(ob, transaction_id="t-1")
    t2 = invoice_transaction(invoice(), accrued=inr("250.00"), transaction_id="t-2")
    t3 = payment_transaction(payment("250.00"), invoice=invoice(), prior=[], transaction_id="t-3")
    b = account_balances(p for t in (t1, t2, t3) for p in t.postings)
    for party in (IND, RUS):
        for kind in (
            AccountKind.ACCRUED_RECEIVABLE,
            AccountKind.RECEIVABLE,
            AccountKind.PAYABLE,
            AccountKind.ACCRUED_PAYABLE,
        ):
            assert b.of(acc(party, kind)).is_zero()
    assert b.of(acc(IND, AccountKind.CASH)) == inr("250.00")
    assert b.of(acc(RUS, AccountKind.CASH)) == inr("-250.00")
    assert check_mirrored(b) == []


def test_rejects_invoice_beyond_what_has_accrued() -> None:
    with pytest.raises(ObligationError) as err:
        invoice_transaction(invoice("300.00"), accrued=inr("250.00"), transaction_id="t")
    assert err.value.field == "amount"


def test_rejects_payment_beyond_what_is_outstanding() -> None:
    (v,) = check_payment(payment("200.00", id="p-2"), invoice=invoice(), prior=[payment("100.00")])
    assert v.rule == "not_over_paid"


def test_rejects_payment_to_a_closed_invoice() -> None:
    with pytest.raises(ObligationError) as err:
        payment_transaction(payment("1.00", id="p-2"), invoice=invoice(), prior=[payment("250.00")], transaction_id="t")
    assert err.value.field == "invoice_id"
    assert "closed" in str(err.value)


def test_rejects_payment_by_the_wrong_party() -> None:
    (v,) = check_payment(payment("10", payer=IND, payee=RUS), invoice=invoice(), prior=[])
    assert v.rule == "parties_match" and v.field == "payer"


def test_partial_payments_leave_the_rest_outstanding() -> None:
    assert outstanding_on_invoice(invoice(), [payment("100.00"), payment("50.00", id="p-2")]) == inr("100.00")


def test_invoice_not_before_billed_refuses_an_invoice_dated_before_the_debt_it_bills() -> None:
    billed = [BilledDebt("ob-1", date(2026, 1, 15)), BilledDebt("ob-2", ISSUED + timedelta(days=39))]
    (v,) = check_invoice(invoice(), accrued=inr("250.00"), billed=billed)
    assert (v.rule, v.field) == ("invoice_not_before_billed", "issued_on")
    assert "ob-2" in v.message and "2026-03-12" in v.message
    with pytest.raises(ObligationError) as err:
        invoice_transaction(invoice(), accrued=inr("250.00"), transaction_id="t", billed=billed)
    assert err.value.field == "issued_on"


def test_invoice_not_before_billed_allows_an_invoice_on_the_day_the_debt_arose() -> None:
    assert check_invoice(invoice(), accrued=inr("250.00"), billed=[BilledDebt("ob-1", ISSUED)]) == []
