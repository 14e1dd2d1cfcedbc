"""Netting of mutual balances and conversion to one settlement currency with recorded rates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from ledger_helpers import IND, RUS, acc, inr, obligation, rub

from relos.domain.ledger.accounts import AccountKind
from relos.domain.ledger.balances import account_balances
from relos.domain.ledger.errors import LedgerError, MissingRateError
from relos.domain.ledger.money import Money, Rounding
from relos.domain.ledger.obligations import ReimbursementMethod, obligation_transaction
from relos.domain.ledger.rates import ExchangeRate, RateBook, convert
from relos.domain.ledger.settlement import NettingScope, net_position, settle
from relos.domain.ledger.transactions import Posting

ON = date(2026, 6, 30)
RBI = "RBI reference rate"


def rate(base: str, quote: str, value: str, on: date = date(2026, 6, 29)) -> ExchangeRate:
    return ExchangeRate(base=base, quote=quote, rate=Decimal(value), source=RBI, on=on)


def mutual_ledger() -> list[Posting]:
    """IND supplied RUS 1000 INR (cash) and 50 RUB (cash); RUS supplied IND 300 INR (cash), 80 INR in kind."""
    obs = [
        obligation(value=inr("1000.00"), method=ReimbursementMethod.CASH, obligation_id="a"),
        obligation(value=rub("50.00"), method=ReimbursementMethod.CASH, obligation_id="b"),
        obligation(
            value=inr("300.00"),
            method=ReimbursementMethod.CASH,
            obligation_id="c",
            supplier=RUS,
            receiver=IND,
        ),
        obligation(value=inr("80.00"), obligation_id="d", supplier=RUS, receiver=IND),
    ]
    return [p for ob in obs for p in obligation_transaction(ob, transaction_id=f"t-{ob.id}").postings]


def test_netting_gives_one_amount_per_currency() -> None:
    b = account_balances(mutual_ledger())
    assert net_position(b, party=IND, counterparty=RUS) == {"INR": inr("700.00"), "RUB": rub("50.00")}
    assert net_position(b, party=RUS, counterparty=IND) == {"INR": inr("-700.00"), "RUB": rub("-50.00")}


def test_in_kind_claims_are_netted_only_when_asked() -> None:
    b = account_balances(mutual_ledger())
    assert net_position(b, party=IND, counterparty=RUS, scope=NettingScope.IN_KIND) == {"INR": inr("-80.00")}
    assert net_position(b, party=IND, counterparty=RUS, scope=NettingScope.ALL)["INR"] == inr("620.00")


def test_settlement_converts_with_the_recorded_rate_and_shows_it() -> None:
    b = account_balances(mutual_ledger())
    rates = RateBook([rate("RUB", "INR", "0.95"), rate("RUB", "INR", "1.10", on=date(2026, 1, 1))])
    s = settle(
        net_position(b, party=IND, counterparty=RUS),
        party=IND,
        counterparty=RUS,
        into="INR",
        rates=rates,
        on=ON,
        rounding=Rounding.HALF_UP,
    )
    assert s.amount == inr("747.50")
    assert s.payer == RUS
    (_, rub_line) = s.conversions
    assert rub_line.rate is not None and rub_line.rate.recorded.rate == Decimal("0.95")
    assert rub_line.rate.recorded.source == RBI


def test_missing_rate_is_a_clear_error_naming_the_pair() -> None:
    with pytest.raises(MissingRateError) as err:
        convert(
            rub("10"),
            into="USD",
            rates=RateBook([rate("RUB", "INR", "0.95")]),
            on=ON,
            rounding=Rounding.HALF_UP,
        )
    assert err.value.field == "rates.RUB/USD"
    assert "2026-06-30" in str(err.value)


def test_rates_recorded_after_the_date_are_not_used() -> None:
    with pytest.raises(MissingRateError):
        convert(
            rub("10"),
            into="INR",
            rates=RateBook([rate("RUB", "INR", "1", on=date(2026, 7, 1))]),
            on=ON,
            rounding=Rounding.HALF_UP,
        )


def test_stale_rates_are_refused_when_a_maximum_age_is_set() -> None:
    book = RateBook([rate("RUB", "INR", "1", on=date(2026, 1, 1))], max_age_days=7)
    with pytest.raises(MissingRateError, match="within 7 days"):
        book.lookup(base="RUB", quote="INR", on=ON)


def test_inverse_rate_is_used_and_marked_inverted() -> None:
    c = convert(
        inr("100.00"),
        into="USD",
        rates=RateBook([rate("USD", "INR", "83.00")]),
        on=ON,
        rounding=Rounding.HALF_UP,
    )
    assert c.converted == Money.of("1.20", "USD")
    assert c.rate is not None and c.rate.inverted


def test_conversion_to_zero_decimal_currency_quantizes_to_whole_units() -> None:
    c = convert(
        Money.of("10.00", "USD"),
        into="JPY",
        rates=RateBook([rate("USD", "JPY", "151.37")]),
        on=ON,
        rounding=Rounding.HALF_EVEN,
    )
    assert c.converted == Money.of("1514", "JPY")


def test_rate_needs_a_source_and_a_positive_value() -> None:
    with pytest.raises(LedgerError) as err:
        ExchangeRate(base="USD", quote="INR", rate=Decimal("83"), source=" ", on=ON)
    assert err.value.field == "rate.source"
    with pytest.raises(LedgerError) as err:
        ExchangeRate(base="USD", quote="INR", rate=Decimal("0"), source=RBI, on=ON)
    assert err.value.field == "rate.rate"


def test_balances_per_pair_read_one_book() -> None:
    b = account_balances(mutual_ledger())
    pair = b.for_pair(party=RUS, counterparty=IND, kinds=[AccountKind.ACCRUED_RECEIVABLE])
    assert pair == {acc(RUS, AccountKind.ACCRUED_RECEIVABLE): inr("300.00")}
