"""The settlement statement of an agreement for a period, and the balances query.

A statement lists every order, delivery, obligation, in-kind satisfaction, conversion, invoice,
payment and ledger transaction of the period; the balances (opening, movements, closing, summed
by the database); the parties' mutual positions netted per currency and, with recorded exchange
rates, into one settlement currency; ageing, overdue and nearly-due lists; annual ceilings.
Its JSON form (this module) is what the CSV and PDF renderings (services.ledger.formats) lay out.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from relos.domain.actor import Actor
from relos.domain.errors import InvalidInput
from relos.domain.facilities.model import Facility
from relos.domain.ledger.accounts import AccountRef
from relos.domain.ledger.balances import Balances
from relos.domain.ledger.currencies import minor_units
from relos.domain.ledger.money import Money
from relos.domain.ledger.obligations import InKindSatisfaction, Obligation, obligation_status
from relos.domain.ledger.rates import RateBook
from relos.domain.orders.model import FINAL, OrderStatus, SupportOrder
from relos.domain.orders.rules import order_value
from relos.services.ledger import _open_items, results
from relos.services.ledger._parts import ceilings_json, netting_json
from relos.services.ledger.ports import ObligationLine
from relos.services.orders.common import amount_json, delivery_json, money_json, visible_agreement
from relos.services.orders.deliveries import obligation_json
from relos.services.orders.ports import OrderLabel
from relos.services.unit_of_work import UnitOfWork

#: An order in one of these is listed on every statement until it is closed or cancelled.
OPEN_STATUSES = tuple(s.value for s in OrderStatus if s not in FINAL)


def parse_period(text: str) -> tuple[date, date, str]:
    """`2026`, `2026-Q2`, `2026-03` or `2026-01-01..2026-07-01` as a half-open [start, end)."""
    t = text.strip()
    try:
        if m := re.fullmatch(r"(\d{4})", t):
            y = int(m[1])
            return date(y, 1, 1), date(y + 1, 1, 1), t
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", t, flags=re.IGNORECASE):
            y, q = int(m[1]), int(m[2])
            start = date(y, 3 * q - 2, 1)
            return start, (date(y + 1, 1, 1) if q == 4 else date(y, 3 * q + 1, 1)), t.upper()
        if m := re.fullmatch(r"(\d{4})-(\d{2})", t):
            y, mo = int(m[1]), int(m[2])
            return date(y, mo, 1), (date(y + 1, 1, 1) if mo == 12 else date(y, mo + 1, 1)), t
        if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", t):
            start, end = date.fromisoformat(m[1]), date.fromisoformat(m[2])
            if end > start:
                return start, end, t
    except ValueError:
        pass
    raise InvalidInput.of(
        "period",
        "not_period_2026_2026_q2",
        "{text!r} is not a period (2026, 2026-Q2, 2026-03, 2026-01-01..2026-07-01)",
        text=text,
    )


def balance_rows(balances: Balances) -> list[results.Balance]:
    return [
        {
            "party": acc.party,
            "account": acc.kind.value,
            "counterparty": acc.counterparty,
            "currency": acc.currency,
            "amount": str(amount.amount),
        }
        for acc, amount in balances
    ]


def ledger_balances(
    uow: UnitOfWork, *, actor: Actor, agreement_id: str | None = None, before: date | None = None
) -> list[results.AgreementBalance]:
    """Balances per agreement and account, derived from the postings by the database."""
    with uow:
        if agreement_id is not None:
            visible_agreement(uow, actor, agreement_id)
        balances = uow.ledger.balances(agreement_id=agreement_id, before=before)
        return [
            {
                "agreement_id": acc.agreement_id,
                "party": acc.party,
                "account": acc.kind.value,
                "counterparty": acc.counterparty,
                "currency": acc.currency,
                "amount": str(amount.amount),
            }
            for acc, amount in balances
            if actor.may_see((acc.party, acc.counterparty))
        ]


def order_labels(
    uow: UnitOfWork, *, actor: Actor, agreement_id: str, order_ids: Collection[str]
) -> dict[str, OrderLabel]:
    """How to name each of `order_ids` that is an order of the agreement (seen by `actor`): its reference, its
    title and what a title RELOS made is made of."""
    with uow:
        visible_agreement(uow, actor, agreement_id)
        return uow.orders.labels(agreement_id, [i for i in order_ids if i])


def _order_row(order: SupportOrder, facilities: dict[str, Facility]) -> results.StatementOrder:
    place = facilities.get(order.facility_id)
    return {
        "id": order.id,
        "status": order.status.value,
        "version": order.version,
        "requesting_party": order.requesting_party,
        "requesting_unit": order.requesting_unit,
        "supplying_party": order.supplying_party,
        "facility_id": order.facility_id,
        "facility_name": place.name_en if place else order.facility_id,
        "facility_name_ru": (place.russian_name or place.name_en) if place else order.facility_id,
        "deployment_id": order.deployment_id,
        "created_on": order.created_at.date().isoformat(),
        "value": {cur: str(m.amount) for cur, m in order_value(order).items()},
        "price_departures": [
            {
                "line_no": ln.line_no,
                "item_code": ln.item_code,
                "price": amount_json(ln.unit_price),
                "list_price": money_json(ln.list_price),
                "reason": ln.price_reason,
            }
            for ln in order.lines
            if ln.departs_from_list
        ],
    }


def minor_text(minor: int, currency: str) -> str:
    """An amount in minor units as decimal text in its currency's units: (1250, "INR") -> "12.50"."""
    exponent = _EXPONENTS.get(currency)
    if exponent is None:
        exponent = _EXPONENTS[currency] = -minor_units(currency)
    return str(Decimal(minor).scaleb(exponent))


