"""What the ledger use cases hand back for billing, payments and balances (the convention of
relos.services.results): a billing and its invoice, payments and their reversals, in-kind obligations turned
into cash debts, exchange rates and account balances.

Days are ISO 8601 texts and amounts decimal texts in the currency's units. The settlement statement's records
are in relos.services.ledger.statement_results; relos.services.ledger.results offers both.
"""

from __future__ import annotations

from typing_extensions import TypedDict

from relos.services.results import record


# -- billing and payments -------------------------------------------------------------------------------
@record
class Invoice(TypedDict):
    """An invoice: the creditor bills the debtor for what is owed in cash on the obligations it names."""

    id: str
    creditor: str
    debtor: str
    issued_on: str
    due_on: str | None
    amount: str
    currency: str
    obligation_ids: list[str]


@record
class Billing(TypedDict):
    """An order billed: its status after billing and the invoice issued (null when nothing was owed in cash)."""

    order_id: str
    status: str
    invoice: Invoice | None


@record
class Payment(TypedDict):
    """A payment against an invoice, and the status of the order it pays for after it."""

    id: str
    invoice_id: str
    order_id: str
    payer: str
    payee: str
    amount: str
    currency: str
    paid_on: str
    reference: str
    order_status: str


@record
class PaymentReversal(TypedDict):
    """The correction of a payment recorded in error: the reversing transaction, why, when, the order's status."""

    payment_id: str
    reversal_transaction_id: str
    reason: str
    on: str
    order_status: str


@record
class ConvertedObligation(TypedDict):
    """An in-kind obligation not satisfied by its due date, turned into a cash debt (and its transaction)."""

    obligation_id: str
    order_id: str
    debtor: str
    creditor: str
    method: str
    due_on: str | None
    cash_debt: str
    currency: str
    transaction_id: str


@record
class ExchangeRate(TypedDict):
    """A recorded exchange rate: 1 `base` = `rate` `quote` on a day, with its source."""

    id: str
    base: str
    quote: str
    rate: str
    on: str
    source: str


# -- balances -----------------------------------------------------------------------------------------------
@record
class Balance(TypedDict):
    """The balance of one account: the party whose books it is in, the kind, the counterparty, the currency."""

    party: str
    account: str
    counterparty: str
    currency: str
    amount: str


@record
class AgreementBalance(TypedDict):
    """The balance of one account of an agreement, summed by the database from the postings."""

    agreement_id: str
    party: str
    account: str
    counterparty: str
    currency: str
    amount: str
