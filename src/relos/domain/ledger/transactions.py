"""Transactions: dated, referenced sets of postings; the rules they obey; reversal.

A transaction is built, checked by small pure rules (each returns a list of
``Violation``), and only then posted. The ledger is append-only: a correction is the
reversing transaction built by ``reverse``, never an edit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from relos.domain.errors import Said
from relos.domain.ledger.accounts import AccountRef
from relos.domain.ledger.errors import LedgerError, TransactionRejectedError, Violation
from relos.domain.ledger.money import EXACT, Money


class ReferenceKind(StrEnum):
    """What a transaction refers to."""

    ORDER = "order"
    DELIVERY = "delivery"
    OBLIGATION = "obligation"
    INVOICE = "invoice"
    PAYMENT = "payment"
    REVERSES = "reverses"  # the transaction this one reverses
    IDEMPOTENCY_KEY = "idempotency_key"
    OTHER = "other"


@dataclass(frozen=True, slots=True, order=True)
class Reference:
    """A pointer from a transaction to the record that caused it: ``Reference(ORDER, id)``."""

    kind: ReferenceKind
    id: str

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id.strip():
            raise LedgerError(
                Said.of("reference_needs_non_empty_id", "a reference needs a non-empty id"),
                field=f"references.{self.kind}",
            )


@dataclass(frozen=True, slots=True)
class Posting:
    """One leg of a transaction: a signed amount (debit +, credit -) on one account."""

    account: AccountRef
    amount: Money


@dataclass(frozen=True, slots=True)
class Transaction:
    """An immutable ledger entry. ``id`` is given by the caller (the service makes UUIDv7s)."""

    id: str
    date: date
    description: str
    postings: tuple[Posting, ...]
    references: tuple[Reference, ...] = field(default=())

    def referenced(self, kind: ReferenceKind) -> tuple[str, ...]:
        return tuple(ref.id for ref in self.references if ref.kind == kind)


Rule = Callable[[Transaction], list[Violation]]


# -- rules ------------------------------------------------------------------------------------
def rule_has_id(txn: Transaction) -> list[Violation]:
    if not isinstance(txn.id, str) or not txn.id.strip():
        return [Violation("has_id", "id", "a transaction needs a non-empty id")]
    return []


def rule_has_description(txn: Transaction) -> list[Violation]:
    if not txn.description.strip():
        return [Violation("has_description", "description", "a transaction needs a description")]
    return []


def rule_at_least_two_postings(txn: Transaction) -> list[Violation]:
    if len(txn.postings) < 2:
        return [
            Violation(
                "at_least_two_postings",
                "postings",
                f"a transaction needs at least two postings, has {len(txn.postings)}",
            )
        ]
    return []


def rule_amounts_non_zero(txn: Transaction) -> list[Violation]:
    return [
        Violation("amounts_non_zero", f"postings[{i}].amount", f"a posting's amount may not be zero ({p.account})")
        for i, p in enumerate(txn.postings)
        if p.amount.is_zero()
    ]


def rule_amounts_in_minor_units(txn: Transaction) -> list[Violation]:
    return [
        Violation(
            "amounts_in_minor_units",
            f"postings[{i}].amount",
            f"{p.amount} has more decimals than {p.amount.currency} allows; quantize it first",
        )
        for i, p in enumerate(txn.postings)
        if not p.amount.is_in_minor_units()
    ]


def rule_currency_matches_account(txn: Transaction) -> list[Violation]:
    return [
        Violation(
            "currency_matches_account",
            f"postings[{i}].amount.currency",
            f"{p.amount.currency} posted to {p.account.currency} account {p.account}",
        )
        for i, p in enumerate(txn.postings)
        if p.amount.currency != p.account.currency
    ]


def _net(postings: Iterable[Posting], key: Callable[[Posting], tuple[str, ...]]) -> dict[tuple[str, ...], Decimal]:
    totals: dict[tuple[str, ...], Decimal] = {}
    for p in postings:
        k = key(p)
        totals[k] = EXACT.add(totals.get(k, Decimal(0)), p.amount.amount)
    return totals


def rule_balanced_per_currency(txn: Transaction) -> list[Violation]:
    """The postings net to zero in every currency (the double-entry rule)."""
    totals = _net(txn.postings, lambda p: (p.amount.currency,))
    return [
        Violation("balanced_per_currency", "postings", f"postings net to {total} {cur}, not zero")
        for (cur,), total in sorted(totals.items())
        if total != 0
    ]


def rule_balanced_per_party(txn: Transaction) -> list[Violation]:
    """Each party's book balances on its own, per currency (the mirrored-books rule)."""
    totals = _net(txn.postings, lambda p: (p.account.party, p.amount.currency))
    return [
        Violation("balanced_per_party", "postings", f"postings in {party}'s book net to {total} {cur}, not zero")
        for (party, cur), total in sorted(totals.items())
        if total != 0
    ]


def rule_single_agreement(txn: Transaction) -> list[Violation]:
    agreements = sorted({p.account.agreement_id for p in txn.postings})
    if len(agreements) > 1:
        return [Violation("single_agreement", "postings", f"postings span agreements {', '.join(agreements)}")]
    return []


RULES: tuple[Rule, ...] = (
    rule_has_id,
    rule_has_description,
    rule_at_least_two_postings,
    rule_amounts_non_zero,
    rule_amounts_in_minor_units,
    rule_currency_matches_account,
    rule_balanced_per_currency,
    rule_balanced_per_party,
    rule_single_agreement,
)


def validate(txn: Transaction, rules: Sequence[Rule] = RULES) -> list[Violation]:
    """Every violation of ``rules`` by ``txn`` (empty when it may be posted)."""
    found: list[Violation] = []
    for rule in rules:
        found.extend(rule(txn))
    return found


def check(txn: Transaction, rules: Sequence[Rule] = RULES) -> Transaction:
    """Return ``txn`` when it obeys ``rules``; raise ``TransactionRejectedError`` otherwise."""
    violations = validate(txn, rules)
    if violations:
        raise TransactionRejectedError(violations)
    return txn


def build_transaction(
    *,
    id: str,
    on: date,
    description: str,
    postings: Iterable[Posting],
    references: Iterable[Reference] = (),
) -> Transaction:
    """Assemble a transaction and check it against every rule; raises when one is broken."""
    return check(
        Transaction(id=id, date=on, description=description, postings=tuple(postings), references=tuple(references))
    )


def mirrored(*, debit: AccountRef, credit: AccountRef, amount: Money) -> tuple[Posting, Posting]:
    """A debit of ``amount`` on one account and the equal credit on another."""
    return (Posting(debit, amount), Posting(credit, -amount))


def reverse(txn: Transaction, *, id: str, on: date, description: str | None = None) -> Transaction:
    """The transaction that exactly cancels ``txn``: every posting negated, referring back to it."""
    if id == txn.id:
        raise LedgerError(
            Said.of("reversal_needs_own_id_not", "a reversal needs its own id, not the reversed transaction's"),
            field="id",
        )
    if on < txn.date:
        raise LedgerError(
            Said.of(
                "reversal_cannot_precede_transaction_reverses",
                "a reversal ({on}) cannot precede the transaction it reverses ({date})",
                on=on,
                date=txn.date,
            ),
            field="on",
        )
    return build_transaction(
        id=id,
        on=on,
        description=description or f"Reversal of {txn.id}: {txn.description}",
        postings=(Posting(p.account, -p.amount) for p in txn.postings),
        references=(
            *(r for r in txn.references if r.kind != ReferenceKind.REVERSES),
            Reference(ReferenceKind.REVERSES, txn.id),
        ),
    )