_EXPONENTS: dict[str, int] = {}


def _sum_balances(a: Balances, b: Balances) -> Balances:
    total: dict[AccountRef, Money] = dict(a.by_account)
    for acc, m in b.by_account.items():
        total[acc] = total[acc] + m if acc in total else m
    return Balances({acc: m for acc, m in total.items() if not m.is_zero()})


def ledger_statement(
    uow: UnitOfWork,
    *,
    actor: Actor,
    agreement_id: str,
    period: str,
    settlement_currency: str | None = None,
    today: date | None = None,
    orders_limit: int | None = None,
) -> results.Statement:
    """Everything of `agreement_id` in `period`, netted, converted, aged (see the module docstring).
    `orders_limit`: list only the first that many orders (the screen's page; `orders_total` counts them all)."""
    start, end, label = parse_period(period)
    issued_on = today or date.today()
    as_of = min(end - timedelta(days=1), issued_on)
    with uow:
        stored, terms = visible_agreement(uow, actor, agreement_id)
        a, b = stored.agreement.parties
        opening, movements = uow.ledger.period_balances(agreement_id=agreement_id, start=start, end=end)
        closing = _sum_balances(opening, movements)
        at_day = (
            closing
            if as_of + timedelta(days=1) >= end
            else uow.ledger.balances(agreement_id=agreement_id, before=as_of + timedelta(days=1))
        )
        deliveries = uow.orders.deliveries(agreement_id=agreement_id, start=start, end=end)
        obligations = uow.claims.period_obligations(agreement_id=agreement_id, start=start, end=end)
        open_in_kind = uow.claims.open_in_kind(agreement_id=agreement_id, as_of=as_of)
        listed = {ob.id for ob in obligations}
        older_in_kind = [ob for ob, _ in open_in_kind if ob.id not in listed]
        in_kind = [uow.claims.get_obligation(ob.id) for ob in obligations if ob.method != "cash"] + older_in_kind
        in_kind_ids = [ob.id for ob in in_kind if ob is not None]
        satisfied = uow.claims.satisfactions(in_kind_ids)
        converted = uow.claims.conversions(in_kind_ids)
        invoices = uow.claims.period_invoices(agreement_id=agreement_id, start=start, end=end, as_of=as_of)
        payments = uow.claims.period_payments(agreement_id=agreement_id, start=start, end=end, as_of=as_of)
        satisfactions = uow.claims.period_satisfactions(agreement_id=agreement_id, start=start, end=end)
        conversions = uow.claims.period_conversions(agreement_id=agreement_id, start=start, end=end)
        converted_currency = {k: _currency_of(uow.claims.get_obligation(k)) for k in conversions}
        counts = uow.ledger.transaction_counts(agreement_id=agreement_id, start=start, end=end)
        orders, orders_total = uow.orders.statement_orders(
            agreement_id=agreement_id, start=start, end=end, open_statuses=OPEN_STATUSES, limit=orders_limit
        )
        facilities = uow.facilities.get_many({o.facility_id for o in orders})
        ceilings = ceilings_json(uow, terms, agreement_id, start, end, (a, b))
        rates = RateBook(uow.ledger.rates())
        cash_items, in_kind_items, items = _open_items.open_items_at(uow, at_day, as_of, invoices, open_in_kind)
    by_ob: dict[str, list[InKindSatisfaction]] = {}
    for s_ in satisfied:
        if s_.satisfied_on <= as_of:  # where each stands on the statement's day, as the ledger says
            by_ob.setdefault(s_.obligation_id, []).append(s_)
    status = {
        ob.id: obligation_status(
            ob,
            satisfactions=by_ob.get(ob.id, []),
            converted=ob.id in converted and converted[ob.id][0] <= as_of,
            as_of=as_of,
        ).value
        for ob in in_kind
        if ob is not None
    }
    return {
        "agreement": {
            "id": agreement_id,
            "short_name": stored.agreement.short_name,
            "title": stored.agreement.title,
            "title_ru": stored.agreement.title_ru,
            "parties": [a, b],
        },
        "period": {"label": label, "start": start.isoformat(), "end": end.isoformat()},
        "issued_on": issued_on.isoformat(),
        "as_of": as_of.isoformat(),
        "owing": _open_items.owing_json(at_day, a, b),
        "discrepancies": _open_items.discrepancies(at_day, a, b, cash=cash_items, in_kind=in_kind_items),
        "orders": [_order_row(o, facilities) for o in orders],
        "orders_total": orders_total,
        "deliveries": [delivery_json(d, r) for d, r in deliveries],
        "obligations": [_obligation_row(ob, status) for ob in obligations]
        + [{**obligation_json(ob), "status": status.get(ob.id, "open")} for ob in older_in_kind],
        "satisfactions": [
            {
                "id": s_.id,
                "obligation_id": s_.obligation_id,
                "method": s_.method.value,
                "satisfied_on": s_.satisfied_on.isoformat(),
                "value": str(s_.value.amount),
                "currency": s_.value.currency,
                "delivery_ref": s_.delivery_id,
            }
            for s_ in satisfactions
        ],
        "conversions": [
            {
                "obligation_id": k,
                "converted_on": on.isoformat(),
                "amount_minor": minor,
                "amount": minor_text(minor, converted_currency[k]),
                "currency": converted_currency[k],
            }
            for k, (on, minor) in sorted(conversions.items(), key=lambda kv: (kv[1][0], kv[0]))
        ],
        "invoices": [
            {
                "id": inv.id,
                "order_id": inv.order_id,
                "creditor": inv.creditor,
                "debtor": inv.debtor,
                "issued_on": inv.issued_on.isoformat(),
                "due_on": inv.due_on.isoformat() if inv.due_on else None,
                "amount": minor_text(inv.amount_minor, inv.currency),
                "currency": inv.currency,
                "outstanding": minor_text(inv.amount_minor - inv.paid_minor, inv.currency),
            }
            for inv in invoices
        ],
        "payments": [
            {
                "id": p_.id,
                "invoice_id": p_.invoice_id,
                "payer": p_.payer,
                "payee": p_.payee,
                "paid_on": p_.paid_on.isoformat(),
                "amount": minor_text(p_.amount_minor, p_.currency),
                "currency": p_.currency,
                "reversed": p_.reversed,
            }
            for p_ in payments
        ],
        "transactions": [{"kind": kind, "count": n} for kind, n in sorted(counts.items())],
        "balances": {
            "opening": balance_rows(opening),
            "movements": balance_rows(movements),
            "closing": balance_rows(closing),
        },
        "netting": netting_json(
            at_day, a, b, settlement_currency or _agreed_currency(stored.agreement.document), rates, as_of
        ),
        **_open_items.aged_json(items, as_of),
        "ceilings": ceilings,
        "in_kind_period_months": terms.in_kind_months,
        "in_kind_period_stated": terms.in_kind_months_stated,
    }


def _obligation_row(ob: ObligationLine, status: dict[str, str]) -> results.StatementObligation:
    return {
        "id": ob.id,
        "order_id": ob.order_id,
        "delivery_id": ob.delivery_id,
        "creditor": ob.creditor,
        "debtor": ob.debtor,
        "method": ob.method,
        "value": minor_text(ob.value_minor, ob.currency),
        "currency": ob.currency,
        "incurred_on": ob.incurred_on.isoformat(),
        "due_on": ob.due_on.isoformat() if ob.due_on else None,
        "status": status.get(ob.id, "cash"),
    }


def _currency_of(ob: Obligation | None) -> str:
    if ob is None:  # a conversion's obligation is stored with it (foreign key): this cannot happen
        raise LookupError("a conversion without its obligation")
    return ob.value.currency


def _agreed_currency(document: Any) -> str | None:
    value = (document.get("reimbursement") or {}).get("settlement_currency")
    return str(value) if value else None
