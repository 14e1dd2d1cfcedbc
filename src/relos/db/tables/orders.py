"""Support orders: price lists, orders with their versions, lines and signatures, deliveries, receipts.

Money is stored as whole minor units (BigInteger) with its currency; quantities as millionths
(BigInteger, the domain allows at most 6 decimals), so both databases hold them exactly.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from relos.db.tables import agreements as _agreements  # noqa: F401 - its table, named by a foreign key here
from relos.db.tables.base import Base
from relos.db.types import UTCDateTime


class PriceListRow(Base):
    __tablename__ = "price_lists"
    __table_args__ = (
        CheckConstraint("valid_until IS NULL OR valid_until > valid_from", name="valid_window"),
        Index("ix_price_lists_party_facility", "supplying_party", "facility_id", "valid_from"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    supplying_party: Mapped[str] = mapped_column(String(3))
    facility_id: Mapped[str | None] = mapped_column(String(64))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PriceListItemRow(Base):
    __tablename__ = "price_list_items"
    __table_args__ = (CheckConstraint("price_minor > 0", name="price_positive"),)

    price_list_id: Mapped[str] = mapped_column(ForeignKey("price_lists.id", ondelete="CASCADE"), primary_key=True)
    item_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    unit: Mapped[str] = mapped_column(String(32), primary_key=True)
    price_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    description: Mapped[str] = mapped_column(Text, default="")


class SupportOrderRow(Base):
    __tablename__ = "support_orders"
    __table_args__ = (
        CheckConstraint("requesting_party <> supplying_party", name="distinct_parties"),
        CheckConstraint("version >= 1", name="version_positive"),
        Index("ix_support_orders_agreement_status", "agreement_id", "status"),
        Index("ix_support_orders_reference", "reference", unique=True),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id"))
    requesting_party: Mapped[str] = mapped_column(String(3))
    requesting_unit: Mapped[str] = mapped_column(String(128))
    supplying_party: Mapped[str] = mapped_column(String(3))
    facility_id: Mapped[str] = mapped_column(String(64))
    deployment_id: Mapped[str | None] = mapped_column(String(64))
    needed_by: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(24))
    version: Mapped[int] = mapped_column(Integer)
    requested_by: Mapped[str] = mapped_column(String(128))
    accepted_by: Mapped[str | None] = mapped_column(String(128))
    billed_by: Mapped[str | None] = mapped_column(String(128))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reference: Mapped[str] = mapped_column(String(32))  # allocated at creation, never changed; unique
    title: Mapped[str] = mapped_column(String(200))


class SupportOrderVersionRow(Base):
    """Every version of an order as its canonical JSON document, kept when it is amended."""

    __tablename__ = "support_order_versions"

    order_id: Mapped[str] = mapped_column(ForeignKey("support_orders.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    document: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SupportOrderLineRow(Base):
    __tablename__ = "support_order_lines"
    __table_args__ = (
        CheckConstraint("quantity_micro > 0", name="quantity_positive"),
        CheckConstraint("unit_price_minor > 0", name="price_positive"),
        CheckConstraint("method IN ('cash', 'replacement_in_kind', 'equal_value_exchange')", name="method_known"),
    )

    order_id: Mapped[str] = mapped_column(ForeignKey("support_orders.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    category: Mapped[str] = mapped_column(String(32))
    item_code: Mapped[str] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(Text)
    quantity_micro: Mapped[int] = mapped_column(BigInteger)
    unit: Mapped[str] = mapped_column(String(32))
    unit_price_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    method: Mapped[str] = mapped_column(String(24))
    list_price_minor: Mapped[int | None] = mapped_column(BigInteger)
    price_list_id: Mapped[str | None] = mapped_column(String(64))
    price_reason: Mapped[str] = mapped_column(Text, default="")


class SupportOrderSignatureRow(Base):
    __tablename__ = "support_order_signatures"

    order_id: Mapped[str] = mapped_column(ForeignKey("support_orders.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    party: Mapped[str] = mapped_column(String(3), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(128))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DeliveryRow(Base):
    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_order", "order_id", "delivered_on"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("support_orders.id"))
    delivered_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text, default="")


class DeliveryLineRow(Base):
    __tablename__ = "delivery_lines"
    __table_args__ = (CheckConstraint("quantity_micro > 0", name="quantity_positive"),)

    delivery_id: Mapped[str] = mapped_column(ForeignKey("deliveries.id", ondelete="CASCADE"), primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    quantity_micro: Mapped[int] = mapped_column(BigInteger)


class ReceiptRow(Base):
    __tablename__ = "receipts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    delivery_id: Mapped[str] = mapped_column(ForeignKey("deliveries.id"), unique=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("support_orders.id"), index=True)
    receipted_on: Mapped[date] = mapped_column(Date)
    receipted_by: Mapped[str] = mapped_column(String(128))
    receiving_unit: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text, default="")


class ReceiptLineRow(Base):
    __tablename__ = "receipt_lines"
    __table_args__ = (CheckConstraint("quantity_micro >= 0", name="quantity_not_negative"),)

    receipt_id: Mapped[str] = mapped_column(ForeignKey("receipts.id", ondelete="CASCADE"), primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    quantity_micro: Mapped[int] = mapped_column(BigInteger)
