"""Annual value ceilings: a cap on the value of support a party may receive in a year.

Where an agreement sets one, a new obligation is checked against the sum of the
obligations the same debtor already incurred in the same agreement year. The year
starts on a given month (1: calendar year; 4: India's April-March financial year).
Obligations in other currencies are converted with recorded rates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from relos.domain.ledger.accounts import check_party
from relos.domain.ledger.errors import CeilingError, Violation
from relos.domain.ledger.money import Money, Rounding, money_sum
from relos.domain.ledger.obligations import Obligation
from relos.domain.ledger.rates import RateBook, convert


@dataclass(frozen=True, slots=True)
class AnnualCeiling:
    """At most ``limit`` of support to ``debtor`` per agreement year (None: to each party, separately)."""

    agreement_id: str
    limit: Money
    debtor: str | None = None
    year_starts_month: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.year_starts_month <= 12:
            raise CeilingError("must be a month number 1-12", field="year_starts_month")
        if not self.limit.is_positive():
            raise CeilingError(f"must be positive, got {self.limit}", field="limit")
        if self.debtor is not None:
            check_party(self.debtor, field="debtor")

    def year_of(self, day: date) -> tuple[date, date]:
        """The half-open agreement year [start, end) that contains ``day``."""
        year = day.year if day.month >= self.year_starts_month else day.year - 1
        return date(year, self.year_starts_month, 1), date(year + 1, self.year_starts_month, 1)

    def applies_to(self, ob: Obligation) -> bool:
        return ob.agreement_id == self.agreement_id and (self.debtor is None or ob.debtor == self.debtor)


@dataclass(frozen=True, slots=True)
class CeilingUse:
    year_start: date
    year_end: date
    used: Money  # before the new obligation
    after: Money  # with it
    limit: Money

    @property
    def exceeded(self) -> bool:
        return self.after > self.limit


def ceiling_use(
    new: Obligation,
    *,
    existing: Iterable[Obligation],
    ceiling: AnnualCeiling,
    rates: RateBook | None = None,
    rounding: Rounding = Rounding.HALF_UP,
) -> CeilingUse:
    """How much of the year's ceiling is used before and with ``new``."""
    start, end = ceiling.year_of(new.incurred_on)
    into = ceiling.limit.currency

    def value(ob: Obligation) -> Money:
        if ob.value.currency == into:
            return ob.value
        if rates is None:
            raise CeilingError(
                f"obligation {ob.id} is in {ob.value.currency}, the ceiling in {into}; rates are needed",
                field="rates",
            )
        return convert(ob.value, into=into, rates=rates, on=ob.incurred_on, rounding=rounding).converted

    counted = [
        value(ob)
        for ob in existing
        if ob.id != new.id and ceiling.applies_to(ob) and ob.debtor == new.debtor and start <= ob.incurred_on < end
    ]
    used = money_sum(counted, currency=into)
    return CeilingUse(start, end, used, used + value(new), ceiling.limit)


def check_annual_ceiling(
    new: Obligation,
    *,
    existing: Iterable[Obligation],
    ceilings: Iterable[AnnualCeiling],
    rates: RateBook | None = None,
) -> list[Violation]:
    """One violation per ceiling that ``new`` would take past its limit."""
    found: list[Violation] = []
    for ceiling in ceilings:
        if not ceiling.applies_to(new):
            continue
        use = ceiling_use(new, existing=existing, ceiling=ceiling, rates=rates)
        if use.exceeded:
            found.append(
                Violation(
                    "annual_ceiling",
                    "value",
                    f"{new.debtor} would receive {use.after} in the year from {use.year_start}, "
                    f"over the ceiling of {use.limit} ({use.used} used before)",
                )
            )
    return found
