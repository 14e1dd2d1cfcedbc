"""Cash reimbursement: invoices move accrued claims to billed ones; payments clear them.

An invoice covers accrued cash obligations (deliveries reimbursed in cash, and in-kind
obligations converted to cash). A payment settles (part of) one invoice. Over-invoicing,
over-payment and payment of a closed invoice are refused with the field named, and so is an invoice
dated before a debt it bills (rule ``invoice_not_before_billed``): the books would hold a billed claim
with nothing accrued behind it, and a statement of the invoice's period would show it outstanding while
netting it to nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from relos.domain.ledger.accounts import AccountKind, AccountRef
from relos.domain.ledger.errors import ObligationError, Violation
from relos.domain.ledger.money import Money, money_sum
from relos.domain.ledger.obligations import ReimbursementTerms
from relos.domain.ledger.transactions import Posting, Reference, ReferenceKind, Transaction, build_transaction


@dataclass(frozen=True, slots=True)
class Invoice:
    """A creditor's bill to a debtor for accrued cash obligations."""

    id: str
    agreement_id: str
    creditor: str
    debtor: str
    issued_on: date
    due_on: date | None
    amount: Money
    obligation_ids: tuple[str, ...] = ()

    @property
    def references(self) -> tuple[Reference, ...]:
        return (
            Reference(ReferenceKind.INVOICE, self.id),
            *(Reference(ReferenceKind.OBLIGATION, o) for o in self.obligation_ids),
        )


@dataclass(frozen=True, slots=True)
class Payment:
    """Cash paid by ``payer`` to ``payee`` against one invoice."""

    id: str
    agreement_id: str
    payer: str
    payee: str
    paid_on: date
    amount: Money
    invoice_id: str


@dataclass(frozen=True, slots=True)
class BilledDebt:
    """A cash debt an invoice bills and the day it became owed in cash: a cash obligation from the day it
    was incurred, an in-kind one from the day it was converted to cash."""

    obligation_id: str
    owed_from: date


def invoice_before_billed(invoice: Invoice, billed: Iterable[BilledDebt]) -> Violation | None:
    """An invoice may not precede what it bills: the latest debt owed after ``invoice.issued_on`` is named."""
    later = [debt for debt in billed if debt.owed_from > invoice.issued_on]
    if not later:
        return None
    last = max(later, key=lambda debt: (debt.owed_from, debt.obligation_id))
    more = f" (and {len(later) - 1} more)" if len(later) > 1 else ""
    return Violation(
        "invoice_not_before_billed",
        "issued_on",
        f"{invoice.issued_on} precedes {last.owed_from}, the day obligation {last.obligation_id}{more} it bills "
        f"became owed in cash; date the invoice on or after {last.owed_from}",
    )


def invoice_due_date(issued_on: date, terms: ReimbursementTerms) -> date | None:
    return None if terms.payment_days is None else issued_on + timedelta(days=terms.payment_days)


def _accounts(agreement_id: str, creditor: str, debtor: str, currency: str) -> dict[str, AccountRef]:
    def acc(party: str, kind: AccountKind) -> AccountRef:
        return AccountRef(agreement_id, party, kind, debtor if party == creditor else creditor, currency)

    return {
        "c_accrued": acc(creditor, AccountKind.ACCRUED_RECEIVABLE),
        "c_billed": acc(creditor, AccountKind.RECEIVABLE),
        "c_cash": acc(creditor, AccountKind.CASH),
        "d_accrued": acc(debtor, AccountKind.ACCRUED_PAYABLE),
        "d_billed": acc(debtor, AccountKind.PAYABLE),
        "d_cash": acc(debtor, AccountKind.CASH),
    }


def check_invoice(invoice: Invoice, *, accrued: Money, billed: Iterable[BilledDebt] = ()) -> list[Violation]:
    """``accrued``: the creditor's accrued receivable from the debtor in the invoice currency; ``billed``: the
    debts the invoice bills, each with the day it became owed in cash."""
    found: list[Violation] = []
    early = invoice_before_billed(invoice, billed)
    if early is not None:
        found.append(early)
    if not invoice.amount.is_positive():
        found.append(Violation("amount_positive", "amount", f"must be positive, got {invoice.amount}"))
    if accrued.currency != invoice.amount.currency:
        found.append(Violation("currency_matches", "amount.currency", f"{invoice.amount.currency} vs {accrued}"))
    elif invoice.amount > accrued:
        found.append(Violation("not_over_invoiced", "amount", f"{invoice.amount} exceeds the {accrued} accrued"))
    if invoice.due_on is not None and invoice.due_on < invoice.issued_on:
        found.append(Violation("due_after_issue", "due_on", f"{invoice.due_on} precedes {invoice.issued_on}"))
    return found


def invoice_transaction(
    invoice: Invoice, *, accrued: Money, transaction_id: str, billed: Iterable[BilledDebt] = ()
) -> Transaction:
    """Bill accrued cash obligations: accrued claim/liability become billed ones in both books."""
    violations = check_invoice(invoice, accrued=accrued, billed=billed)
    if violations:
        raise ObligationError("; ".join(str(v) for v in violations), field=violations[0].field)
    a = _accounts(invoice.agreement_id, invoice.creditor, invoice.debtor, invoice.amount.currency)
    amt = invoice.amount
    return build_transaction(
        id=transaction_id,
        on=invoice.issued_on,
        description=f"Invoice {invoice.id}: {invoice.creditor} bills {invoice.debtor} {amt}",
        postings=(
            Posting(a["c_billed"], amt),
            Posting(a["c_accrued"], -amt),
            Posting(a["d_accrued"], amt),
            Posting(a["d_billed"], -amt),
        ),
        references=invoice.references,
    )


