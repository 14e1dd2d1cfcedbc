"""A record is dated by the clock of the use case that made it, not the machine's: an order's amendment made
at a set `now` reads that instant, and its price list, delivery and ledger entries are stamped with it too."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from tests.integration.orders_helpers import IND_SIGNER, REQUESTER, accepted, fuel_and_water, price_list

from relos.db.runtime import Database
from relos.db.tables.orders import SupportOrderRow
from relos.services.orders import lifecycle as orders

AMENDED = datetime(2026, 3, 5, 10, 30, tzinfo=UTC)


@pytest.fixture
def db(orders_db: Database) -> Database:
    return orders_db


def test_an_amendment_made_at_a_set_now_reads_that_instant(db: Database) -> None:
    price_list(db)
    order = orders.create_order(
        db.uow(), actor=REQUESTER, agreement_id="relos-ind-rus", requesting_unit="INS Tabar",
        facility_id="RU-VVO", lines=fuel_and_water(), now=datetime(2026, 3, 1, 9, tzinfo=UTC),
    )  # fmt: skip
    orders.amend_order(
        db.uow(), actor=REQUESTER, order_id=order["id"], lines=fuel_and_water()[:1], reason="less", now=AMENDED
    )
    found = orders.get_order(db.uow(), actor=IND_SIGNER, order_id=order["id"])
    stamps = {v["version"]: v["recorded_at"] for v in found["versions"]}
    assert stamps == {1: "2026-03-01T09:00:00+00:00", 2: AMENDED.isoformat()}
    with db.session_factory() as s:
        row = s.execute(select(SupportOrderRow).where(SupportOrderRow.id == order["id"])).scalar_one()
        assert row.updated_at.replace(tzinfo=UTC) == AMENDED


def test_accepting_at_a_set_now_keeps_that_instant(db: Database) -> None:
    price_list(db)
    order = accepted(db)
    with db.session_factory() as s:
        row = s.execute(select(SupportOrderRow).where(SupportOrderRow.id == order["id"])).scalar_one()
        assert row.updated_at.replace(tzinfo=UTC) == datetime(2026, 3, 1, 9, tzinfo=UTC)
