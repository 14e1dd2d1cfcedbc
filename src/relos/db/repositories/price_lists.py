"""Price lists of a supplying party, mixed into SqlOrderRepository: stored with their items, read back whole."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from relos.db.tables.orders import PriceListItemRow, PriceListRow
from relos.domain.ledger.money import Money
from relos.domain.orders.pricing import PriceList, PriceListItem


class PriceLists:
    """Mixed into SqlOrderRepository; `_s` is its session."""

    _s: Session

    def add_price_list(self, price_list: PriceList, *, recorded_by: str, now: datetime) -> None:
        """Store the list as recorded by `recorded_by` at `now` (the service's clock)."""
        self._s.add(
            PriceListRow(
                id=price_list.id,
                supplying_party=price_list.supplying_party,
                facility_id=price_list.facility_id,
                valid_from=price_list.valid_from,
                valid_until=price_list.valid_until,
                source=price_list.source,
                recorded_by=recorded_by,
                recorded_at=now,
            )
        )
        self._s.flush()
        self._s.add_all(
            PriceListItemRow(
                price_list_id=price_list.id,
                item_code=i.item_code,
                unit=i.unit,
                price_minor=i.price.to_minor(),
                currency=i.price.currency,
                description=i.description,
            )
            for i in price_list.items
        )
        self._s.flush()

    def _price_list(self, row: PriceListRow) -> PriceList:
        items = self._s.execute(select(PriceListItemRow).where(PriceListItemRow.price_list_id == row.id)).scalars()
        return PriceList(
            id=row.id,
            supplying_party=row.supplying_party,
            facility_id=row.facility_id,
            valid_from=row.valid_from,
            valid_until=row.valid_until,
            source=row.source,
            items=tuple(
                PriceListItem(i.item_code, i.unit, Money.from_minor(i.price_minor, i.currency), i.description)
                for i in items
            ),
        )

    def price_lists(self, supplying_party: str) -> list[PriceList]:
        rows = self._s.execute(
            select(PriceListRow)
            .where(PriceListRow.supplying_party == supplying_party)
            .order_by(PriceListRow.valid_from)
        ).scalars()
        return [self._price_list(r) for r in rows]

    def get_price_list(self, price_list_id: str) -> PriceList | None:
        row = self._s.get(PriceListRow, price_list_id)
        return self._price_list(row) if row else None
