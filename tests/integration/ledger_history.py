"""Random reimbursement histories played through the use cases, and who owes whom worked out straight from the
ledger's postings (raw SQL, summed here): the oracle the settlement statement is held to.

A history is orders in both directions (India supplied by Russia at Vladivostok, Russia supplied by India at
Visakhapatnam), priced in RUB, INR or USD, reimbursed in cash or in kind; each delivered whole or in two parts,
receipted, maybe billed, paid in part or in full, a payment maybe corrected by a reversal, an in-kind debt
maybe partly returned in kind; then maybe the overdue in-kind debts converted to cash, billed and paid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import strategies as st
from sqlalchemy import text
from tests.integration.orders_helpers import (
    CREATED,
    IND_FINANCE,
    IND_RECEIVER,
    IND_SIGNER,
    REQUESTER,
    RUS_BILLING,
    RUS_LOGISTICS,
    RUS_SIGNER,
    person,
)

from relos.db.runtime import Database
from relos.domain.actor import Actor, Role
from relos.services.ledger import reimbursement
from relos.services.orders import deliveries
from relos.services.orders import lifecycle as order_service
from relos.services.orders.lifecycle import LineInput

AGREEMENT = "relos-ind-rus"
START = date(2026, 3, 2)  # the first day anything is delivered
LATER = datetime(2030, 1, 1, tzinfo=UTC)  # the clock the history is played at: every day of it has passed
RUS_REQUESTER = person("rus.requester", "RUS", Role.REQUESTER)
CURRENCIES = ("RUB", "INR", "USD")
#: Rates recorded for settlement in RUB (1 base = rate RUB) on 1 January 2026.
RATES = {"USD": Decimal("80.5"), "INR": Decimal("0.95")}


@dataclass(frozen=True)
class PaymentSpec:
    after_days: int  # after the invoice
    share: int  # percent of what is then outstanding (at least one minor unit)
    reversed_after: int | None  # days after the payment a correction reverses it


@dataclass(frozen=True)
class OrderSpec:
    ind_requests: bool
    currency: str
    method: str
    quantity: int
    price_minor: int
    receipt_day: int  # days after START
    second_part_after: int | None  # delivered in two halves, the second this many days after the first
    invoice_after: int | None  # days after the last receipt
    payments: tuple[PaymentSpec, ...] = ()
    returned_share: int | None = None  # percent of an in-kind debt returned in kind
    returned_after: int = 0


@dataclass(frozen=True)
class History:
    orders: tuple[OrderSpec, ...]
    convert_day: int | None = None  # days after START: the overdue in-kind debts become cash debts
    rebill_after: int = 0
    repay_share: int | None = None


@dataclass
class Played:
    """What the play did, for the tests to look at."""

    orders: list[str] = field(default_factory=list)
    invoices: list[dict[str, str]] = field(default_factory=list)
    last_day: date = START


def _day(offset: int) -> date:
    return START + timedelta(days=offset)


def payment_specs() -> st.SearchStrategy[PaymentSpec]:
    return st.builds(
        PaymentSpec,
        after_days=st.integers(0, 200),
        share=st.integers(1, 100),
        reversed_after=st.none() | st.integers(0, 120),
    )


def order_specs() -> st.SearchStrategy[OrderSpec]:
    return st.builds(
        OrderSpec,
        ind_requests=st.booleans(),
        currency=st.sampled_from(CURRENCIES),
        method=st.sampled_from(["cash", "cash", "replacement_in_kind", "equal_value_exchange"]),
        quantity=st.integers(1, 2000),
        price_minor=st.integers(1, 2_000_000),
        receipt_day=st.integers(0, 300),
        second_part_after=st.none() | st.integers(0, 90),
        invoice_after=st.none() | st.integers(0, 120),
        payments=st.lists(payment_specs(), max_size=3).map(tuple),
        returned_share=st.none() | st.integers(1, 100),
        returned_after=st.integers(0, 300),
    )


def histories() -> st.SearchStrategy[History]:
    return st.builds(
        History,
        orders=st.lists(order_specs(), min_size=1, max_size=5).map(tuple),
        convert_day=st.none() | st.integers(370, 520),
        rebill_after=st.integers(0, 40),
        repay_share=st.none() | st.integers(1, 100),
    )


def _officials(ind_requests: bool) -> dict[str, Actor]:
    """Who takes each step of an order in this direction (a different person for each duty)."""
    if ind_requests:
        return {
            "requester": REQUESTER,
            "supplier_logistics": RUS_LOGISTICS,
            "receiver": IND_RECEIVER,
            "supplier_finance": RUS_BILLING,
            "receiver_finance": IND_FINANCE,
        }
    return {
        "requester": RUS_REQUESTER,
        "supplier_logistics": IND_RECEIVER,
        "receiver": RUS_LOGISTICS,
        "supplier_finance": IND_FINANCE,
        "receiver_finance": RUS_BILLING,
    }


def payable(amount: Decimal, paid: list[tuple[date, Decimal, date | None]], on: date) -> Decimal:
    """The most a payment dated `on` may be, worked out here from the payments already made — (paid on, amount,
    corrected on) — so that the invoice of `amount` is overpaid on no day: on each day from `on`, a payment counts
    once dated by then and until its correction is."""
    days = {on} | {p for p, _, _ in paid if p > on}
    return min(amount - sum((a for p, a, r in paid if p <= day and (r is None or r > day)), Decimal(0)) for day in days)


def _pay(db: Database, invoice: dict[str, str], specs: tuple[PaymentSpec, ...], who: Actor, played: Played) -> None:
    """Pay `invoice` as the specs say, each a share of what may then be paid on its day (payments are dated in
    any order; the invoice is overpaid on no day); reverse those marked."""
    issued = date.fromisoformat(invoice["issued_on"])
    exponent = Decimal(invoice["amount"]).as_tuple().exponent
    places = -exponent if isinstance(exponent, int) else 0
    unit = Decimal(1).scaleb(-places)
    total = Decimal(invoice["amount"])
    paid: list[tuple[date, Decimal, date | None]] = []
    for spec in specs:
        paid_on = issued + timedelta(days=spec.after_days)
        allowed = payable(total, paid, paid_on)
        if allowed <= 0:
            continue
        amount = max(unit, (allowed * spec.share / 100).quantize(unit, rounding=ROUND_HALF_UP))
        amount = min(amount, allowed)
        pay = reimbursement.record_payment(
            db.uow(),
            actor=who,
            invoice_id=invoice["id"],
            amount=str(amount),
            currency=invoice["currency"],
            paid_on=paid_on,
            now=LATER,
        )
        played.last_day = max(played.last_day, paid_on)
        corrected: date | None = None
        if spec.reversed_after is not None:
            corrected = paid_on + timedelta(days=spec.reversed_after)
            reimbursement.reverse_payment(
                db.uow(), actor=who, payment_id=pay["id"], reason="paid to the wrong account", on=corrected, now=LATER
            )
            played.last_day = max(played.last_day, corrected)
        paid.append((paid_on, amount, corrected))


def _play_order(db: Database, spec: OrderSpec, played: Played) -> None:
    who = _officials(spec.ind_requests)
    price = Decimal(spec.price_minor).scaleb(-2)
    line = LineInput(
        "petroleum_oils_lubricants",
        "DFM-TEST",
        "Marine diesel, test lot",
        str(spec.quantity),
        "L",
        spec.method,
        unit_price=str(price),
        currency=spec.currency,
        price_reason="No list price: agreed for this test lot",
    )
    order = order_service.create_order(
        db.uow(),
        actor=who["requester"],
        agreement_id=AGREEMENT,
        requesting_unit="INS Tabar" if spec.ind_requests else "RFS Admiral Golovko",
        facility_id="RU-VVO" if spec.ind_requests else "IN-VTZ",
        lines=[line],
        now=CREATED,
    )
    oid = order["id"]
    played.orders.append(oid)
    order_service.sign_order(db.uow(), actor=IND_SIGNER, order_id=oid, now=CREATED)
    order_service.sign_order(db.uow(), actor=RUS_SIGNER, order_id=oid, now=CREATED)
    order_service.accept_order(db.uow(), actor=who["supplier_logistics"], order_id=oid)
    halves = [spec.quantity] if spec.second_part_after is None or spec.quantity < 2 else [spec.quantity // 2] * 2
    halves[-1] += spec.quantity - sum(halves)
    day = _day(spec.receipt_day)
    obligations: list[dict[str, str]] = []
    for part in halves:
        d = deliveries.record_delivery(
            db.uow(), actor=who["supplier_logistics"], order_id=oid, delivered_on=day, lines=[(1, part)], now=LATER
        )
        r = deliveries.receipt_delivery(
            db.uow(), actor=who["receiver"], order_id=oid, delivery_id=d["id"], receipted_on=day, now=LATER
        )
        obligations += r["obligations"]
        played.last_day = max(played.last_day, day)
        day += timedelta(days=spec.second_part_after or 0)
    last_receipt = played.last_day if len(halves) == 1 else day - timedelta(days=spec.second_part_after or 0)
    if spec.method != "cash" and spec.returned_share is not None:
        for ob in obligations:
            value = (Decimal(ob["value"]) * spec.returned_share / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            on = date.fromisoformat(ob["incurred_on"]) + timedelta(days=spec.returned_after)
            if value > 0 and on < date.fromisoformat(ob["due_on"]):
                deliveries.satisfy_in_kind(
                    db.uow(),
                    actor=who["receiver"],
                    obligation_id=ob["id"],
                    value=str(value),
                    currency=spec.currency,
                    satisfied_on=on,
                    delivery_ref="returned in kind, test note",
                    now=LATER,
                )
                played.last_day = max(played.last_day, on)
    if spec.invoice_after is None:
        return
    issued_on = last_receipt + timedelta(days=spec.invoice_after)
    bill = reimbursement.bill_order(
        db.uow(), actor=who["supplier_finance"], order_id=oid, issued_on=issued_on, now=LATER
    )
    played.last_day = max(played.last_day, issued_on)
    if bill["invoice"] is not None:
        played.invoices.append(dict(bill["invoice"]))  # type: ignore[arg-type]
        _pay(db, bill["invoice"], spec.payments, who["receiver_finance"], played)  # type: ignore[arg-type]


def play(db: Database, history: History) -> Played:
    """Play `history` through the use cases (at a clock after all of it); every step must be accepted."""
    played = Played()
    for spec in history.orders:
        _play_order(db, spec, played)
    if history.convert_day is None:
        return played
    on = max(_day(history.convert_day), played.last_day)
    converted = reimbursement.convert_overdue(db.uow(), actor=RUS_BILLING, on=on, agreement_id=AGREEMENT, now=LATER)
    played.last_day = on
    for oid in sorted({c["order_id"] for c in converted}):
        spec = history.orders[played.orders.index(oid)]
        who = _officials(spec.ind_requests)
        issued_on = on + timedelta(days=history.rebill_after)
        bill = reimbursement.bill_order(
            db.uow(), actor=who["supplier_finance"], order_id=oid, issued_on=issued_on, now=LATER
        )
        played.last_day = max(played.last_day, issued_on)
        if bill["invoice"] is not None:
            played.invoices.append(dict(bill["invoice"]))  # type: ignore[arg-type]
        if bill["invoice"] is not None and history.repay_share is not None:
            _pay(db, bill["invoice"], (PaymentSpec(3, history.repay_share, None),), who["receiver_finance"], played)  # type: ignore[arg-type]
    return played


def record_rates(db: Database) -> None:
    for base, rate in RATES.items():
        reimbursement.record_rate(
            db.uow(), actor=RUS_BILLING, base=base, quote="RUB", rate=str(rate), on=date(2026, 1, 1), source="test rate"
        )


CASH_KINDS = ("accrued_receivable", "receivable")
IN_KIND_KINDS = ("in_kind_receivable",)


def owed_from_postings(db: Database, *, as_of: date) -> dict[tuple[str, str], Decimal]:
    """From the raw postings dated by `as_of`, per (scope, currency) with anything owed — scope "cash" (accrued or
    invoiced) or "in_kind" — what India owes Russia (negative: Russia owes India): each party's claims on the
    other summed in its own book, then netted; the debtor's book must mirror the creditor's (checked)."""
    q = text(
        "SELECT a.party, a.kind, a.currency, SUM(p.amount_minor) FROM ledger_postings p "
        "JOIN ledger_accounts a ON a.id = p.account_id "
        "WHERE a.agreement_id = :agreement AND p.booked_on <= :as_of GROUP BY a.party, a.kind, a.currency"
    )
    sums: dict[tuple[str, str, str], int] = {}
    with db.engine.connect() as conn:
        for party, kind, currency, total in conn.execute(q, {"agreement": AGREEMENT, "as_of": as_of}):
            sums[(party, kind, currency)] = int(total)
    owed: dict[tuple[str, str], Decimal] = {}
    for scope, claims, debts in (
        ("cash", ("accrued_receivable", "receivable"), ("accrued_payable", "payable")),
        ("in_kind", ("in_kind_receivable",), ("in_kind_payable",)),
    ):
        for currency in sorted({c for _, _, c in sums}):
            rus_claims = sum(sums.get(("RUS", k, currency), 0) for k in claims)
            ind_claims = sum(sums.get(("IND", k, currency), 0) for k in claims)
            ind_debts = -sum(sums.get(("IND", k, currency), 0) for k in debts)
            rus_debts = -sum(sums.get(("RUS", k, currency), 0) for k in debts)
            assert (rus_claims, ind_claims) == (ind_debts, rus_debts), "the two books do not mirror each other"
            if rus_claims != ind_claims:
                owed[(scope, currency)] = Decimal(rus_claims - ind_claims).scaleb(-2)
    return owed
