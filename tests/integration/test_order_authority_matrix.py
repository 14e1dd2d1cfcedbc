"""The authorization matrix of support orders and the ledger: every role of every party, every action.

The records: a RELOS order requested by India from Russia at Vladivostok (RU-VVO), taken to the state
each action needs, and a LEMOA order requested by India from the USA. Outcomes as in
test_authority_matrix: `ok`, `403` (sees the record, lacks the authority), `404` (the record does not
exist for this user: a party sees nothing of an agreement it is not party to). The table is the
specification: change it only with the rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import take_relos_in_force
from tests.integration.orders_helpers import (
    CREATED,
    IND_RECEIVER,
    IND_SIGNER,
    REQUESTER,
    RUS_BILLING,
    RUS_LOGISTICS,
    RUS_SIGNER,
    fuel_and_water,
    price_list,
)
from tests.integration.test_authority_matrix import ROLES, _fresh_database, user_id

from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.domain.errors import Forbidden, NotFound
from relos.services.facilities.bundled import load_bundled_agreements, load_bundled_reference_data
from relos.services.ledger import reimbursement, statements
from relos.services.orders import deliveries
from relos.services.orders import lifecycle as order_service
from relos.services.orders.lifecycle import LineInput
from relos.services.orders.price_lists import PriceItemInput, add_price_list

MATRIX = """
action                          party  REQ  HOST LOG  FIN  CLR  AUD  ADM
create_relos_order              IND    ok   403  403  403  403  403  403
create_relos_order              RUS    ok   403  403  403  403  403  403
create_relos_order              USA    404  403  403  403  403  403  403
create_lemoa_order              IND    ok   403  403  403  403  403  403
create_lemoa_order              RUS    404  403  403  403  403  403  403
create_lemoa_order              USA    ok   403  403  403  403  403  403
show_relos_order                IND    ok   ok   ok   ok   ok   ok   ok
show_relos_order                RUS    ok   ok   ok   ok   ok   ok   ok
show_relos_order                USA    404  404  404  404  404  404  404
show_lemoa_order                IND    ok   ok   ok   ok   ok   ok   ok
show_lemoa_order                RUS    404  404  404  404  404  404  404
show_lemoa_order                USA    ok   ok   ok   ok   ok   ok   ok
sign_relos_order                IND    403  ok   ok   403  403  403  403
sign_relos_order                RUS    403  ok   ok   403  403  403  403
sign_relos_order                USA    403  404  404  403  403  403  403
accept_relos_order              IND    403  403  403  403  403  403  403
accept_relos_order              RUS    403  ok   ok   403  403  403  403
accept_relos_order              USA    403  404  404  403  403  403  403
cancel_relos_order              IND    ok   ok   ok   403  403  403  403
cancel_relos_order              RUS    403  ok   ok   403  403  403  403
cancel_relos_order              USA    404  404  404  403  403  403  403
deliver_relos_order             IND    403  403  403  403  403  403  403
deliver_relos_order             RUS    403  403  ok   403  403  403  403
deliver_relos_order             USA    403  403  404  403  403  403  403
receipt_relos_delivery          IND    403  403  ok   403  403  403  403
receipt_relos_delivery          RUS    403  403  403  403  403  403  403
receipt_relos_delivery          USA    403  403  404  403  403  403  403
bill_relos_order                IND    403  403  403  403  403  403  403
bill_relos_order                RUS    403  403  403  ok   403  403  403
bill_relos_order                USA    403  403  403  404  403  403  403
pay_relos_invoice               IND    403  403  403  ok   403  403  403
pay_relos_invoice               RUS    403  403  403  ok   403  403  403
pay_relos_invoice               USA    403  403  403  404  403  403  403
relos_balances                  IND    ok   ok   ok   ok   ok   ok   ok
relos_balances                  RUS    ok   ok   ok   ok   ok   ok   ok
relos_balances                  USA    404  404  404  404  404  404  404
relos_statement                 IND    ok   ok   ok   ok   ok   ok   ok
relos_statement                 RUS    ok   ok   ok   ok   ok   ok   ok
relos_statement                 USA    404  404  404  404  404  404  404
record_own_price_list           IND    403  403  ok   ok   403  403  403
record_own_price_list           RUS    403  403  ok   ok   403  403  403
record_own_price_list           USA    403  403  ok   ok   403  403  403
"""

PARTNER_FACILITY = {("relos-ind-rus", "IND"): "RU-VVO", ("relos-ind-rus", "RUS"): "IN-BOM"}
PARTNER_FACILITY |= {("lemoa-ind-usa", "IND"): "US-GUM", ("lemoa-ind-usa", "USA"): "IN-BOM"}


def _table() -> list[tuple[str, str, str, str]]:
    lines = [line.split() for line in MATRIX.strip().splitlines()]
    header, rows = lines[0], lines[1:]
    return [
        (action, party, role, expected)
        for action, party, *cells in rows
        for role, expected in zip(header[2:], cells, strict=True)
    ]


def _priced_lines() -> list[LineInput]:
    """Lines with their own price, for suppliers that have no price list in this world."""
    return [LineInput("water", "WATER", "Potable water", "20", "m3", "cash", "100.00", "USD", "quoted by the port")]


class Orders:
    """Takes a fresh RELOS order (IND requests from RUS at RU-VVO) to the state an action needs."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.lemoa_id = order_service.create_order(
            db.uow(),
            actor=REQUESTER,
            agreement_id="lemoa-ind-usa",
            requesting_unit="INS Sahyadri",
            facility_id="US-GUM",
            lines=_priced_lines(),
            now=CREATED,
        )["id"]
        self.relos_id = self.draft()

    def draft(self) -> str:
        return str(
            order_service.create_order(
                self.db.uow(),
                actor=REQUESTER,
                agreement_id="relos-ind-rus",
                requesting_unit="INS Tabar",
                facility_id="RU-VVO",
                lines=fuel_and_water(),
                now=CREATED,
            )["id"]
        )

    def signed(self) -> str:
        oid = self.draft()
        order_service.sign_order(self.db.uow(), actor=IND_SIGNER, order_id=oid, now=CREATED)
        order_service.sign_order(self.db.uow(), actor=RUS_SIGNER, order_id=oid, now=CREATED)
        return oid

    def accepted(self) -> str:
        oid = self.signed()
        order_service.accept_order(self.db.uow(), actor=RUS_LOGISTICS, order_id=oid)
        return oid

    def delivered(self) -> tuple[str, str]:
        oid = self.accepted()
        d = deliveries.record_delivery(
            self.db.uow(), actor=RUS_LOGISTICS, order_id=oid, delivered_on=date(2026, 3, 2), lines=[(1, "1000")]
        )
        return oid, str(d["id"])

    def receipted(self) -> str:
        oid, delivery_id = self.delivered()
        deliveries.receipt_delivery(
            self.db.uow(), actor=IND_RECEIVER, order_id=oid, delivery_id=delivery_id, receipted_on=date(2026, 3, 2)
        )
        return oid

    def invoice(self) -> dict[str, Any]:
        oid = self.receipted()
        billed = reimbursement.bill_order(self.db.uow(), actor=RUS_BILLING, order_id=oid, issued_on=date(2026, 3, 5))
        return dict(billed["invoice"])


