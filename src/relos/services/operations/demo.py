"""A sample exercise for people trying RELOS (`relos demo`), made through the areas' own use cases.

It loads only into a database holding no real records: no deployment, clearance or support order, and no
user but the sample's own (their full names begin with DEMO_MARKER). Every date is relative to the present it
is given, so the sample is current whenever it is loaded: RELOS is assumed in force from 180 days before
(the event's source and note say it is an assumption), India holds an exercise at Vladivostok in the
weeks ahead, Russia's frigate is present at Mumbai on a port call that began two days ago, and the Mumbai
orders are signed, delivered, receipted and billed, one of them paid.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from relos.domain.actor import Actor, Role
from relos.domain.agreements import AgreementEvent, EventKind
from relos.domain.errors import Conflict
from relos.services.agreements import register
from relos.services.clearances import host as clearance_host
from relos.services.clearances import lifecycle as clearances
from relos.services.deployments import lifecycle as deployments
from relos.services.deployments.reads import list_deployments
from relos.services.ledger import reimbursement
from relos.services.orders import deliveries
from relos.services.orders import lifecycle as orders
from relos.services.orders.lifecycle import LineInput
from relos.services.orders.price_lists import PriceItemInput, add_price_list
from relos.services.people import users
from relos.services.unit_of_work import UnitOfWork

UowFactory = Callable[[], UnitOfWork]
#: How long before the day it is loaded the sample assumes RELOS entered into force.
ASSUMED_IN_FORCE_FOR = timedelta(days=180)
AGREEMENT = "relos-ind-rus"
VLADIVOSTOK, MUMBAI = "RU-VVO", "IN-BOM"
#: Every sample user's full name begins with this: the users a demo database may already hold.
DEMO_MARKER = "DEMO"
#: The password of every sample user (printed by `relos demo`).
DEMO_PASSWORD = "try-relos-sample"
_ROLES = {
    "requester": (Role.REQUESTER,),
    "approver": (Role.HOST_APPROVER,),
    "clearance": (Role.CLEARANCE_OFFICER,),
    "logistics": (Role.LOGISTICS_OFFICER,),
    "finance": (Role.FINANCE_OFFICER,),
    "admin": (Role.ADMINISTRATOR, Role.AUDITOR),
}
_PARTIES = {"ind": ("IND", "India"), "rus": ("RUS", "Russia")}


@dataclass(frozen=True)
class DemoUser:
    user_id: str
    party: str
    roles: tuple[str, ...]
    password: str


@dataclass(frozen=True)
class Demo:
    """What the sample holds: its users (with their password), the day RELOS is assumed in force (None: it
    already was), and the references of its records."""

    users: tuple[DemoUser, ...]
    assumed_in_force_from: date | None
    records: tuple[str, ...]


def _actor(user_id: str) -> Actor:
    prefix, role = user_id.split("-", 1)
    return Actor(user_id=user_id, party=_PARTIES[prefix][0], roles=frozenset(_ROLES[role]))


def _refuse_real_records(uow: UnitOfWork, operator: Actor) -> None:
    """Conflict when the database holds anything but a fresh catalogue and the sample's own users."""
    with uow:
        stored = uow.users.list()
    real = [s.user.user_id for s in stored if not s.user.display_name.startswith(DEMO_MARKER)]
    held = {
        "users": len(real),
        "deployments": len(list_deployments(uow, actor=operator)),
        "clearances": len(clearances.list_clearances(uow, actor=operator, limit=1)),
        "support orders": len(orders.list_orders(uow, actor=operator, limit=1)),
    }
    found = [name for name, count in held.items() if count]
    if found:
        raise Conflict.of(
            "conflict.demo_database_not_empty",
            "the sample loads only into a database holding no real records, and this one holds {found}: "
            "use a new database (RELOS_DATABASE_URL or RELOS_DATA_DIR), then `relos init` and `relos demo`",
            found=", ".join(found),
        )


def load_demo(uow_factory: UowFactory, *, operator: Actor, now: datetime) -> Demo:
    """Load the sample as of `now` (the application's clock); `uow_factory()` gives a new unit of work."""
    _refuse_real_records(uow_factory(), operator)
    today = now.date()
    assumed = _assume_in_force(uow_factory, operator, today=today, now=now)
    made_users = _add_users(uow_factory, operator)
    _price_lists(uow_factory, today)
    records = [
        *_exercise_at_vladivostok(uow_factory, today=today, now=now),
        *_port_call_at_mumbai(uow_factory, today=today, now=now),
    ]
    return Demo(made_users, assumed, tuple(records))


