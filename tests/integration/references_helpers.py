"""A world for the reference tests: RELOS in force, the catalogue, a price list, a Russian test port, and a
deployment, clearance and order made in it by India's requester (Russia hosts and supplies)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tests.integration.clearance_helpers import (
    IND_REQUESTER,
    NOW,
    add_test_port,
    deployment_data,
    prepare_port_call,
)
from tests.integration.orders_helpers import draft, price_list

from relos.db.runtime import Database
from relos.services.deployments import lifecycle as deployments


def make_world(orders_db: Database) -> Database:
    add_test_port(orders_db)
    price_list(orders_db)
    return orders_db


def deployment(db: Database, *, now: datetime = NOW, **data: Any) -> dict[str, Any]:
    return dict(deployments.create_deployment(db.uow(), actor=IND_REQUESTER, data=deployment_data(**data), now=now))


def clearance(db: Database, **overrides: Any) -> dict[str, Any]:
    return prepare_port_call(db, **overrides)


def order(db: Database, **kwargs: Any) -> dict[str, Any]:
    return draft(db, **kwargs)
