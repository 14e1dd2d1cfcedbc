"""What the web tests share: people of both parties with their roles, a client signed in as one of them,
the form's anti-forgery token, and orders made through the services (as the API or CLI would)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient
from tests.integration.orders_helpers import draft, price_list

from relos.db.runtime import Database
from relos.domain.actor import Actor, Role
from relos.server import create_app
from relos.services import orders as order_service
from relos.services import users
from relos.settings import Settings

KEY = "test-secret-key-" + "x" * 32
PASSWORD = "correct horse battery staple"

#: user id -> (party, roles); the ids match tests.integration.orders_helpers' actors.
PEOPLE: dict[str, tuple[str, tuple[Role, ...]]] = {
    "ind.admin": ("IND", (Role.ADMINISTRATOR, Role.AUDITOR)),
    "ind.requester": ("IND", (Role.REQUESTER,)),
    "ind.captain": ("IND", (Role.HOST_APPROVER,)),
    "ind.supply_officer": ("IND", (Role.LOGISTICS_OFFICER,)),
    "ind.finance": ("IND", (Role.FINANCE_OFFICER,)),
    "rus.admin": ("RUS", (Role.ADMINISTRATOR,)),
    "rus.commander": ("RUS", (Role.HOST_APPROVER,)),
    "rus.logistics": ("RUS", (Role.LOGISTICS_OFFICER,)),
    "rus.finance": ("RUS", (Role.FINANCE_OFFICER,)),
    "usa.requester": ("USA", (Role.REQUESTER,)),
}


def actor(user_id: str) -> Actor:
    party, roles = PEOPLE[user_id]
    return Actor(user_id=user_id, party=party, roles=frozenset(roles))


def add_people(db: Database) -> None:
    operator = Actor.operator("test")
    for user_id, (party, roles) in PEOPLE.items():
        users.create_user(
            db.uow(), actor=operator, user_id=user_id, party=party, roles=[r.value for r in roles], password=PASSWORD
        )


@contextmanager
def client_for(db: Database) -> Iterator[TestClient]:
    settings = Settings(database_url=db.url, secret_key=KEY, cookie_secure=False)
    with TestClient(create_app(settings, db)) as client:
        yield client


def csrf_of(html: str) -> str:
    return html.split('name="csrf" value="')[1].split('"')[0]


def sign_in(client: TestClient, user_id: str) -> TestClient:
    client.cookies.clear()
    token = csrf_of(client.get("/sign-in").text)
    r = client.post("/sign-in", data={"user_id": user_id, "password": PASSWORD, "csrf": token}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return client


def relos_draft(db: Database) -> dict[str, Any]:
    """A draft RELOS order of INS Tabar at Vladivostok: fuel at list price, water below it (with its reason)."""
    price_list(db)
    return draft(db)


def lemoa_draft(db: Database) -> dict[str, Any]:
    """A draft LEMOA order: a US ship's fuel at Mumbai, supplied by India (no RUS user may see it)."""
    return order_service.create_order(
        db.uow(),
        actor=actor("usa.requester"),
        agreement_id="lemoa-ind-usa",
        requesting_unit="USS Example",
        facility_id="IN-BOM",
        lines=[
            order_service.LineInput(
                "petroleum_oils_lubricants",
                "F-76",
                "Naval distillate fuel",
                "500",
                "L",
                "cash",
                unit_price="80.00",
                currency="INR",
                price_reason="No Indian price list recorded yet; agreed by the port",
            )
        ],
    )
