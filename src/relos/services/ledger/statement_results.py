"""What the settlement statement of an agreement is made of (the convention of relos.services.results): the
agreement and period it is of, the orders, obligations, satisfactions, conversions, invoices and payments of the
period, balances, netting and settlement, ageing and open items, who owes whom, discrepancies and ceilings.

Days are ISO 8601 texts and amounts decimal texts in the currency's units (a conversion gives `amount_minor`, an
integer of minor units). Keys that are not Python names (`from`, `0-30`) are declared in the functional form of
``TypedDict``. The names are re-exported by relos.services.ledger.results.
"""

from __future__ import annotations

from typing_extensions import TypedDict

from relos.services.ledger.billing_results import Balance
from relos.services.orders.results import Amount, Delivery, Obligation
from relos.services.results import record


@record
class StatementAgreement(TypedDict):
    """The agreement a statement is of: its id, short name, title (English and Russian; empty when not held)
    and parties."""

    id: str
    short_name: str
    title: str
    title_ru: str
    parties: list[str]


@record
class StatementPeriod(TypedDict):
    """A statement's period as asked for, and the half-open range of days [start, end) it covers."""

    label: str
    start: str
    end: str


@record
class PriceDeparture(TypedDict):
    """An order line whose price departs from the price list: both prices and the reason given."""

    line_no: int
    item_code: str
    price: Amount
    list_price: Amount | None
    reason: str


@record
class StatementOrder(TypedDict):
    """An order as a statement lists it: parties, the facility (its name in English, and in Russian where the
    reference data has one, else in English), status, value per currency and departures from list prices."""

    id: str
    status: str
    version: int
    requesting_party: str
    requesting_unit: str
    supplying_party: str
    facility_id: str
    facility_name: str
    facility_name_ru: str
    deployment_id: str | None
    created_on: str
    value: dict[str, str]
    price_departures: list[PriceDeparture]


@record
class StatementObligation(Obligation):
    """An obligation as a statement lists it, with its status (cash, or where an in-kind one stands)."""

    status: str


@record
class StatementSatisfaction(TypedDict):
    """A delivery in kind of the period against an obligation."""

    id: str
    obligation_id: str
    method: str
    satisfied_on: str
    value: str
    currency: str
    delivery_ref: str


@record
class StatementConversion(TypedDict):
    """An in-kind obligation converted to a cash debt in the period: the debt in minor units and in the
    currency's units, and its currency."""

    obligation_id: str
    converted_on: str
    amount_minor: int
    amount: str
    currency: str


@record
class StatementInvoice(TypedDict):
    """An invoice as a statement lists it, with what is outstanding on it at the statement's day."""

    id: str
    order_id: str
    creditor: str
    debtor: str
    issued_on: str
    due_on: str | None
    amount: str
    currency: str
    outstanding: str


@record
class StatementPayment(TypedDict):
    """A payment of the period, and whether a correction reversed it."""

    id: str
    invoice_id: str
    payer: str
    payee: str
    paid_on: str
    amount: str
    currency: str
    reversed: bool


@record
class TransactionCount(TypedDict):
    """How many ledger transactions of one kind were booked in the period."""

    kind: str
    count: int


@record
class StatementBalances(TypedDict):
    """The balances before the period, the movements in it and the balances at its end."""

    opening: list[Balance]
    movements: list[Balance]
    closing: list[Balance]


SettlementConversion = TypedDict(
    "SettlementConversion",
    {
        "from": str,
        "from_currency": str,
        "to": str,
        "rate": str,
        "pair": str | None,
        "inverted": bool,
        "rate_source": str | None,
        "rate_date": str | None,
    },
)
SettlementConversion.__doc__ = "An amount converted into the settlement currency, with the recorded rate it used."
record(SettlementConversion)


@record
class Settlement(TypedDict):
    """The net cash position in one settlement currency: the amount, who pays, and each conversion made."""

    currency: str
    amount: str
    payer: str | None
    on: str
    conversions: list[SettlementConversion]


@record
class SettlementFailure(TypedDict):
    """A settlement that could not be worked out (e.g. no recorded rate): its currency, why, and the currency pair
    whose rate is missing (`USD/INR`; null for another reason)."""

    currency: str
    error: str
    pair: str | None


@record
class Netting(TypedDict):
    """The parties' mutual position netted per currency (cash and in kind), and settled in one currency."""

    party: str
    counterparty: str
    cash_per_currency: dict[str, str]
    in_kind_per_currency: dict[str, str]
    note: str
    settlement: Settlement | SettlementFailure | None


AgeingRow = TypedDict(
    "AgeingRow",
    {
        "creditor": str,
        "debtor": str,
        "currency": str,
        "0-30": str,
        "31-90": str,
        "91-180": str,
        "181-365": str,
        "over-365": str,
        "total": str,
    },
)
AgeingRow.__doc__ = "What one debtor owes one creditor in one currency, by age of the open items (days)."
record(AgeingRow)


@record
class OpenItem(TypedDict):
    """Something still owed (an accrued debt, an in-kind obligation, an invoice): how much, since when, due when."""

    reference: str
    creditor: str
    debtor: str
    amount: str
    currency: str
    since: str
    due_on: str | None
    age_days: int


@record
class AgedItems(TypedDict):
    """The open items on a day: aged per debtor, creditor and currency, listed oldest first, overdue, nearly due."""

    ageing: list[AgeingRow]
    open_items: list[OpenItem]
    overdue: list[OpenItem]
    nearly_due: list[OpenItem]


@record
class OpenPosition(AgedItems):
    """What stands open in an agreement's ledger on `as_of`, and the order each invoice or in-kind obligation
    among the open items arises from (`orders`: the item's id → the order's id)."""

    agreement_id: str
    as_of: str
    orders: dict[str, str]


@record
class Owing(TypedDict):
    """Who owes whom how much in one currency at the statement's day, netted: in cash (`scope` "cash",
    invoiced or not yet) or in kind (`scope` "in_kind", support to be returned in kind)."""

    scope: str
    debtor: str
    creditor: str
    amount: str
    currency: str


@record
class Discrepancy(TypedDict):
    """A currency where the open items, netted, disagree with the ledger (both as what the netting's
    `counterparty` owes its `party`): a fault in the records, shown rather than hidden."""

    scope: str
    currency: str
    ledger: str
    open_items: str


@record
class CeilingUse(TypedDict):
    """The use of the agreement's annual ceiling by one debtor in one agreement year (error: a conversion failed)."""

    debtor: str
    year_start: str
    year_end: str
    used: str
    limit: str
    currency: str
    exceeded: bool
    error: str | None


@record
class Statement(TypedDict):
    """The settlement statement of an agreement for a period: every record of it, balances, netting, ageing."""

    agreement: StatementAgreement
    period: StatementPeriod
    issued_on: str
    as_of: str
    owing: list[Owing]
    discrepancies: list[Discrepancy]
    orders: list[StatementOrder]
    orders_total: int
    deliveries: list[Delivery]
    obligations: list[StatementObligation]
    satisfactions: list[StatementSatisfaction]
    conversions: list[StatementConversion]
    invoices: list[StatementInvoice]
    payments: list[StatementPayment]
    transactions: list[TransactionCount]
    balances: StatementBalances
    netting: Netting
    ageing: list[AgeingRow]
    open_items: list[OpenItem]
    overdue: list[OpenItem]
    nearly_due: list[OpenItem]
    ceilings: list[CeilingUse]
    in_kind_period_months: int
    in_kind_period_stated: bool
