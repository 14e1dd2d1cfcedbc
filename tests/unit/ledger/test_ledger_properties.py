"""Property-based tests of the ledger's invariants over generated histories."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from ledger_helpers import AGREEMENT, IND, RUS, TERMS

from relos.domain.ledger.balances import account_balances, check_mirrored
from relos.domain.ledger.cash import Invoice, Payment, invoice_transaction, payment_transaction
from relos.domain.ledger.money import Money, Rounding
from relos.domain.ledger.obligations import (
    InKindSatisfaction,
    ReceiptedDelivery,
    ReimbursementMethod,
    conversion_transaction,
    obligation_from_delivery,
    obligation_transaction,
    satisfaction_transaction,
)
from relos.domain.ledger.rates import ExchangeRate, RateBook, convert
from relos.domain.ledger.settlement import NettingScope, net_position
from relos.domain.ledger.transactions import Transaction, reverse, validate

CURRENCIES = ("INR", "RUB", "USD", "JPY", "BHD")
START = date(2026, 1, 1)


@dataclass(frozen=True)
class Event:
    supplier_is_ind: bool
    currency: str
    method: ReimbursementMethod
    minor: int
    day: int
    part: int  # per mille of the value satisfied in kind / invoiced
    paid: int  # per mille of the invoice paid
    convert: bool


events = st.builds(
    Event,
    supplier_is_ind=st.booleans(),
    currency=st.sampled_from(CURRENCIES),
    method=st.sampled_from(list(ReimbursementMethod)),
    minor=st.integers(min_value=1, max_value=10**12),
    day=st.integers(min_value=0, max_value=700),
    part=st.integers(min_value=0, max_value=1000),
    paid=st.integers(min_value=0, max_value=1000),
    convert=st.booleans(),
)


def history(evts: list[Event]) -> list[Transaction]:
    """Every transaction the events imply, built through the public builders."""
    txns: list[Transaction] = []
    for n, e in enumerate(evts):
        supplier, receiver = (IND, RUS) if e.supplier_is_ind else (RUS, IND)
        value = Money.from_minor(e.minor, e.currency)
        on = START + timedelta(days=e.day)
        ob = obligation_from_delivery(
            ReceiptedDelivery(f"d{n}", f"o{n}", AGREEMENT, supplier, receiver, on, value, e.method),
            obligation_id=f"ob{n}",
            terms=TERMS,
        )
        txns.append(obligation_transaction(ob, transaction_id=f"t{n}-ob"))
        part = Money.from_minor(e.minor * e.part // 1000, e.currency)
        if ob.method.in_kind:
            sats = []
            if part.is_positive():
                s = InKindSatisfaction(f"s{n}", ob.id, f"back{n}", ob.method, on + timedelta(days=30), part)
                txns.append(satisfaction_transaction(ob, s, prior=[], transaction_id=f"t{n}-sat"))
                sats.append(s)
            if e.convert and ob.due_on is not None:
                conv = conversion_transaction(ob, satisfactions=sats, on=ob.due_on, transaction_id=f"t{n}-conv")
                if conv is not None:
                    txns.append(conv)
        elif part.is_positive():
            inv = Invoice(f"i{n}", AGREEMENT, supplier, receiver, on, None, part, (ob.id,))
            txns.append(invoice_transaction(inv, accrued=value, transaction_id=f"t{n}-inv"))
            paid = Money.from_minor(part.to_minor() * e.paid // 1000, e.currency)
            if paid.is_positive():
                pay = Payment(f"p{n}", AGREEMENT, receiver, supplier, on, paid, inv.id)
                txns.append(payment_transaction(pay, invoice=inv, prior=[], transaction_id=f"t{n}-pay"))
    return txns


@settings(max_examples=60, deadline=None)
@given(st.lists(events, min_size=1, max_size=8))
def test_every_built_transaction_balances_per_currency(evts: list[Event]) -> None:
    for txn in history(evts):
        assert validate(txn) == []
        per_currency: dict[str, Decimal] = {}
        for p in txn.postings:
            per_currency[p.amount.currency] = per_currency.get(p.amount.currency, Decimal(0)) + p.amount.amount
        assert all(total == 0 for total in per_currency.values())


@settings(max_examples=60, deadline=None)
@given(st.lists(events, min_size=1, max_size=8))
def test_balances_sum_to_zero_per_currency_and_books_mirror(evts: list[Event]) -> None:
    balances = account_balances(p for t in history(evts) for p in t.postings)
    assert all(total.is_zero() for total in balances.total_per_currency().values())
    assert check_mirrored(balances) == []


@settings(max_examples=60, deadline=None)
@given(st.lists(events, min_size=1, max_size=5))
def test_reversal_exactly_cancels(evts: list[Event]) -> None:
    txns = history(evts)
    reversals = [reverse(t, id=f"rev-{t.id}", on=t.date + timedelta(days=1)) for t in txns]
    assert account_balances(p for t in [*txns, *reversals] for p in t.postings).by_account == {}


@settings(max_examples=60, deadline=None)
@given(st.lists(events, min_size=1, max_size=8), st.sampled_from(list(NettingScope)))
def test_netting_is_antisymmetric_between_the_parties(evts: list[Event], scope: NettingScope) -> None:
    balances = account_balances(p for t in history(evts) for p in t.postings)
    ind = net_position(balances, party=IND, counterparty=RUS, scope=scope)
    rus = net_position(balances, party=RUS, counterparty=IND, scope=scope)
    assert set(ind) == set(rus)
    assert all(ind[c] == -rus[c] for c in ind)


rates_st = st.lists(
    st.builds(
        ExchangeRate,
        base=st.just("RUB"),
        quote=st.just("INR"),
        rate=st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("1000"), places=4),
        source=st.sampled_from(["RBI reference rate", "CBR official rate"]),
        on=st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31)),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=100, deadline=None)
@given(
    rates_st,
    st.integers(min_value=-(10**12), max_value=10**12),
    st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 1, 1)),
)
def test_conversion_uses_the_latest_recorded_rate_on_or_before_the_date(
    recorded: list[ExchangeRate], minor: int, on: date
) -> None:
    amount = Money.from_minor(minor, "RUB")
    usable = [r for r in recorded if r.on <= on]
    book = RateBook(recorded)
    if not usable:
        return
    latest_day = max(r.on for r in usable)
    conv = convert(amount, into="INR", rates=book, on=on, rounding=Rounding.HALF_EVEN)
    assert conv.rate is not None and not conv.rate.inverted
    assert conv.rate.recorded in usable and conv.rate.recorded.on == latest_day
    expected = Money(amount.amount * conv.rate.recorded.rate, "INR").quantize(rounding=Rounding.HALF_EVEN)
    assert conv.converted == expected


@given(
    st.integers(min_value=-(10**15), max_value=10**15),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.sampled_from(CURRENCIES),
)
def test_money_arithmetic_is_exact_and_round_trips_minor_units(a: int, b: int, currency: str) -> None:
    x, y = Money.from_minor(a, currency), Money.from_minor(b, currency)
    assert (x + y) - y == x
    assert (x + y).to_minor() == a + b
    assert x.quantize(rounding=Rounding.HALF_UP) == x
