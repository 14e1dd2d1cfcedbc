"""Reads of support orders for the settlement statement, mixed into SqlOrderRepository: the orders a statement
lists (chosen by the database, counted, read a page at a time) and the references and titles of given orders."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from relos.db.tables.ledger import ObligationRow
from relos.db.tables.orders import DeliveryRow, SupportOrderLineRow, SupportOrderRow
from relos.domain.orders.model import SupportOrder
from relos.services.orders.ports import OrderLabel


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


class OrderQueries:
    """Mixed into SqlOrderRepository; `_s` is its session, `_orders` reads whole orders from their rows."""

    _s: Session

    def _orders(self, rows: list[SupportOrderRow]) -> list[SupportOrder]:
        raise NotImplementedError  # SqlOrderRepository's

    def statement_orders(
        self,
        *,
        agreement_id: str,
        start: date,
        end: date,
        open_statuses: Collection[str],
        offset: int = 0,
        limit: int | None = None,
    ) -> tuple[list[SupportOrder], int]:
        """The agreement's orders made before `end` that were made in [start, end), stand in one of
        `open_statuses`, or had a delivery or an obligation in [start, end): oldest first (then by id), from
        `offset`, at most `limit`; and how many there are in all."""
        o = SupportOrderRow
        delivered = select(DeliveryRow.order_id).where(
            DeliveryRow.delivered_on >= start, DeliveryRow.delivered_on < end
        )
        incurred = select(ObligationRow.order_id).where(
            ObligationRow.agreement_id == agreement_id,
            ObligationRow.incurred_on >= start,
            ObligationRow.incurred_on < end,
        )
        wanted = and_(
            o.agreement_id == agreement_id,
            o.created_at < _midnight(end),
            or_(
                o.created_at >= _midnight(start),
                o.status.in_(list(open_statuses)),
                o.id.in_(delivered),
                o.id.in_(incurred),
            ),
        )
        total = int(self._s.execute(select(func.count()).select_from(o).where(wanted)).scalar_one())
        page = select(o).where(wanted).order_by(o.created_at, o.id).offset(offset).limit(limit)
        return self._orders(list(self._s.execute(page).scalars())), total

    def labels(self, agreement_id: str, order_ids: Collection[str]) -> dict[str, OrderLabel]:
        """How to name each of `order_ids` that is an order of the agreement: two statements a thousand ids."""
        found: dict[str, OrderLabel] = {}
        ids = list(order_ids)
        o, ln = SupportOrderRow, SupportOrderLineRow
        for start in range(0, len(ids), 1000):  # by id (the primary key), the agreement checked on each row
            chunk = ids[start : start + 1000]
            q = select(o.id, o.reference, o.title, o.requesting_unit, o.facility_id, o.needed_by).where(
                o.id.in_(chunk), o.agreement_id == agreement_id
            )
            orders = self._s.execute(q).all()
            items: dict[str, list[str]] = {}
            lines = (
                select(ln.order_id, ln.description, ln.item_code)
                .join(o, and_(o.id == ln.order_id, o.version == ln.version))
                .where(ln.order_id.in_(chunk), o.agreement_id == agreement_id)
                .order_by(ln.order_id, ln.line_no)
            )
            for order_id, description, item_code in self._s.execute(lines):
                items.setdefault(order_id, []).append(description or item_code)
            found |= {
                i: OrderLabel(ref, title, unit, facility, needed, tuple(items.get(i, ())))
                for i, ref, title, unit, facility, needed in orders
            }
        return found
