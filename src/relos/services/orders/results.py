"""What the support-order use cases hand back (the convention of relos.services.results): an order and its
versions, the list's summaries, deliveries and their receipts, the obligations a receipt posts, deliveries
in kind and price lists.

Days and instants are ISO 8601 texts, quantities and amounts decimal texts, as the API sends them.
"""

from __future__ import annotations

from typing_extensions import TypedDict

from relos.services.results import record


# -- an order -------------------------------------------------------------------------------------------
@record
class Amount(TypedDict):
    """An amount of money: a decimal text and its ISO 4217 currency."""

    amount: str
    currency: str


@record
class OrderLine(TypedDict):
    """One line of an order: the item, quantity and unit, its price and value, and how it is reimbursed."""

    line_no: int
    category: str
    item_code: str
    description: str
    quantity: str
    unit: str
    unit_price: Amount
    value: Amount
    method: str
    list_price: Amount | None
    price_list_id: str | None
    price_reason: str
    departs_from_list: bool


@record
class OrderDocument(TypedDict):
    """The canonical JSON of one version of an order (what both parties sign): its id (the identity between
    the parties), its reference (SUPPLIER-ORD-YEAR-NUMBER) and title, and its particulars."""

    id: str
    reference: str
    title: str
    version: int
    agreement_id: str
    requesting_party: str
    requesting_unit: str
    supplying_party: str
    facility_id: str
    deployment_id: str | None
    needed_by: str | None
    requested_by: str
    lines: list[OrderLine]
    amendment_reason: str


@record
class Signature(TypedDict):
    """A party's signature of one version of an order, by an authorised official."""

    party: str
    user_id: str
    signed_at: str
    version: int


@record
class LineQuantity(TypedDict):
    """A quantity of one order line (delivered, receipted or still to deliver)."""

    line_no: int
    quantity: str


@record
class Receipt(TypedDict):
    """The receiving unit's receipt of a delivery: the quantities it acknowledges, and its note."""

    id: str
    receipted_on: str
    receipted_by: str
    receiving_unit: str
    lines: list[LineQuantity]
    note: str


@record
class Delivery(TypedDict):
    """A delivery of (part of) an order, with the supplier's note and its receipt once the receiving unit has
    given one."""

    id: str
    order_id: str
    delivered_on: str
    lines: list[LineQuantity]
    recorded_by: str
    note: str
    receipt: Receipt | None


@record
class Problem(TypedDict):
    """Something to put right, naming the field it is in (`lines[i]` is the i-th line given, from 0), with the
    refusal's stable code and its particulars (as text) for a reader in another language."""

    field: str
    message: str
    code: str
    params: dict[str, str]


@record
class Order(OrderDocument):
    """A support order: its current version, where it stands, its value per currency, signatures and deliveries.

    `incomplete` lists what a draft lacks before it can be signed (a price off the list without its
    reason, …): a draft is saved with it, signing refuses until it is put right; empty otherwise."""

    status: str
    created_at: str
    accepted_by: str | None
    billed_by: str | None
    note: str
    incomplete: list[Problem]
    value: dict[str, str]
    signatures: list[Signature]
    remaining: list[LineQuantity]
    deliveries: list[Delivery]


@record
class OrderVersion(TypedDict):
    """A recorded version of an order: why it was made, by whom and when."""

    version: int
    reason: str
    recorded_by: str
    recorded_at: str


@record
class OrderWithVersions(Order):
    """A support order with every version recorded of it."""

    versions: list[OrderVersion]


@record
class OrderSummary(TypedDict):
    """An order as the list shows it: its reference and title, who orders what from whom, where it stands,
    how many lines."""

    id: str
    reference: str
    title: str
    agreement_id: str
    status: str
    version: int
    requesting_party: str
    requesting_unit: str
    supplying_party: str
    facility_id: str
    created_at: str
    lines: int
    #: what each line orders (its description, else its item code), in order: what the title is made of
    items: list[str]
    needed_by: str | None


# -- deliveries, receipts and what they post --------------------------------------------------------------
@record
class RecordedDelivery(Delivery):
    """A delivery just recorded, with the order's status after it."""

    order_status: str


@record
class Obligation(TypedDict):
    """A reimbursement obligation: the debtor owes the creditor `value` by `method` (in kind by `due_on`)."""

    id: str
    order_id: str
    delivery_id: str
    creditor: str
    debtor: str
    method: str
    value: str
    currency: str
    incurred_on: str
    due_on: str | None


@record
class ReceiptedDelivery(Delivery):
    """A delivery just receipted, with the obligations the receipt posted (one per reimbursement method)."""

    obligations: list[Obligation]


@record
class ObligationWithStatus(Obligation):
    """An obligation of an order and where it stands on the day: in cash `accrued` (to be invoiced), `invoiced`
    (nothing paid yet), `partly_paid` or `paid`; in kind `open`, `partly_satisfied`, `satisfied`, `overdue` or
    `converted_to_cash`. `cash_status` says the same of what is owed in cash (a cash debt, or an in-kind one
    converted to cash; None while it is owed in kind), and `invoice_id` is the invoice that billed it."""

    status: str
    cash_status: str | None
    invoice_id: str | None


@record
class OrderInvoice(TypedDict):
    """An invoice billing an order: the amount, and what is still outstanding after the payments not reversed."""

    id: str
    creditor: str
    debtor: str
    issued_on: str
    due_on: str | None
    amount: str
    currency: str
    outstanding: str


@record
class OrderPayment(TypedDict):
    """A payment against one of an order's invoices; `reversed` when a correction cancelled it."""

    id: str
    invoice_id: str
    payer: str
    payee: str
    paid_on: str
    amount: str
    currency: str
    reversed: bool


@record
class OrderLedger(TypedDict):
    """Everything posted to the ledger on one order, whatever its days; statuses as of `as_of`."""

    order_id: str
    as_of: str
    obligations: list[ObligationWithStatus]
    invoices: list[OrderInvoice]
    payments: list[OrderPayment]


@record
class InKindSatisfaction(TypedDict):
    """A delivery in kind (RIK) or of equal value (EVE) recorded against an obligation, and its transaction."""

    id: str
    obligation_id: str
    value: str
    currency: str
    satisfied_on: str
    delivery_ref: str
    transaction_id: str


# -- price lists --------------------------------------------------------------------------------------------
@record
class PriceListItem(TypedDict):
    """An item of a price list: its code and unit, the price per unit and its currency."""

    item_code: str
    unit: str
    price: str
    currency: str
    description: str


@record
class PriceList(TypedDict):
    """A supplying party's price list (national when `facility_id` is null), valid over [valid_from, valid_until)."""

    id: str
    supplying_party: str
    facility_id: str | None
    valid_from: str
    valid_until: str | None
    source: str
    items: list[PriceListItem]


@record
class OfferedItem(TypedDict):
    """An item the supplier's price list offers at a facility on a day: the price an order line takes from it."""

    item_code: str
    unit: str
    description: str
    price: str
    currency: str
    price_list_id: str
    source: str
    facility_id: str | None


@record
class PriceOffer(TypedDict):
    """What a requesting party may order under an agreement at a facility: the supplier and its listed items."""

    agreement_id: str
    requesting_party: str
    supplying_party: str
    facility_id: str
    on: str
    items: list[OfferedItem]
