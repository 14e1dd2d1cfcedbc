"""Balances, derived from postings on demand and never stored.

``account_balances`` is the one aggregation (a single pass, one dictionary update per
posting); everything else (per currency, per party pair, per kind) is read from its
result, which holds at most a few dozen accounts per agreement.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from relos.domain.ledger.accounts import MIRROR_KIND, AccountKind, AccountRef
from relos.domain.ledger.errors import Violation
from relos.domain.ledger.money import EXACT, Money
from relos.domain.ledger.transactions import Posting, Transaction


class PostingLike(Protocol):
    """Anything with an account and a signed amount (a ``Posting``, or a row a repository yields)."""

    @property
    def account(self) -> AccountRef: ...

    @property
    def amount(self) -> Money: ...


@dataclass(frozen=True, slots=True)
class Balances:
    """Balances per account (zero balances omitted), with the views settlement needs."""

    by_account: Mapping[AccountRef, Money]

    def __iter__(self) -> Iterator[tuple[AccountRef, Money]]:
        return iter(sorted(self.by_account.items()))

    def of(self, account: AccountRef) -> Money:
        return self.by_account.get(account, Money.zero(account.currency))

    def total_per_currency(self) -> dict[str, Money]:
        """The sum over all accounts per currency: zero in every currency for a sound ledger."""
        totals: dict[str, Decimal] = {}
        for acc, bal in self.by_account.items():
            totals[acc.currency] = EXACT.add(totals.get(acc.currency, Decimal(0)), bal.amount)
        return {cur: Money(total, cur) for cur, total in sorted(totals.items())}

    def for_pair(
        self, *, party: str, counterparty: str, kinds: Iterable[AccountKind] | None = None
    ) -> dict[AccountRef, Money]:
        """Balances in ``party``'s book facing ``counterparty`` (optionally of some kinds only)."""
        wanted = None if kinds is None else frozenset(kinds)
        return {
            acc: bal
            for acc, bal in sorted(self.by_account.items())
            if acc.party == party and acc.counterparty == counterparty and (wanted is None or acc.kind in wanted)
        }

    def sum_for_pair(self, *, party: str, counterparty: str, kinds: Iterable[AccountKind]) -> dict[str, Money]:
        """Per currency, the sum of ``party``'s balances of ``kinds`` facing ``counterparty``."""
        totals: dict[str, Decimal] = {}
        for acc, bal in self.for_pair(party=party, counterparty=counterparty, kinds=kinds).items():
            totals[acc.currency] = EXACT.add(totals.get(acc.currency, Decimal(0)), bal.amount)
        return {cur: Money(total, cur) for cur, total in sorted(totals.items())}


def account_balances(postings: Iterable[PostingLike]) -> Balances:
    """Aggregate postings into balances per account (one pass; exact)."""
    totals: dict[AccountRef, Decimal] = {}
    get = totals.get
    add = EXACT.add
    zero = Decimal(0)
    for p in postings:
        acc = p.account
        totals[acc] = add(get(acc, zero), p.amount.amount)
    return Balances({acc: Money(total, acc.currency) for acc, total in totals.items() if total != 0})


def postings_of(transactions: Iterable[Transaction], *, before: date | None = None) -> Iterator[Posting]:
    """The postings of ``transactions`` dated before ``before`` (half-open: that day excluded)."""
    for txn in transactions:
        if before is None or txn.date < before:
            yield from txn.postings


def balances_at(transactions: Iterable[Transaction], *, before: date | None = None) -> Balances:
    """Balances from all transactions dated before ``before`` (all of them when None)."""
    return account_balances(postings_of(transactions, before=before))


def check_mirrored(balances: Balances) -> list[Violation]:
    """Each claim in one book equals the negated liability in the other (books reconcile)."""
    found: list[Violation] = []
    seen: set[AccountRef] = set()
    for acc in sorted(balances.by_account):
        if acc.kind not in MIRROR_KIND or acc in seen:
            continue
        twin = acc.mirror()
        seen.update((acc, twin))
        mine, theirs = balances.of(acc), balances.of(twin)
        if mine.amount != -theirs.amount:
            found.append(
                Violation(
                    "books_mirror",
                    acc.key,
                    f"{acc.party} shows {mine} as {acc.kind.value}, {twin.party} shows {theirs} as {twin.kind.value}",
                )
            )
    return found