def paid_on_invoice(invoice: Invoice, payments: Iterable[Payment]) -> Money:
    return money_sum([p.amount for p in payments if p.invoice_id == invoice.id], currency=invoice.amount.currency)


def outstanding_on_invoice(invoice: Invoice, payments: Iterable[Payment]) -> Money:
    return invoice.amount - paid_on_invoice(invoice, payments)


def least_outstanding(
    invoice: Invoice, payments: Iterable[Payment], *, reversed_on: Mapping[str, date], from_day: date
) -> tuple[Money, date]:
    """The least left unpaid on ``invoice`` on any day from ``from_day`` on, and the first day it is that low: on
    a day, a payment counts once it is dated by then and until its correction (``reversed_on``) is."""
    mine = [p for p in payments if p.invoice_id == invoice.id]
    days = sorted({from_day} | {p.paid_on for p in mine if p.paid_on > from_day})
    least: tuple[Money, date] | None = None
    for day in days:
        left = invoice.amount - money_sum(
            [p.amount for p in mine if p.paid_on <= day and (p.id not in reversed_on or reversed_on[p.id] > day)],
            currency=invoice.amount.currency,
        )
        if least is None or left < least[0]:
            least = (left, day)
    assert least is not None
    return least


def check_payment(
    payment: Payment, *, invoice: Invoice, prior: Iterable[Payment], reversed_on: Mapping[str, date] | None = None
) -> list[Violation]:
    """Why ``payment`` cannot be posted against ``invoice`` (empty when it can).

    ``prior``: the invoice's other payments; those a correction cancelled count only with its day in
    ``reversed_on`` (payment id -> the correction's day), and are left out of ``prior`` otherwise. The invoice may
    be overpaid on no day (rule ``not_over_paid``): the payment fits what is left unpaid on its own day and on
    every later day another payment is dated, as the books will read on each of those days.
    """
    found: list[Violation] = []
    if payment.invoice_id != invoice.id:
        found.append(Violation("pays_this_invoice", "invoice_id", f"{payment.invoice_id} is not {invoice.id}"))
    if (payment.payer, payment.payee) != (invoice.debtor, invoice.creditor):
        found.append(
            Violation(
                "parties_match",
                "payer",
                f"invoice {invoice.id} is owed by {invoice.debtor} to {invoice.creditor}, "
                f"payment is from {payment.payer} to {payment.payee}",
            )
        )
    if payment.agreement_id != invoice.agreement_id:
        found.append(
            Violation("agreement_matches", "agreement_id", f"{payment.agreement_id} vs {invoice.agreement_id}")
        )
    if payment.amount.currency != invoice.amount.currency:
        found.append(
            Violation(
                "currency_matches",
                "amount.currency",
                f"{payment.amount.currency} vs {invoice.amount.currency}",
            )
        )
        return found
    if not payment.amount.is_positive():
        found.append(Violation("amount_positive", "amount", f"must be positive, got {payment.amount}"))
    if payment.paid_on < invoice.issued_on:
        found.append(Violation("after_invoice", "paid_on", f"{payment.paid_on} precedes {invoice.issued_on}"))
    others = [p for p in prior if p.id != payment.id]
    cancelled = reversed_on or {}
    standing = [p for p in others if p.id not in cancelled]
    remaining = outstanding_on_invoice(invoice, standing)
    if remaining.is_zero():
        found.append(Violation("invoice_open", "invoice_id", f"invoice {invoice.id} is fully paid (closed)"))
    elif payment.amount > remaining:
        found.append(Violation("not_over_paid", "amount", f"{payment.amount} exceeds the {remaining} outstanding"))
    else:
        least, day = least_outstanding(invoice, others, reversed_on=cancelled, from_day=payment.paid_on)
        if payment.amount > least:
            found.append(
                Violation(
                    "not_over_paid",
                    "amount",
                    f"{payment.amount} paid on {payment.paid_on} exceeds the {least} outstanding on {day} "
                    "(payments dated by then count until their correction): the invoice would be overpaid",
                )
            )
    return found


def payment_transaction(
    payment: Payment,
    *,
    invoice: Invoice,
    prior: Iterable[Payment],
    transaction_id: str,
    reversed_on: Mapping[str, date] | None = None,
) -> Transaction:
    """Post a payment: payee's cash up and claim down; payer's liability down and cash out (``prior`` and
    ``reversed_on`` as in ``check_payment``)."""
    violations = check_payment(payment, invoice=invoice, prior=prior, reversed_on=reversed_on)
    if violations:
        raise ObligationError("; ".join(str(v) for v in violations), field=violations[0].field)
    a = _accounts(payment.agreement_id, payment.payee, payment.payer, payment.amount.currency)
    amt = payment.amount
    return build_transaction(
        id=transaction_id,
        on=payment.paid_on,
        description=(f"Payment {payment.id}: {payment.payer} pays {payment.payee} {amt} on invoice {invoice.id}"),
        postings=(
            Posting(a["c_cash"], amt),
            Posting(a["c_billed"], -amt),
            Posting(a["d_billed"], amt),
            Posting(a["d_cash"], -amt),
        ),
        references=(
            Reference(ReferenceKind.PAYMENT, payment.id),
            Reference(ReferenceKind.INVOICE, invoice.id),
        ),
    )
