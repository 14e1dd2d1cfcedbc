"""Request bodies of support orders, deliveries, payments and rates (bounded; unknown fields refused)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

Code = Field(min_length=1, max_length=64)
Text = Field(default="", max_length=2000)
Amount = Field(pattern=r"^-?\d{1,15}(\.\d{1,6})?$", description="a decimal number as text, e.g. 1250.50")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LineIn(Strict):
    category: str = Field(max_length=40)
    item_code: str = Code
    description: str = Field(min_length=1, max_length=500)
    quantity: str = Amount
    unit: str = Field(min_length=1, max_length=32)
    method: str = Field(max_length=32, description="cash, replacement_in_kind or equal_value_exchange")
    unit_price: str | None = Field(default=None, pattern=r"^-?\d{1,15}(\.\d{1,6})?$")
    currency: str | None = Field(default=None, max_length=3)
    price_reason: str = Text


class OrderIn(Strict):
    agreement_id: str = Code
    requesting_party: str | None = Field(default=None, max_length=3)
    requesting_unit: str = Field(min_length=1, max_length=128)
    facility_id: str = Code
    deployment_id: str | None = Field(default=None, max_length=64)
    needed_by: dt.date | None = None
    note: str = Text
    title: str | None = Field(
        default=None, max_length=2000, description="one line, at most 200 characters; default: made from the order"
    )
    lines: list[LineIn] = Field(min_length=1, max_length=500)


class SignIn(Strict):
    party: str | None = Field(default=None, max_length=3)


class ReasonIn(Strict):
    reason: str = Field(min_length=1, max_length=2000)


class AmendIn(Strict):
    reason: str = Field(min_length=1, max_length=2000)
    lines: list[LineIn] = Field(min_length=1, max_length=500)


class QuantityIn(Strict):
    line_no: int = Field(ge=1, le=500)
    quantity: str = Amount


class DeliveryIn(Strict):
    delivered_on: dt.date
    lines: list[QuantityIn] = Field(min_length=1, max_length=500)
    note: str = Text


class ReceiptIn(Strict):
    receipted_on: dt.date
    lines: list[QuantityIn] | None = Field(default=None, max_length=500)
    receiving_unit: str | None = Field(default=None, max_length=128)
    note: str = Text


class BillIn(Strict):
    issued_on: dt.date


class PaymentIn(Strict):
    invoice_id: str = Code
    amount: str = Amount
    currency: str = Field(max_length=3)
    paid_on: dt.date
    reference: str = Field(default="", max_length=200)


class InKindIn(Strict):
    value: str = Amount
    currency: str = Field(max_length=3)
    satisfied_on: dt.date
    delivery_ref: str = Field(min_length=1, max_length=200)


class RateIn(Strict):
    base: str = Field(max_length=3)
    quote: str = Field(max_length=3)
    rate: str = Field(pattern=r"^\d{1,12}(\.\d{1,12})?$")
    on: dt.date
    source: str = Field(min_length=1, max_length=500)


class PriceItemIn(Strict):
    item_code: str = Code
    unit: str = Field(min_length=1, max_length=32)
    price: str = Amount
    currency: str = Field(max_length=3)
    description: str = Field(default="", max_length=500)


class PriceListIn(Strict):
    supplying_party: str = Field(max_length=3)
    facility_id: str | None = Field(default=None, max_length=64)
    valid_from: dt.date
    valid_until: dt.date | None = None
    source: str = Field(min_length=1, max_length=1000)
    items: list[PriceItemIn] = Field(min_length=1, max_length=5000)


class ConvertIn(Strict):
    on: dt.date
    agreement_id: str | None = Field(default=None, max_length=64)


class ReversalIn(Strict):
    reason: str = Field(min_length=1, max_length=2000)
    on: dt.date