def _act(orders: Orders, action: str, actor: Actor, party: str, serial: int) -> str:
    db = orders.db

    def create(agreement_id: str) -> Callable[[], object]:
        facility = PARTNER_FACILITY.get((agreement_id, party), "RU-VVO")
        return lambda: order_service.create_order(
            db.uow(),
            actor=actor,
            agreement_id=agreement_id,
            requesting_unit="unit",
            facility_id=facility,
            lines=_priced_lines(),
            now=CREATED,
        )

    def deliver() -> object:
        oid = orders.accepted()
        return deliveries.record_delivery(
            db.uow(), actor=actor, order_id=oid, delivered_on=date(2026, 3, 2), lines=[(1, "10")]
        )

    def receipt() -> object:
        oid, delivery_id = orders.delivered()
        return deliveries.receipt_delivery(
            db.uow(), actor=actor, order_id=oid, delivery_id=delivery_id, receipted_on=date(2026, 3, 2)
        )

    def pay() -> object:
        invoice = orders.invoice()
        return reimbursement.record_payment(
            db.uow(),
            actor=actor,
            invoice_id=invoice["id"],
            amount=invoice["amount"],
            currency=invoice["currency"],
            paid_on=date(2026, 3, 20),
        )

    actions: dict[str, Callable[[], object]] = {
        "create_relos_order": create("relos-ind-rus"),
        "create_lemoa_order": create("lemoa-ind-usa"),
        "show_relos_order": lambda: order_service.get_order(db.uow(), actor=actor, order_id=orders.relos_id),
        "show_lemoa_order": lambda: order_service.get_order(db.uow(), actor=actor, order_id=orders.lemoa_id),
        "sign_relos_order": lambda: order_service.sign_order(db.uow(), actor=actor, order_id=orders.draft()),
        "accept_relos_order": lambda: order_service.accept_order(db.uow(), actor=actor, order_id=orders.signed()),
        "cancel_relos_order": lambda: order_service.cancel_order(
            db.uow(), actor=actor, order_id=orders.draft(), reason="no longer needed"
        ),
        "deliver_relos_order": deliver,
        "receipt_relos_delivery": receipt,
        "bill_relos_order": lambda: reimbursement.bill_order(
            db.uow(), actor=actor, order_id=orders.receipted(), issued_on=date(2026, 3, 5)
        ),
        "pay_relos_invoice": pay,
        "relos_balances": lambda: statements.ledger_balances(db.uow(), actor=actor, agreement_id="relos-ind-rus"),
        "relos_statement": lambda: statements.ledger_statement(
            db.uow(), actor=actor, agreement_id="relos-ind-rus", period="2026", today=date(2026, 6, 1)
        ),
        "record_own_price_list": lambda: add_price_list(
            db.uow(),
            actor=actor,
            supplying_party=party,
            facility_id=None,
            valid_from=date(2020, 1, 1),
            valid_until=date(2020, 1, 2),
            source=f"matrix price list {serial}",
            items=[PriceItemInput(f"ITEM-{serial}", "L", "1.00", "USD", "test item")],
        ),
    }
    try:
        actions[action]()
    except Forbidden:
        return "403"
    except NotFound:
        return "404"
    return "ok"


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def orders(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Orders]:
    db = _fresh_database(request.param, request, Path(tmp_path_factory.mktemp("order-matrix")))
    operator = Actor.operator("matrix")
    load_bundled_agreements(db.uow(), actor=operator)
    load_bundled_reference_data(db.uow(), actor=operator)
    take_relos_in_force(db)
    price_list(db)
    yield Orders(db)
    db.dispose()


SERIAL = count()


@pytest.mark.parametrize(("action", "party", "role", "expected"), _table())
def test_order_authority_matrix(orders: Orders, action: str, party: str, role: str, expected: str) -> None:
    actor = Actor(user_id(party, role), party, frozenset({ROLES[role]}))
    assert _act(orders, action, actor, party, next(SERIAL)) == expected


def test_the_order_matrix_covers_every_role_of_every_party_for_every_action() -> None:
    cases = _table()
    actions = {a for a, *_ in cases}
    assert len(cases) == len(actions) * 3 * len(ROLES)
    assert {(p, r) for _, p, r, _ in cases} == {(p, r) for p in ("IND", "RUS", "USA") for r in ROLES}
