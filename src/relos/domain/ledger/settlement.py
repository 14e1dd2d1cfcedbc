"""Settlement: net the two parties' mutual balances, then convert to one currency.

``net_position(balances, party=A, counterparty=B)`` is, per currency, what B owes A
after netting A's claims on B against A's liabilities to B, read from A's book; a
positive amount is owed to A. ``settle`` converts such a position into one settlement
currency with recorded rates, one ``Conversion`` per currency so the statement shows
every rate with its source and date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from relos.domain.ledger.accounts import CASH_POSITION_KINDS, IN_KIND_POSITION_KINDS, AccountKind
from relos.domain.ledger.balances import Balances
from relos.domain.ledger.money import Money, Rounding, money_sum
from relos.domain.ledger.rates import Conversion, RateBook, convert


class NettingScope(StrEnum):
    CASH = "cash"  # accrued and billed cash claims and liabilities
    IN_KIND = "in_kind"  # open RIK/EVE claims and liabilities
    ALL = "all"  # both


_SCOPE_KINDS: dict[NettingScope, frozenset[AccountKind]] = {
    NettingScope.CASH: CASH_POSITION_KINDS,
    NettingScope.IN_KIND: IN_KIND_POSITION_KINDS,
    NettingScope.ALL: CASH_POSITION_KINDS | IN_KIND_POSITION_KINDS,
}


def net_position(
    balances: Balances, *, party: str, counterparty: str, scope: NettingScope = NettingScope.CASH
) -> dict[str, Money]:
    """Per currency, what ``counterparty`` owes ``party`` net (negative: ``party`` owes)."""
    return balances.sum_for_pair(party=party, counterparty=counterparty, kinds=_SCOPE_KINDS[scope])


@dataclass(frozen=True, slots=True)
class Owing:
    """``debtor`` owes ``creditor`` ``amount`` (positive), in the amount's currency."""

    debtor: str
    creditor: str
    amount: Money


def owing(position: Mapping[str, Money], *, party: str, counterparty: str) -> list[Owing]:
    """A net position (per currency, what ``counterparty`` owes ``party``; negative: ``party`` owes) said as who
    owes whom how much, one line per currency with anything owed."""
    return [
        Owing(counterparty, party, amount) if amount.is_positive() else Owing(party, counterparty, -amount)
        for _, amount in sorted(position.items())
        if not amount.is_zero()
    ]


@dataclass(frozen=True, slots=True)
class Settlement:
    """A net position in one settlement currency: positive means the counterparty pays the party."""

    party: str
    counterparty: str
    on: date
    amount: Money
    conversions: tuple[Conversion, ...]

    @property
    def payer(self) -> str | None:
        if self.amount.is_zero():
            return None
        return self.counterparty if self.amount.is_positive() else self.party


def settle(
    position: Mapping[str, Money],
    *,
    party: str,
    counterparty: str,
    into: str,
    rates: RateBook,
    on: date,
    rounding: Rounding,
) -> Settlement:
    """Convert a per-currency net position into ``into`` with the rates recorded for ``on``.

    Each currency is converted and quantized on its own (as a statement lists them), then
    summed; a missing rate raises ``MissingRateError`` naming the pair.
    """
    conversions = tuple(
        convert(amount, into=into, rates=rates, on=on, rounding=rounding)
        for _, amount in sorted(position.items())
        if not amount.is_zero()
    )
    total = money_sum([c.converted for c in conversions], currency=into)
    return Settlement(party=party, counterparty=counterparty, on=on, amount=total, conversions=conversions)


def parties_of(balances: Balances) -> Iterable[tuple[str, str]]:
    """Every (party, counterparty) pair that has a balance."""
    return sorted({(acc.party, acc.counterparty) for acc in balances.by_account})
