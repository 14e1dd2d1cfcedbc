"""Reimbursement obligations: what a receipted delivery owes, and how it is discharged.

A receipted delivery creates one obligation of the supplier (creditor) on the receiver
(debtor), reimbursed by one of three methods. Cash obligations accrue until invoiced
(see ``cash``). Replacement-in-kind (RIK) and equal-value-exchange (EVE) obligations are
due within the agreement's period after delivery, satisfied in whole or in part by
deliveries back; what is not satisfied before the due date becomes a cash debt through
a posted conversion. Status is derived from the events, never stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from relos.domain.errors import Said
from relos.domain.ledger.accounts import AccountKind, AccountRef, check_agreement_id, check_party
from relos.domain.ledger.dates import add_months
from relos.domain.ledger.errors import LedgerError, ObligationError, Violation
from relos.domain.ledger.money import Money, money_sum
from relos.domain.ledger.transactions import Posting, Reference, ReferenceKind, Transaction, build_transaction


class ReimbursementMethod(StrEnum):
    CASH = "cash"
    RIK = "replacement_in_kind"
    EVE = "equal_value_exchange"

    @property
    def in_kind(self) -> bool:
        return self is not ReimbursementMethod.CASH


class ObligationStatus(StrEnum):
    ACCRUED = "accrued"  # cash: owed, invoicing is the next step
    OPEN = "open"  # in kind: nothing satisfied yet, not due
    PARTLY_SATISFIED = "partly_satisfied"
    SATISFIED = "satisfied"
    OVERDUE = "overdue"  # in kind: due date passed, conversion to cash not yet posted
    CONVERTED = "converted_to_cash"


@dataclass(frozen=True, slots=True)
class ReimbursementTerms:
    """An agreement's reimbursement terms (agreement data, not code)."""

    in_kind_period_months: int  # RIK/EVE due within this many months after delivery (RELOS: 12)
    payment_days: int | None = None  # an invoice is due this many days after issue (None: no term)
    billing_days: int | None = None  # a cash debt is to be invoiced within this many days (None: no term)

    def __post_init__(self) -> None:
        if not isinstance(self.in_kind_period_months, int) or self.in_kind_period_months <= 0:
            raise LedgerError(
                Said.of("must_positive_number_months", "must be a positive number of months"),
                field="in_kind_period_months",
            )
        if self.payment_days is not None and self.payment_days < 0:
            raise LedgerError(Said.of("must_not_negative", "must not be negative"), field="payment_days")
        if self.billing_days is not None and self.billing_days < 0:
            raise LedgerError(Said.of("must_not_negative", "must not be negative"), field="billing_days")


@dataclass(frozen=True, slots=True)
class ReceiptedDelivery:
    """A delivery the receiving unit has receipted, valued in the order's currency."""

    delivery_id: str
    order_id: str
    agreement_id: str
    supplier: str
    receiver: str
    receipted_on: date
    value: Money
    method: ReimbursementMethod


@dataclass(frozen=True, slots=True)
class Obligation:
    """The debtor owes the creditor ``value``, by ``method``; in kind by ``due_on`` (exclusive)."""

    id: str
    agreement_id: str
    creditor: str
    debtor: str
    method: ReimbursementMethod
    value: Money
    incurred_on: date
    due_on: date | None
    delivery_id: str
    order_id: str

    @property
    def references(self) -> tuple[Reference, ...]:
        return (
            Reference(ReferenceKind.OBLIGATION, self.id),
            Reference(ReferenceKind.DELIVERY, self.delivery_id),
            Reference(ReferenceKind.ORDER, self.order_id),
        )


@dataclass(frozen=True, slots=True)
class InKindSatisfaction:
    """A delivery back from the debtor that discharges (part of) an in-kind obligation."""

    id: str
    obligation_id: str
    delivery_id: str
    method: ReimbursementMethod
    satisfied_on: date
    value: Money


def obligation_from_delivery(
    delivery: ReceiptedDelivery, *, obligation_id: str, terms: ReimbursementTerms
) -> Obligation:
    """The obligation a receipted delivery creates (due date set for RIK/EVE)."""
    check_agreement_id(delivery.agreement_id, field="delivery.agreement_id")
    check_party(delivery.supplier, field="delivery.supplier")
    check_party(delivery.receiver, field="delivery.receiver")
    if delivery.supplier == delivery.receiver:
        raise ObligationError(
            Said.of("supplier_receiver_must_differ", "supplier and receiver must differ"), field="delivery.receiver"
        )
    if not delivery.value.is_positive():
        raise ObligationError(
            Said.of(
                "delivery_s_value_must_positive",
                "a delivery's value must be positive, got {delivery}",
                delivery=delivery.value,
            ),
            field="delivery.value",
        )
    if not delivery.value.is_in_minor_units():
        raise ObligationError(
            Said.of(
                "more_decimals_allows_quantize_first",
                "{delivery} has more decimals than {currency} allows; quantize it first",
                delivery=delivery.value,
                currency=delivery.value.currency,
            ),
            field="delivery.value",
        )
    method = ReimbursementMethod(delivery.method)
    due = add_months(delivery.receipted_on, terms.in_kind_period_months) if method.in_kind else None
    return Obligation(
        id=obligation_id,
        agreement_id=delivery.agreement_id,
        creditor=delivery.supplier,
        debtor=delivery.receiver,
        method=method,
        value=delivery.value,
        incurred_on=delivery.receipted_on,
        due_on=due,
        delivery_id=delivery.delivery_id,
        order_id=delivery.order_id,
    )


