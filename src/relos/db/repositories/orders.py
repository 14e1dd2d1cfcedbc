"""Support orders, deliveries and receipts, between table rows and the order model (price lists:
relos.db.repositories.price_lists). Each record is dated by the `now` its use case passes, the app's clock."""

from __future__ import annotations

import builtins
from collections import defaultdict
from collections.abc import Collection
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from relos.db.repositories.keyset import following
from relos.db.repositories.order_queries import OrderQueries
from relos.db.repositories.price_lists import PriceLists
from relos.db.tables.orders import (
    DeliveryLineRow,
    DeliveryRow,
    ReceiptLineRow,
    ReceiptRow,
    SupportOrderLineRow,
    SupportOrderRow,
    SupportOrderSignatureRow,
    SupportOrderVersionRow,
)
from relos.domain.ledger.money import Money
from relos.domain.ledger.obligations import ReimbursementMethod
from relos.domain.orders.catalogue import Category
from relos.domain.orders.model import (
    Delivery,
    DeliveryLine,
    OrderHistory,
    OrderLine,
    OrderStatus,
    Receipt,
    Signature,
    SupportOrder,
)
from relos.services.orders.ports import OrderVersion

MICRO = Decimal(1_000_000)


def to_micro(quantity: Decimal) -> int:
    return int(quantity * MICRO)