def _assume_in_force(uow_factory: UowFactory, operator: Actor, *, today: date, now: datetime) -> date | None:
    view = register.get_agreement(uow_factory(), actor=operator, agreement_id=AGREEMENT, at=today)
    if view.status.in_force_from is not None:
        return None
    since = today - ASSUMED_IN_FORCE_FOR
    event = AgreementEvent(
        EventKind.ENTRY_INTO_FORCE,
        since,
        source="ASSUMPTION for the RELOS sample exercise (relos demo): not the agreement's real date",
        note="Assumed in force so that the sample can run; the real date of entry into force is not public.",
    )
    register.record_event(uow_factory(), actor=operator, agreement_id=AGREEMENT, event=event, at=today, now=now)
    return since


def _add_users(uow_factory: UowFactory, operator: Actor) -> tuple[DemoUser, ...]:
    made = []
    for prefix, (party, country) in _PARTIES.items():
        for role, roles in _ROLES.items():
            user_id = f"{prefix}-{role}"
            users.create_user(
                uow_factory(),
                actor=operator,
                user_id=user_id,
                party=party,
                roles=[r.value for r in roles],
                password=DEMO_PASSWORD,
                display_name=f"{DEMO_MARKER} {country}, {role}",
                language="ru" if party == "RUS" else "en",
            )
            made.append(DemoUser(user_id, party, tuple(r.value for r in roles), DEMO_PASSWORD))
    return tuple(made)


def _price_lists(uow_factory: UowFactory, today: date) -> None:
    prices = (("ind", "IND", "INR", "92.40", "85.00"), ("rus", "RUS", "RUB", "95.50", "120.00"))
    for prefix, party, currency, fuel, water in prices:
        add_price_list(
            uow_factory(),
            actor=_actor(f"{prefix}-logistics"),
            supplying_party=party,
            facility_id=None,
            valid_from=date(today.year - 1, 1, 1),
            valid_until=date(today.year + 2, 1, 1),
            source=f"DEMO price list of {party} (sample figures, not real prices)",
            items=[
                PriceItemInput("F-76", "L", fuel, currency, "Naval distillate fuel"),
                PriceItemInput("WATER-POTABLE", "m3", water, currency, "Potable water"),
            ],
        )


def _ship(name: str, hull: str) -> dict[str, Any]:
    return {
        "name": name,
        "hull_number": hull,
        "class": "Talwar (Project 11356)",
        "displacement_t": "4035",
        "length_m": "124.8",
        "beam_m": "15.2",
        "draught_m": "4.5",
    }