def _acc(ob: Obligation, party: str, kind: AccountKind) -> AccountRef:
    other = ob.debtor if party == ob.creditor else ob.creditor
    return AccountRef(ob.agreement_id, party, kind, other, ob.value.currency)


def _four_postings(
    ob: Obligation,
    amount: Money,
    *,
    creditor_debit: AccountKind,
    creditor_credit: AccountKind,
    debtor_debit: AccountKind,
    debtor_credit: AccountKind,
) -> tuple[Posting, ...]:
    return (
        Posting(_acc(ob, ob.creditor, creditor_debit), amount),
        Posting(_acc(ob, ob.creditor, creditor_credit), -amount),
        Posting(_acc(ob, ob.debtor, debtor_debit), amount),
        Posting(_acc(ob, ob.debtor, debtor_credit), -amount),
    )


def obligation_transaction(ob: Obligation, *, transaction_id: str, description: str | None = None) -> Transaction:
    """The posting of a new obligation in both books (claim and income; expense and liability)."""
    claim, liability = (
        (AccountKind.IN_KIND_RECEIVABLE, AccountKind.IN_KIND_PAYABLE)
        if ob.method.in_kind
        else (AccountKind.ACCRUED_RECEIVABLE, AccountKind.ACCRUED_PAYABLE)
    )
    return build_transaction(
        id=transaction_id,
        on=ob.incurred_on,
        description=description
        or f"{ob.creditor} delivered {ob.value} to {ob.debtor}, reimbursed by {ob.method.value}",
        postings=_four_postings(
            ob,
            ob.value,
            creditor_debit=claim,
            creditor_credit=AccountKind.SUPPORT_PROVIDED,
            debtor_debit=AccountKind.SUPPORT_RECEIVED,
            debtor_credit=liability,
        ),
        references=ob.references,
    )


def satisfied_in_time(ob: Obligation, satisfactions: Iterable[InKindSatisfaction]) -> Money:
    """The value of ``ob`` satisfied in kind before its due date."""
    return money_sum(
        [
            s.value
            for s in satisfactions
            if s.obligation_id == ob.id and (ob.due_on is None or s.satisfied_on < ob.due_on)
        ],
        currency=ob.value.currency,
    )


def outstanding_in_kind(ob: Obligation, satisfactions: Iterable[InKindSatisfaction]) -> Money:
    """What of an in-kind obligation is still to be satisfied (or converted)."""
    if not ob.method.in_kind:
        raise ObligationError(
            Said.of(
                "obligation_reimbursed_cash_not_kind",
                "obligation {ob_id} is reimbursed in cash, not in kind",
                ob_id=ob.id,
            ),
            field="method",
        )
    return ob.value - satisfied_in_time(ob, satisfactions)


def obligation_status(
    ob: Obligation, *, satisfactions: Iterable[InKindSatisfaction], converted: bool, as_of: date
) -> ObligationStatus:
    """Derived status at ``as_of``; ``converted`` says whether the conversion has been posted."""
    if not ob.method.in_kind:
        return ObligationStatus.ACCRUED
    remaining = outstanding_in_kind(ob, satisfactions)
    if remaining.is_zero():
        return ObligationStatus.SATISFIED
    if converted:
        return ObligationStatus.CONVERTED
    if ob.due_on is not None and as_of >= ob.due_on:
        return ObligationStatus.OVERDUE
    return ObligationStatus.OPEN if remaining == ob.value else ObligationStatus.PARTLY_SATISFIED


