"""Parts of the settlement statement: the netted position (per currency and in one settlement
currency, with every recorded rate used) and the use of the agreement's annual ceilings."""

from __future__ import annotations

from datetime import date

from relos.domain.ledger.balances import Balances
from relos.domain.ledger.errors import LedgerError, MissingRateError
from relos.domain.ledger.money import DEFAULT_ROUNDING, Money
from relos.domain.ledger.rates import RateBook, convert
from relos.domain.ledger.settlement import NettingScope, net_position, settle
from relos.domain.orders.terms import OrderTerms
from relos.services.ledger import results
from relos.services.unit_of_work import UnitOfWork


def netting_json(closing: Balances, a: str, b: str, currency: str | None, rates: RateBook, on: date) -> results.Netting:
    cash = net_position(closing, party=a, counterparty=b, scope=NettingScope.CASH)
    in_kind = net_position(closing, party=a, counterparty=b, scope=NettingScope.IN_KIND)
    return {
        "party": a,
        "counterparty": b,
        "cash_per_currency": {cur: str(m.amount) for cur, m in cash.items()},
        "in_kind_per_currency": {cur: str(m.amount) for cur, m in in_kind.items()},
        "note": f"positive: {b} owes {a}; negative: {a} owes {b}",
        "settlement": _settlement(cash, a, b, currency, rates, on),
    }


def _settlement(
    cash: dict[str, Money], a: str, b: str, currency: str | None, rates: RateBook, on: date
) -> results.Settlement | results.SettlementFailure | None:
    """The net cash position settled in `currency` (else the first one owed in), or why it cannot be."""
    into = currency or (sorted(cash)[0] if cash else None)
    if into is None:
        return None
    try:
        s = settle(cash, party=a, counterparty=b, into=into, rates=rates, on=on, rounding=DEFAULT_ROUNDING)
    except LedgerError as exc:
        pair = exc.field.removeprefix("rates.") if isinstance(exc, MissingRateError) else None
        return {"currency": into, "error": f"{exc.field}: {exc.message}", "pair": pair}
    return {
        "currency": into,
        "amount": str(s.amount.amount),
        "payer": s.payer,
        "on": on.isoformat(),
        "conversions": [
            {
                "from": str(c.original.amount),
                "from_currency": c.original.currency,
                "to": str(c.converted.amount),
                "rate": str(c.rate.recorded.rate) if c.rate else "1",
                "pair": f"{c.rate.recorded.base}/{c.rate.recorded.quote}" if c.rate else None,
                "inverted": c.rate.inverted if c.rate else False,
                "rate_source": c.rate.recorded.source if c.rate else None,
                "rate_date": c.rate.recorded.on.isoformat() if c.rate else None,
            }
            for c in s.conversions
        ],
    }


def ceilings_json(
    uow: UnitOfWork, terms: OrderTerms, agreement_id: str, start: date, end: date, parties: tuple[str, str]
) -> list[results.CeilingUse]:
    """Use of the agreement's annual ceiling in every agreement year the period touches."""
    ceiling = terms.ceiling
    if ceiling is None:
        return []
    rates = RateBook(uow.ledger.rates())
    rows: list[results.CeilingUse] = []
    m = ceiling.year_starts_month
    year = start.year if start.month >= m else start.year - 1
    while date(year, m, 1) < end:
        y0, y1 = date(year, m, 1), date(year + 1, m, 1)
        sums = uow.claims.obligation_sums(agreement_id=agreement_id, start=y0, end=y1)
        for debtor in [ceiling.debtor] if ceiling.debtor else list(parties):
            used = Money.zero(ceiling.limit.currency)
            error = None
            for who, cur, on, minor in sums:
                if who != debtor:
                    continue
                try:
                    value = Money.from_minor(minor, cur)
                    used = (
                        used
                        + convert(value, into=used.currency, rates=rates, on=on, rounding=DEFAULT_ROUNDING).converted
                    )
                except LedgerError as exc:
                    error = exc.message
            rows.append(
                {
                    "debtor": debtor,
                    "year_start": y0.isoformat(),
                    "year_end": y1.isoformat(),
                    "used": str(used.amount),
                    "limit": str(ceiling.limit.amount),
                    "currency": ceiling.limit.currency,
                    "exceeded": used > ceiling.limit,
                    "error": error,
                }
            )
        year += 1
    return rows
