"""What support orders need from storage (`UnitOfWork.orders`): orders with their history, price lists,
deliveries and receipts; relos.db implements it.
"""

from __future__ import annotations

import builtins
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from relos.domain.orders.model import Delivery, OrderHistory, OrderStatus, Receipt, SupportOrder
from relos.domain.orders.pricing import PriceList


@dataclass(frozen=True)
class OrderVersion:
    order_id: str
    version: int
    document: str  # canonical JSON of that version
    reason: str
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True)
class OrderLabel:
    """How a document names an order: its reference and title, and what a title RELOS made is made of (to say it
    again in the reader's language)."""

    reference: str
    title: str
    requesting_unit: str
    facility_id: str
    needed_by: date | None
    items: tuple[str, ...]  # what each line of its current version orders: its description, else its item code


class OrderRepository(Protocol):
    def add_price_list(self, price_list: PriceList, *, recorded_by: str, now: datetime) -> None: ...

    def price_lists(self, supplying_party: str) -> builtins.list[PriceList]: ...

    def get_price_list(self, price_list_id: str) -> PriceList | None: ...

    def add(self, order: SupportOrder, *, document: str, recorded_by: str, now: datetime) -> None: ...

    def save(self, order: SupportOrder, *, document: str | None, recorded_by: str, now: datetime) -> None:
        """Store the order's new state; `document` is given when `order.version` is new, recorded at `now`."""

    def get(self, order_id: str) -> OrderHistory | None: ...

    def list(
        self,
        *,
        agreement_id: str | None = None,
        status: OrderStatus | None = None,
        created_before: date | None = None,
        parties: Collection[str] | None = None,
        after: str | None = None,
        limit: int | None = None,
        sort: str = "created",
        descending: bool = False,
    ) -> builtins.list[SupportOrder]:
        """Oldest first (then by id); `sort` "reference" by reference, `descending` the other way (ties still by
        id). `parties`: only orders whose requesting or supplying party is one of them. `after`: only those
        following that order in this order (keyset paging); `limit`: at most that many."""

    def statement_orders(
        self,
        *,
        agreement_id: str,
        start: date,
        end: date,
        open_statuses: Collection[str],
        offset: int = 0,
        limit: int | None = None,
    ) -> tuple[builtins.list[SupportOrder], int]:
        """The agreement's orders made before `end` that were made in [start, end), stand in one of
        `open_statuses`, or had a delivery or an obligation in [start, end): oldest first (then by id), from
        `offset`, at most `limit`; and how many there are in all."""

    def labels(self, agreement_id: str, order_ids: Collection[str]) -> dict[str, OrderLabel]:
        """How to name each of `order_ids` that is an order of the agreement."""

    def versions(self, order_id: str) -> builtins.list[OrderVersion]: ...

    def add_delivery(self, delivery: Delivery, *, now: datetime) -> None: ...

    def add_receipt(self, receipt: Receipt, *, now: datetime) -> None: ...

    def deliveries(
        self, *, agreement_id: str, start: date, end: date
    ) -> builtins.list[tuple[Delivery, Receipt | None]]:
        """Deliveries of the agreement's orders made in [start, end), with their receipts."""