def check_satisfaction(
    ob: Obligation, sat: InKindSatisfaction, *, prior: Iterable[InKindSatisfaction]
) -> list[Violation]:
    """Why ``sat`` cannot discharge ``ob`` (empty when it can)."""
    found: list[Violation] = []
    if sat.obligation_id != ob.id:
        found.append(Violation("satisfies_this_obligation", "obligation_id", f"{sat.obligation_id} is not {ob.id}"))
    if not ob.method.in_kind:
        found.append(Violation("in_kind_only", "method", f"obligation {ob.id} is reimbursed in cash"))
    elif sat.method != ob.method:
        found.append(
            Violation("method_matches", "method", f"obligation is {ob.method.value}, delivery is {sat.method.value}")
        )
    if sat.value.currency != ob.value.currency:
        found.append(
            Violation("currency_matches", "value.currency", f"{sat.value.currency} against {ob.value.currency}")
        )
        return found
    if not sat.value.is_positive():
        found.append(Violation("value_positive", "value", f"must be positive, got {sat.value}"))
    if sat.satisfied_on < ob.incurred_on:
        found.append(Violation("after_delivery", "satisfied_on", f"{sat.satisfied_on} precedes {ob.incurred_on}"))
    if ob.due_on is not None and sat.satisfied_on >= ob.due_on:
        found.append(
            Violation("before_due_date", "satisfied_on", f"due by {ob.due_on} (exclusive); it is a cash debt now")
        )
    if ob.method.in_kind and sat.value.is_positive():
        remaining = outstanding_in_kind(ob, [p for p in prior if p.id != sat.id])
        if sat.value > remaining:
            found.append(Violation("not_over_satisfied", "value", f"{sat.value} exceeds the {remaining} outstanding"))
    return found


def satisfaction_transaction(
    ob: Obligation, sat: InKindSatisfaction, *, prior: Iterable[InKindSatisfaction], transaction_id: str
) -> Transaction:
    """Post a delivery in kind against ``ob``: the claim falls, the support is booked both ways."""
    violations = check_satisfaction(ob, sat, prior=prior)
    if violations:
        raise ObligationError("; ".join(str(v) for v in violations), field=violations[0].field)
    return build_transaction(
        id=transaction_id,
        on=sat.satisfied_on,
        description=f"{ob.debtor} delivered {sat.value} in kind to {ob.creditor} against obligation {ob.id}",
        postings=_four_postings(
            ob,
            sat.value,
            creditor_debit=AccountKind.SUPPORT_RECEIVED,
            creditor_credit=AccountKind.IN_KIND_RECEIVABLE,
            debtor_debit=AccountKind.IN_KIND_PAYABLE,
            debtor_credit=AccountKind.SUPPORT_PROVIDED,
        ),
        references=(*ob.references, Reference(ReferenceKind.DELIVERY, sat.delivery_id)),
    )


def conversion_transaction(
    ob: Obligation, *, satisfactions: Iterable[InKindSatisfaction], on: date, transaction_id: str
) -> Transaction | None:
    """Turn what is left of an in-kind obligation after its due date into a cash debt.

    Returns None when nothing is left. Raises when ``on`` is before the due date.
    The cash debt accrues (to be invoiced like any cash obligation).
    """
    if not ob.method.in_kind or ob.due_on is None:
        raise ObligationError(
            Said.of(
                "obligation_reimbursed_cash_already", "obligation {ob_id} is reimbursed in cash already", ob_id=ob.id
            ),
            field="method",
        )
    if on < ob.due_on:
        raise ObligationError(
            Said.of(
                "obligation_due_not_yet_convertible",
                "obligation {ob_id} is due on {due_on}; not yet convertible on {on}",
                ob_id=ob.id,
                due_on=ob.due_on,
                on=on,
            ),
            field="on",
        )
    remaining = outstanding_in_kind(ob, satisfactions)
    if remaining.is_zero():
        return None
    return build_transaction(
        id=transaction_id,
        on=on,
        description=(
            f"{ob.method.value} obligation {ob.id} not satisfied by {ob.due_on}: "
            f"{remaining} becomes a cash debt of {ob.debtor} to {ob.creditor}"
        ),
        postings=_four_postings(
            ob,
            remaining,
            creditor_debit=AccountKind.ACCRUED_RECEIVABLE,
            creditor_credit=AccountKind.IN_KIND_RECEIVABLE,
            debtor_debit=AccountKind.IN_KIND_PAYABLE,
            debtor_credit=AccountKind.ACCRUED_PAYABLE,
        ),
        references=ob.references,
    )


def due_for_conversion(
    obligations: Iterable[Obligation],
    *,
    satisfactions: Iterable[InKindSatisfaction],
    converted_ids: Iterable[str],
    on: date,
) -> list[Obligation]:
    """In-kind obligations past due on ``on``, not fully satisfied and not yet converted."""
    done = set(converted_ids)
    by_obligation: dict[str, list[InKindSatisfaction]] = {}
    for s in satisfactions:
        by_obligation.setdefault(s.obligation_id, []).append(s)
    return [
        ob
        for ob in obligations
        if ob.method.in_kind
        and ob.id not in done
        and ob.due_on is not None
        and on >= ob.due_on
        and not outstanding_in_kind(ob, by_obligation.get(ob.id, [])).is_zero()
    ]
