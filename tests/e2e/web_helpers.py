"""What the web tests share: people of both parties with their roles, a client signed in as one of them,
the form's anti-forgery token, and orders, deployments and clearances made through the services (as the
API or CLI would). Pages act at the real present, so windows are laid from today."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.integration import clearance_helpers, deployments_helpers
from tests.integration.exchange_helpers import Instance, side_by_side
from tests.integration.orders_helpers import draft, price_list

from relos.db.runtime import Database
from relos.domain.actor import Actor, Role
from relos.server import create_app
from relos.services.clearances import lifecycle as clearance_service
from relos.services.deployments import lifecycle as deployment_service
from relos.services.orders import lifecycle as order_service
from relos.services.people import users
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
    "ind.clearance": ("IND", (Role.CLEARANCE_OFFICER,)),
    "rus.clearance": ("RUS", (Role.CLEARANCE_OFFICER,)),
}


def actor(user_id: str) -> Actor:
    party, roles = PEOPLE[user_id]
    return Actor(user_id=user_id, party=party, roles=frozenset(roles))


def add_people(db: Database, *, party_only: str | None = None) -> None:
    """The test users (of `party_only` alone: a party's instance holds its own party's users only)."""
    operator = Actor.operator("test")
    for user_id, (party, roles) in PEOPLE.items():
        if party_only is not None and party != party_only:
            continue
        users.create_user(
            db.uow(), actor=operator, user_id=user_id, party=party, roles=[r.value for r in roles], password=PASSWORD
        )


@contextmanager
def client_for(db: Database, *, data_dir: Path | None = None) -> Iterator[TestClient]:
    """The application over `db` (`data_dir`: the instance's data directory, its signing key)."""
    settings = Settings(database_url=db.url, secret_key=KEY, cookie_secure=False)
    if data_dir is not None:
        settings = settings.model_copy(update={"data_dir": data_dir})
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


# -- deployments and clearances ------------------------------------------------------------------------
PORT = clearance_helpers.PORT  # a Russian port opened under RELOS, 4 berths (Vladivostok's time zone)


def records_world(db: Database) -> Database:
    """Both agreements in force, the test port in Russia and the test base in India (open under both)."""
    deployments_helpers.prepare(db)
    clearance_helpers.add_test_port(db)
    return db


def window(days_ahead: int, length: int = 5) -> tuple[datetime, datetime]:
    """[start, end): from midnight UTC `days_ahead` days from today, `length` days long."""
    start = datetime.combine(datetime.now(UTC).date() + timedelta(days=days_ahead), time(), tzinfo=UTC)
    return start, start + timedelta(days=length)


def ship(n: int) -> dict[str, Any]:
    return {
        **{k: v for k, v in clearance_helpers.TALWAR.items() if k != "crew"},
        "name": f"INS Test {n}",
        "hull_number": f"F{n:03d}",
    }


def india_deployment(
    db: Database,
    *,
    ships: int = 1,
    days_ahead: int = 40,
    length: int = 5,
    submit: bool = True,
    first: int = 1,
    **extra: Any,
) -> dict[str, Any]:
    """India's ships (and 150 sailors each) to the test port in Russia under RELOS; submitted unless told.
    Ships are numbered from `first` (a clearance names ships by hull number: give each force its own)."""
    start, end = window(days_ahead, length)
    data = {
        "agreement_id": "relos-ind-rus",
        "facility_id": PORT,
        "purpose": "joint_exercise",
        "start": start,
        "end": end,
        "ships": [ship(n) for n in range(first, first + ships)],
        "aircraft": [],
        "personnel": 150 * ships,
        **extra,
    }
    made = deployment_service.create_deployment(db.uow(), actor=actor("ind.requester"), data=data)
    if not submit:
        return made
    return deployment_service.submit_deployment(db.uow(), actor=actor("ind.requester"), deployment_id=made["id"])


def approve_deployment(db: Database, deployment_id: str) -> dict[str, Any]:
    return deployment_service.approve_deployment(db.uow(), actor=actor("rus.commander"), deployment_id=deployment_id)


def lemoa_deployment(db: Database) -> dict[str, Any]:
    """A US ship to the test base in India under LEMOA (no RUS user may see it)."""
    start, end = window(40)
    data = deployments_helpers.request(ships=1, personnel=200, agreement_id="lemoa-ind-usa", note="USS Example")
    data.update(start=start, end=end, ships=[{**data["ships"][0], "name": "USS Example"}])
    return deployment_service.create_deployment(db.uow(), actor=actor("usa.requester"), data=data)


def port_call_for(db: Database, deployment: dict[str, Any], *, submit: bool = True) -> dict[str, Any]:
    """India's port-call notice for the deployment's ships (prepared, and submitted unless told)."""
    details = {**clearance_helpers.port_call(), "ships": deployment["ships"]}
    details["ships"] = [{k: v for k, v in s.items() if v is not None} for s in details["ships"]]
    made = clearance_service.prepare_clearance(
        db.uow(),
        actor=actor("ind.clearance"),
        agreement_id=deployment["agreement_id"],
        kind="port_call",
        facility_id=deployment["facility_id"],
        start=deployment["start"],
        end=deployment["end"],
        purpose=deployment["purpose"],
        details=details,
        deployment_id=deployment["id"],
    )
    if not submit:
        return made
    return clearance_service.submit_clearance(db.uow(), actor=actor("ind.clearance"), clearance_id=made["id"])


def instances_with_people(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Instance, Instance]]:
    """The exchange tests' two instances (India's on SQLite, Russia's on PostgreSQL), each with its own party's
    test users, disposed of after the test."""
    made = side_by_side(request, tmp_path)
    pair = next(made)
    for one in pair:
        add_people(one.db, party_only=one.party)
    yield pair
    next(made, None)
