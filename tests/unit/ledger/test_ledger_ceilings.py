"""Annual value ceilings an agreement may set."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from ledger_helpers import AGREEMENT, IND, RUS, inr, obligation, rub

from relos.domain.ledger.ceilings import AnnualCeiling, ceiling_use, check_annual_ceiling
from relos.domain.ledger.errors import CeilingError, MissingRateError
from relos.domain.ledger.rates import ExchangeRate, RateBook

CEILING = AnnualCeiling(agreement_id=AGREEMENT, limit=inr("1000.00"), debtor=RUS)


def test_rejects_obligation_that_would_exceed_the_years_ceiling() -> None:
    existing = [obligation(value=inr("700.00"), obligation_id="a", on=date(2026, 3, 1))]
    new = obligation(value=inr("300.01"), obligation_id="b", on=date(2026, 9, 1))
    (v,) = check_annual_ceiling(new, existing=existing, ceilings=[CEILING])
    assert v.rule == "annual_ceiling" and "1000.00 INR" in v.message


def test_accepts_obligation_that_reaches_the_ceiling_exactly() -> None:
    existing = [obligation(value=inr("700.00"), obligation_id="a", on=date(2026, 3, 1))]
    new = obligation(value=inr("300.00"), obligation_id="b", on=date(2026, 9, 1))
    assert check_annual_ceiling(new, existing=existing, ceilings=[CEILING]) == []


def test_ceiling_counts_only_the_same_year_and_debtor() -> None:
    existing = [
        obligation(value=inr("900.00"), obligation_id="last-year", on=date(2025, 12, 31)),
        obligation(value=inr("900.00"), obligation_id="other-debtor", supplier=RUS, receiver=IND, on=date(2026, 2, 1)),
    ]
    new = obligation(value=inr("999.00"), obligation_id="b", on=date(2026, 1, 1))
    assert check_annual_ceiling(new, existing=existing, ceilings=[CEILING]) == []


def test_financial_year_starting_in_april() -> None:
    fy = AnnualCeiling(agreement_id=AGREEMENT, limit=inr("1000"), year_starts_month=4)
    assert fy.year_of(date(2026, 3, 31)) == (date(2025, 4, 1), date(2026, 4, 1))
    assert fy.year_of(date(2026, 4, 1)) == (date(2026, 4, 1), date(2027, 4, 1))


def test_ceiling_converts_other_currencies_with_recorded_rates() -> None:
    existing = [obligation(value=rub("100.00"), obligation_id="a", on=date(2026, 3, 1))]
    new = obligation(value=inr("950.00"), obligation_id="b", on=date(2026, 9, 1))
    with pytest.raises(CeilingError):
        ceiling_use(new, existing=existing, ceiling=CEILING)
    with pytest.raises(MissingRateError):
        ceiling_use(new, existing=existing, ceiling=CEILING, rates=RateBook([]))
    rates = RateBook([ExchangeRate("RUB", "INR", Decimal("0.95"), "RBI reference rate", date(2026, 3, 1))])
    use = ceiling_use(new, existing=existing, ceiling=CEILING, rates=rates)
    assert use.used == inr("95.00") and use.exceeded


def test_ceiling_needs_a_positive_limit_and_a_real_month() -> None:
    with pytest.raises(CeilingError) as err:
        AnnualCeiling(agreement_id=AGREEMENT, limit=inr("0"))
    assert err.value.field == "limit"
    with pytest.raises(CeilingError) as err:
        AnnualCeiling(agreement_id=AGREEMENT, limit=inr("1"), year_starts_month=13)
    assert err.value.field == "year_starts_month"