def from_micro(value: int) -> Decimal:
    return (Decimal(value) / MICRO).normalize() if value % 1_000_000 else Decimal(value // 1_000_000)


class SqlOrderRepository(OrderQueries, PriceLists):
    def __init__(self, session: Session) -> None:
        self._s = session

    # -- orders ------------------------------------------------------------------------------
    def add(self, order: SupportOrder, *, document: str, recorded_by: str, now: datetime) -> None:
        row = SupportOrderRow(id=order.id, created_at=order.created_at, reference=order.reference, title=order.title)
        self._fill(row, order, now)
        self._s.add(row)
        self._s.flush()
        self._add_version(order, document=document, recorded_by=recorded_by, now=now)

    def save(self, order: SupportOrder, *, document: str | None, recorded_by: str, now: datetime) -> None:
        row = self._s.get(SupportOrderRow, order.id)
        if row is None:
            raise KeyError(order.id)
        new_version = order.version != row.version
        self._fill(row, order, now)
        if new_version:
            if document is None:
                raise ValueError("a new version needs its document")
            self._add_version(order, document=document, recorded_by=recorded_by, now=now)
        stored = {
            (r.version, r.party)
            for r in self._s.execute(
                select(SupportOrderSignatureRow).where(SupportOrderSignatureRow.order_id == order.id)
            ).scalars()
        }
        self._s.add_all(
            SupportOrderSignatureRow(
                order_id=order.id, version=s.version, party=s.party, user_id=s.user_id, signed_at=s.signed_at
            )
            for s in order.signatures
            if (s.version, s.party) not in stored
        )
        self._s.flush()

    @staticmethod
    def _fill(row: SupportOrderRow, order: SupportOrder, now: datetime) -> None:
        row.agreement_id = order.agreement_id
        row.requesting_party = order.requesting_party
        row.requesting_unit = order.requesting_unit
        row.supplying_party = order.supplying_party
        row.facility_id = order.facility_id
        row.deployment_id = order.deployment_id
        row.needed_by = order.needed_by
        row.status = order.status.value
        row.version = order.version
        row.requested_by = order.requested_by
        row.accepted_by = order.accepted_by
        row.billed_by = order.billed_by
        row.note = order.note
        row.updated_at = now

    def _add_version(self, order: SupportOrder, *, document: str, recorded_by: str, now: datetime) -> None:
        self._s.add(
            SupportOrderVersionRow(
                order_id=order.id,
                version=order.version,
                document=document,
                reason=order.amendment_reason,
                recorded_by=recorded_by,
                # the first version is the order as made, dated as the order is; an amendment when it is made
                recorded_at=order.created_at if order.version == 1 else now,
            )
        )
        self._s.add_all(
            SupportOrderLineRow(
                order_id=order.id,
                version=order.version,
                line_no=ln.line_no,
                category=ln.category.value,
                item_code=ln.item_code,
                description=ln.description,
                quantity_micro=to_micro(ln.quantity),
                unit=ln.unit,
                unit_price_minor=ln.unit_price.to_minor(),
                currency=ln.unit_price.currency,
                method=ln.method.value,
                list_price_minor=ln.list_price.to_minor() if ln.list_price else None,
                price_list_id=ln.price_list_id,
                price_reason=ln.price_reason,
            )
            for ln in order.lines
        )
        self._s.flush()

    def _order(self, row: SupportOrderRow) -> SupportOrder:
        return self._orders([row])[0]

    def _orders(self, rows: builtins.list[SupportOrderRow]) -> builtins.list[SupportOrder]:
        """The orders of `rows` with their lines, signatures and amendment reasons, read in three queries a
        thousand orders rather than three an order."""
        lines: dict[tuple[str, int], builtins.list[SupportOrderLineRow]] = defaultdict(list)
        sigs: dict[str, builtins.list[SupportOrderSignatureRow]] = defaultdict(list)
        reasons: dict[tuple[str, int], str] = {}
        for start in range(0, len(rows), 1000):
            ids = [r.id for r in rows[start : start + 1000]]
            found = select(SupportOrderLineRow).where(SupportOrderLineRow.order_id.in_(ids))
            for ln in self._s.execute(found.order_by(SupportOrderLineRow.line_no)).scalars():
                lines[(ln.order_id, ln.version)].append(ln)
            signed = select(SupportOrderSignatureRow).where(SupportOrderSignatureRow.order_id.in_(ids))
            for sig in self._s.execute(signed).scalars():
                sigs[sig.order_id].append(sig)
            v = SupportOrderVersionRow
            for order_id, version, reason in self._s.execute(
                select(v.order_id, v.version, v.reason).where(v.order_id.in_(ids))
            ):
                reasons[(order_id, version)] = reason
        return [
            self._assemble(r, lines[(r.id, r.version)], sigs[r.id], reasons.get((r.id, r.version), "")) for r in rows
        ]

    @staticmethod
    def _assemble(
        row: SupportOrderRow,
        lines: builtins.list[SupportOrderLineRow],
        sigs: builtins.list[SupportOrderSignatureRow],
        reason: str,
    ) -> SupportOrder:
        return SupportOrder(
            id=row.id,
            agreement_id=row.agreement_id,
            requesting_party=row.requesting_party,
            requesting_unit=row.requesting_unit,
            supplying_party=row.supplying_party,
            facility_id=row.facility_id,
            deployment_id=row.deployment_id,
            needed_by=row.needed_by,
            lines=tuple(_line(ln) for ln in lines),
            requested_by=row.requested_by,
            created_at=row.created_at,
            status=OrderStatus(row.status),
            version=row.version,
            signatures=tuple(
                sorted(
                    (Signature(s.party, s.user_id, s.signed_at, s.version) for s in sigs),
                    key=lambda s: (s.version, s.signed_at),
                )
            ),
            accepted_by=row.accepted_by,
            billed_by=row.billed_by,
            note=row.note,
            amendment_reason=reason,
            reference=row.reference,
            title=row.title,
        )

    def get(self, order_id: str) -> OrderHistory | None:
        row = self._s.get(SupportOrderRow, order_id)
        if row is None:
            return None
        deliveries = self._s.execute(
            select(DeliveryRow)
            .where(DeliveryRow.order_id == order_id)
            .order_by(DeliveryRow.delivered_on, DeliveryRow.id)
        ).scalars()
        receipts = self._s.execute(select(ReceiptRow).where(ReceiptRow.order_id == order_id)).scalars()
        return OrderHistory(
            self._order(row),
            tuple(self._delivery(d) for d in deliveries),
            tuple(self._receipt(r) for r in receipts),
        )

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
        column = SupportOrderRow.reference if sort == "reference" else SupportOrderRow.created_at
        q = select(SupportOrderRow).order_by(column.desc() if descending else column, SupportOrderRow.id).limit(limit)
        if parties is not None:
            q = q.where(
                or_(SupportOrderRow.requesting_party.in_(parties), SupportOrderRow.supplying_party.in_(parties))
            )
        if after is not None:
            q = following(q, column, SupportOrderRow.id, after, descending=descending)
        if agreement_id is not None:
            q = q.where(SupportOrderRow.agreement_id == agreement_id)
        if status is not None:
            q = q.where(SupportOrderRow.status == status.value)
        if created_before is not None:
            q = q.where(
                SupportOrderRow.created_at
                < datetime(created_before.year, created_before.month, created_before.day, tzinfo=UTC)
            )
        return self._orders(list(self._s.execute(q).scalars()))

    def versions(self, order_id: str) -> builtins.list[OrderVersion]:
        rows = self._s.execute(
            select(SupportOrderVersionRow)
            .where(SupportOrderVersionRow.order_id == order_id)
            .order_by(SupportOrderVersionRow.version)
        ).scalars()
        return [OrderVersion(r.order_id, r.version, r.document, r.reason, r.recorded_by, r.recorded_at) for r in rows]

    # -- deliveries and receipts -------------------------------------------------------------
    def add_delivery(self, delivery: Delivery, *, now: datetime) -> None:
        self._s.add(
            DeliveryRow(
                id=delivery.id,
                order_id=delivery.order_id,
                delivered_on=delivery.delivered_on,
                recorded_by=delivery.recorded_by,
                recorded_at=now,
                note=delivery.note,
            )
        )
        self._s.flush()
        self._s.add_all(
            DeliveryLineRow(delivery_id=delivery.id, line_no=dl.line_no, quantity_micro=to_micro(dl.quantity))
            for dl in delivery.lines
        )
        self._s.flush()

    def add_receipt(self, receipt: Receipt, *, now: datetime) -> None:
        self._s.add(
            ReceiptRow(
                id=receipt.id,
                delivery_id=receipt.delivery_id,
                order_id=receipt.order_id,
                receipted_on=receipt.receipted_on,
                receipted_by=receipt.receipted_by,
                receiving_unit=receipt.receiving_unit,
                recorded_at=now,
                note=receipt.note,
            )
        )
        self._s.flush()
        self._s.add_all(
            ReceiptLineRow(receipt_id=receipt.id, line_no=rl.line_no, quantity_micro=to_micro(rl.quantity))
            for rl in receipt.lines
        )
        self._s.flush()

    def _delivery(self, row: DeliveryRow) -> Delivery:
        lines = self._s.execute(
            select(DeliveryLineRow).where(DeliveryLineRow.delivery_id == row.id).order_by(DeliveryLineRow.line_no)
        ).scalars()
        return Delivery(
            id=row.id,
            order_id=row.order_id,
            delivered_on=row.delivered_on,
            lines=tuple(DeliveryLine(ln.line_no, from_micro(ln.quantity_micro)) for ln in lines),
            recorded_by=row.recorded_by,
            note=row.note,
        )

    def _receipt(self, row: ReceiptRow) -> Receipt:
        lines = self._s.execute(
            select(ReceiptLineRow).where(ReceiptLineRow.receipt_id == row.id).order_by(ReceiptLineRow.line_no)
        ).scalars()
        return Receipt(
            id=row.id,
            delivery_id=row.delivery_id,
            order_id=row.order_id,
            receipted_on=row.receipted_on,
            lines=tuple(DeliveryLine(ln.line_no, from_micro(ln.quantity_micro)) for ln in lines),
            receipted_by=row.receipted_by,
            receiving_unit=row.receiving_unit,
            note=row.note,
        )

    def deliveries(
        self, *, agreement_id: str, start: date, end: date
    ) -> builtins.list[tuple[Delivery, Receipt | None]]:
        rows = self._s.execute(
            select(DeliveryRow, ReceiptRow)
            .join(SupportOrderRow, SupportOrderRow.id == DeliveryRow.order_id)
            .outerjoin(ReceiptRow, ReceiptRow.delivery_id == DeliveryRow.id)
            .where(
                SupportOrderRow.agreement_id == agreement_id,
                DeliveryRow.delivered_on >= start,
                DeliveryRow.delivered_on < end,
            )
            .order_by(DeliveryRow.delivered_on, DeliveryRow.id)
        ).all()
        return [(self._delivery(row), self._receipt(rec) if rec else None) for row, rec in rows]


def _line(row: SupportOrderLineRow) -> OrderLine:
    return OrderLine(
        line_no=row.line_no,
        category=Category(row.category),
        item_code=row.item_code,
        description=row.description,
        quantity=from_micro(row.quantity_micro),
        unit=row.unit,
        unit_price=Money.from_minor(row.unit_price_minor, row.currency),
        method=ReimbursementMethod(row.method),
        list_price=Money.from_minor(row.list_price_minor, row.currency) if row.list_price_minor is not None else None,
        price_list_id=row.price_list_id,
        price_reason=row.price_reason,
    )
