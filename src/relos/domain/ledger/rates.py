"""Recorded exchange rates (rate, source, date) and the look-up settlement uses.

Only recorded rates are used: the latest rate for the pair dated on or before the
conversion date, or the latest recorded for the inverse pair (then divided, and said so).
No rate for the pair is a ``MissingRateError`` naming the pair and date.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from relos.domain.errors import Said
from relos.domain.ledger.currencies import check_currency
from relos.domain.ledger.errors import LedgerError, MissingRateError
from relos.domain.ledger.money import Money, Rounding

# Division for inverse rates: wide, rounded half-even, the result is quantized afterwards.
_DIVISION = decimal.Context(prec=40, rounding=decimal.ROUND_HALF_EVEN, traps=[decimal.DivisionByZero])


@dataclass(frozen=True, slots=True)
class ExchangeRate:
    """1 ``base`` = ``rate`` ``quote``, as published by ``source`` for ``on``."""

    base: str
    quote: str
    rate: Decimal
    source: str
    on: date

    def __post_init__(self) -> None:
        check_currency(self.base, field="rate.base")
        check_currency(self.quote, field="rate.quote")
        if self.base == self.quote:
            raise LedgerError(
                Said.of(
                    "rate_needs_two_currencies_got", "a rate needs two currencies, got {base} twice", base=self.base
                ),
                field="rate.quote",
            )
        if not isinstance(self.rate, Decimal) or not self.rate.is_finite() or self.rate <= 0:
            raise LedgerError(
                Said.of(
                    "rate_must_positive_decimal_got", "a rate must be a positive Decimal, got {rate!r}", rate=self.rate
                ),
                field="rate.rate",
            )
        if not self.source.strip():
            raise LedgerError(
                Said.of("rate_needs_source_e_g", "a rate needs its source (e.g. 'RBI reference rate')"),
                field="rate.source",
            )


@dataclass(frozen=True, slots=True)
class AppliedRate:
    """The recorded rate used for one conversion, and whether it was inverted."""

    recorded: ExchangeRate
    inverted: bool

    @property
    def factor(self) -> Decimal:
        """Multiply an amount in the from-currency by this to get the to-currency."""
        return _DIVISION.divide(Decimal(1), self.recorded.rate) if self.inverted else self.recorded.rate


class RateBook:
    """Recorded rates, looked up by pair and date."""

    def __init__(self, rates: Iterable[ExchangeRate], *, max_age_days: int | None = None) -> None:
        self._by_pair: dict[tuple[str, str], list[ExchangeRate]] = {}
        for r in rates:
            self._by_pair.setdefault((r.base, r.quote), []).append(r)
        for series in self._by_pair.values():
            series.sort(key=lambda r: r.on)
        self.max_age_days = max_age_days

    def _latest(self, base: str, quote: str, on: date) -> ExchangeRate | None:
        best: ExchangeRate | None = None
        for r in self._by_pair.get((base, quote), ()):
            if r.on > on:
                break
            best = r
        if best is not None and self.max_age_days is not None and on - best.on > timedelta(days=self.max_age_days):
            return None
        return best

    def lookup(self, *, base: str, quote: str, on: date) -> AppliedRate:
        """The rate to convert ``base`` into ``quote`` on ``on``; raises when none is recorded."""
        direct = self._latest(base, quote, on)
        inverse = self._latest(quote, base, on)
        if direct is not None and (inverse is None or direct.on >= inverse.on):
            return AppliedRate(direct, inverted=False)
        if inverse is not None:
            return AppliedRate(inverse, inverted=True)
        age = "" if self.max_age_days is None else f" within {self.max_age_days} days"
        raise MissingRateError(
            Said.of(
                "no_exchange_rate_recorded_before",
                "no exchange rate {base}->{quote} (or {quote}->{base}) recorded on or before {on}{age}",
                base=base,
                quote=quote,
                on=on,
                age=age,
            ),
            field=f"rates.{base}/{quote}",
        )


@dataclass(frozen=True, slots=True)
class Conversion:
    """One amount converted to the settlement currency with a recorded rate."""

    original: Money
    converted: Money
    rate: AppliedRate | None  # None when no conversion was needed


def convert(amount: Money, *, into: str, rates: RateBook, on: date, rounding: Rounding) -> Conversion:
    """Convert ``amount`` into ``into`` with the recorded rate, quantized by ``rounding``."""
    check_currency(into, field="settlement_currency")
    if amount.currency == into:
        return Conversion(amount, amount, None)
    applied = rates.lookup(base=amount.currency, quote=into, on=on)
    if applied.inverted:  # divide once rather than multiply by a rounded reciprocal
        raw = _DIVISION.divide(amount.amount, applied.recorded.rate)
    else:
        raw = _DIVISION.multiply(amount.amount, applied.recorded.rate)
    return Conversion(amount, Money(raw, into).quantize(rounding=rounding), applied)