def _port_call_details(ships: list[dict[str, Any]], commander: str) -> dict[str, Any]:
    return {
        "ships": ships,
        "commander": {"name": commander, "rank": "Captain"},
        "radio_frequencies": ["VHF 156.800 MHz (channel 16)"],
        "pilot": True,
        "tugs": 2,
        "other_services": ["fresh water", "garbage removal"],
    }


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def _visit(
    uow_factory: UowFactory,
    *,
    visitor: str,
    host: str,
    facility: str,
    start: datetime,
    end: datetime,
    ships: list[dict[str, Any]],
    commander: str,
    now: datetime,
    note: str,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A deployment submitted and approved, with its port-call notice submitted: both as of `now`."""
    data = {
        "agreement_id": AGREEMENT,
        "facility_id": facility,
        "purpose": "joint_exercise" if facility == VLADIVOSTOK else "port_call",
        "start": start,
        "end": end,
        "ships": ships,
        "aircraft": [],
        "personnel": 180 * len(ships),
        "note": note,
    }
    requester = _actor(f"{visitor}-requester")
    made = deployments.create_deployment(uow_factory(), actor=requester, data=data, now=now)
    deployments.submit_deployment(uow_factory(), actor=requester, deployment_id=made["id"], now=now)
    approved = deployments.approve_deployment(
        uow_factory(), actor=_actor(f"{host}-approver"), deployment_id=made["id"], now=now
    )
    officer = _actor(f"{visitor}-clearance")
    notice = clearances.prepare_clearance(
        uow_factory(),
        actor=officer,
        agreement_id=AGREEMENT,
        kind="port_call",
        facility_id=facility,
        start=start,
        end=end,
        purpose=str(data["purpose"]),
        details=_port_call_details(ships, commander),
        deployment_id=made["id"],
        note=note,
        now=now,
    )
    clearances.submit_clearance(uow_factory(), actor=officer, clearance_id=notice["id"], now=now)
    return dict(approved), dict(notice)


def _exercise_at_vladivostok(uow_factory: UowFactory, *, today: date, now: datetime) -> list[str]:
    """India's two frigates exercise at Vladivostok in five weeks: approved; the port call awaits Russia."""
    start = _midnight(today + timedelta(days=35))
    approved, notice = _visit(
        uow_factory,
        visitor="ind",
        host="rus",
        facility=VLADIVOSTOK,
        start=start,
        end=start + timedelta(days=10),
        ships=[_ship("INS Tabar", "F44"), _ship("INS Trishul", "F43")],
        commander="Rahul Sharma",
        now=now,
        note="DEMO sample exercise",
    )
    order = _order(uow_factory, requester="ind", supplier="rus", facility=VLADIVOSTOK, deployment=approved, now=now)
    return [approved["reference"], notice["reference"], order["reference"]]


def _port_call_at_mumbai(uow_factory: UowFactory, *, today: date, now: datetime) -> list[str]:
    """Russia's frigate on a port call at Mumbai: notified 40 days ago, arrived two days ago, leaves in five;
    fuel and water delivered, receipted and billed (paid), provisions of water billed (not yet paid)."""
    asked = now - timedelta(days=40)
    start = _midnight(today - timedelta(days=3))
    approved, notice = _visit(
        uow_factory,
        visitor="rus",
        host="ind",
        facility=MUMBAI,
        start=start,
        end=start + timedelta(days=8),
        ships=[_ship("Admiral Makarov", "499")],
        commander="Andrei Volkov",
        now=asked,
        note="DEMO sample port call",
    )
    clearance_host.approve_clearance(
        uow_factory(),
        actor=_actor("ind-clearance"),
        clearance_id=notice["id"],
        clearance_number="IN-PC-DEMO-1",
        now=asked + timedelta(days=5),
    )
    deployments.mark_arrived(
        uow_factory(), actor=_actor("ind-logistics"), deployment_id=approved["id"], at=now - timedelta(days=2), now=now
    )
    paid = _order(uow_factory, requester="rus", supplier="ind", facility=MUMBAI, deployment=approved, now=now)
    _deliver_and_bill(uow_factory, paid, today=today, now=now, pay=True)
    billed = _order(
        uow_factory, requester="rus", supplier="ind", facility=MUMBAI, deployment=approved, now=now, water_only=True
    )
    _deliver_and_bill(uow_factory, billed, today=today, now=now, pay=False)
    return [approved["reference"], notice["reference"], paid["reference"], billed["reference"]]


def _order(
    uow_factory: UowFactory,
    *,
    requester: str,
    supplier: str,
    facility: str,
    deployment: dict[str, Any],
    now: datetime,
    water_only: bool = False,
) -> dict[str, Any]:
    """An order for the deployment, signed by both parties and accepted by the supplier."""
    water = LineInput("water", "WATER-POTABLE", "Potable water", "60", "m3", "cash")
    fuel = LineInput("petroleum_oils_lubricants", "F-76", "Naval distillate fuel", "12000", "L", "cash")
    order = orders.create_order(
        uow_factory(),
        actor=_actor(f"{requester}-requester"),
        agreement_id=AGREEMENT,
        requesting_unit=deployment["ships"][0]["name"],
        facility_id=facility,
        lines=[water] if water_only else [fuel, water],
        deployment_id=deployment["id"],
        note="DEMO sample order",
        now=now - timedelta(days=3),
    )
    for party in (requester, supplier):
        orders.sign_order(uow_factory(), actor=_actor(f"{party}-approver"), order_id=order["id"], now=now)
    orders.accept_order(uow_factory(), actor=_actor(f"{supplier}-logistics"), order_id=order["id"])
    return dict(order)


def _deliver_and_bill(uow_factory: UowFactory, order: dict[str, Any], *, today: date, now: datetime, pay: bool) -> None:
    """Delivered yesterday in full by India, receipted and billed today; paid in full when `pay`."""
    lines = [(n, line["quantity"]) for n, line in enumerate(order["lines"], start=1)]
    delivery = deliveries.record_delivery(
        uow_factory(),
        actor=_actor("ind-logistics"),
        order_id=order["id"],
        delivered_on=today - timedelta(days=1),
        lines=lines,
        now=now,
    )
    deliveries.receipt_delivery(
        uow_factory(),
        actor=_actor("rus-logistics"),
        order_id=order["id"],
        delivery_id=delivery["id"],
        receipted_on=today,
        now=now,
    )
    billing = reimbursement.bill_order(
        uow_factory(), actor=_actor("ind-finance"), order_id=order["id"], issued_on=today, now=now
    )
    invoice = billing["invoice"]
    if pay and invoice is not None:
        reimbursement.record_payment(
            uow_factory(),
            actor=_actor("rus-finance"),
            invoice_id=invoice["id"],
            amount=str(Decimal(invoice["amount"])),
            currency=invoice["currency"],
            paid_on=today,
            reference="DEMO-PAYMENT-1",
            now=now,
        )
