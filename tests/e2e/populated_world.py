"""A database with a little of everything the pages show, made through the services as the API or CLI would:
people of both parties; deployments submitted and approved, one of six warships whose approval the caps refuse;
port-call notices submitted, approved, and one to Vladivostok whose berths the catalogue does not record; an
airspace request; RELOS orders delivered, receipted, billed and part paid; so the statement has every section."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tests.e2e import web_helpers as w
from tests.integration import clearance_helpers
from tests.integration.orders_helpers import IND_FINANCE, IND_RECEIVER, RUS_BILLING, RUS_LOGISTICS, accepted, price_list

from relos.db.runtime import Database
from relos.services.clearances import host as clearance_host
from relos.services.clearances import lifecycle as clearance_service
from relos.services.ledger import reimbursement
from relos.services.orders import deliveries


@dataclass(frozen=True)
class World:
    submitted: str  # a deployment awaiting the host's approval
    approved: str  # an approved deployment with its port call approved
    crowded: str  # six warships: the caps refuse its approval
    port_call: str  # approved, with a number
    unsure_berth: str  # a draft port call to Vladivostok, whose berths are not recorded
    airspace: str  # a draft airspace request
    billed_order: str  # delivered, receipted, billed and part paid
    draft_order: str
    titles: tuple[str, ...]  # the records' titles, made from their data (names, places, days) as typed


def populate(db: Database) -> World:
    """`db` is `orders_db` (the catalogue loaded, RELOS in force from 2026-01-01)."""
    w.add_people(db)
    w.records_world(db)
    submitted = w.india_deployment(db, ships=2, days_ahead=40)
    approved = w.india_deployment(db, ships=1, days_ahead=60, first=3)
    w.approve_deployment(db, approved["id"])
    port_call = w.port_call_for(db, approved)
    clearance_host.approve_clearance(
        db.uow(), actor=w.actor("rus.clearance"), clearance_id=port_call["id"], clearance_number="RU-PC-7"
    )
    crowded = w.india_deployment(db, ships=6, days_ahead=90, first=10, personnel=600)
    start, end = w.window(50)
    unsure = clearance_service.prepare_clearance(
        db.uow(),
        actor=w.actor("ind.clearance"),
        agreement_id="relos-ind-rus",
        kind="port_call",
        facility_id="RU-VVO",
        start=start,
        end=end,
        purpose="port_call",
        details={**clearance_helpers.port_call(), "ships": [w.ship(20), w.ship(21)]},
    )
    airspace = clearance_service.prepare_clearance(
        db.uow(),
        actor=w.actor("ind.clearance"),
        agreement_id="relos-ind-rus",
        kind="airspace",
        facility_id=clearance_helpers.AIRFIELD,
        start=start,
        end=end,
        purpose="joint_exercise",
        details=clearance_helpers.airspace(),
    )
    billed, draft = _billed_order(db), w.relos_draft(db)
    made = (submitted, approved, crowded, port_call, unsure, airspace, billed, draft)
    return World(
        submitted=submitted["id"],
        approved=approved["id"],
        crowded=crowded["id"],
        port_call=port_call["id"],
        unsure_berth=unsure["id"],
        airspace=airspace["id"],
        billed_order=billed["id"],
        draft_order=draft["id"],
        titles=tuple(str(r["title"]) for r in made if r.get("title")),
    )


def _billed_order(db: Database) -> dict[str, Any]:
    price_list(db)
    order = accepted(db)
    d = deliveries.record_delivery(
        db.uow(),
        actor=RUS_LOGISTICS,
        order_id=order["id"],
        delivered_on=date(2026, 3, 5),
        lines=[(1, "1000"), (2, "50")],
    )
    deliveries.receipt_delivery(
        db.uow(), actor=IND_RECEIVER, order_id=order["id"], delivery_id=d["id"], receipted_on=date(2026, 3, 6)
    )
    billing = reimbursement.bill_order(db.uow(), actor=RUS_BILLING, order_id=order["id"], issued_on=date(2026, 3, 10))
    invoice = billing["invoice"]
    assert invoice is not None
    reimbursement.record_payment(
        db.uow(),
        actor=IND_FINANCE,
        invoice_id=invoice["id"],
        amount="1000.00",
        currency="RUB",
        paid_on=date(2026, 4, 1),
    )
    return order
