"""Reads of support orders for the settlement statement, mixed into SqlOrderRepository: the orders a statement
lists (chosen by the database, counted, read a page at a time) and the references and titles of given orders."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from relos.db.tables.ledger import ObligationRow
from relos.db.tables.orders import DeliveryRow, SupportOrderRow
from relos.domain.orders.model import SupportOrder


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

    def labels(self, agreement_id: str, order_ids: Collection[str]) -> dict[str, tuple[str, str]]:
        """The reference and title of each of `order_ids` that is an order of the agreement."""
        found: dict[str, tuple[str, str]] = {}
        ids = list(order_ids)
        o = SupportOrderRow
        for start in range(0, len(ids), 1000):  # by id (the primary key), the agreement checked on each row
            q = select(o.id, o.reference, o.title, o.agreement_id).where(o.id.in_(ids[start : start + 1000]))
            found |= {i: (ref, title) for i, ref, title, of in self._s.execute(q) if of == agreement_id}
        return found
