"""The migration that brought references (0010_record_references) gives the deployments, clearances and orders
already stored their references in creation order — by creation instant, not by when they were inserted —
per host and year, and titles made from what they say; the counters go on after the last number. On SQLite
and PostgreSQL: the schema is taken back to before the migration and brought forward again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from alembic import command
from tests.integration import references_helpers as made
from tests.integration.clearance_helpers import IND_REQUESTER, NOW

from relos.db.migrate import alembic_config
from relos.db.runtime import Database
from relos.services.clearances import lifecycle as clearances
from relos.services.deployments import reads
from relos.services.orders import lifecycle as orders

REVISION = "0010_record_references"


def _alembic(db: Database, step: str, target: str) -> None:
    with db.engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        getattr(command, step)(config, target)


@pytest.fixture
def world(orders_db: Database) -> Iterator[Database]:
    db = made.make_world(orders_db)
    try:
        yield db
    finally:
        _alembic(db, "upgrade", "heads")  # whatever happened, the schema is current again


def test_the_migration_numbers_stored_records_in_creation_order_and_the_counters_go_on(world: Database) -> None:
    first, second, third = (datetime(2026, 2, day, 9, tzinfo=UTC) for day in (1, 2, 3))
    late = made.deployment(world, now=second)["id"]
    later = made.deployment(world, now=third)["id"]
    early = made.deployment(world, now=first)["id"]
    next_year = made.deployment(world, now=datetime(2027, 1, 5, tzinfo=UTC))["id"]
    c = made.clearance(world)
    o = made.order(world)

    _alembic(world, "downgrade", f"{REVISION}-1")
    _alembic(world, "upgrade", "heads")

    def reference(deployment_id: str) -> str:
        return str(reads.get_deployment(world.uow(), actor=IND_REQUESTER, deployment_id=deployment_id)["reference"])

    assert [reference(i) for i in (early, late, later)] == [f"RUS-DEP-2026-000{n}" for n in (1, 2, 3)]
    assert reference(next_year) == "RUS-DEP-2027-0001"
    shown = reads.get_deployment(world.uow(), actor=IND_REQUESTER, deployment_id=early)
    assert shown["title"] == "INS Tabar and 1 more at Test port of Vladivostok, 1–6 May 2026"
    listed = orders.list_orders(world.uow(), actor=IND_REQUESTER)
    assert [(r["id"], r["reference"]) for r in listed] == [(o["id"], "RUS-ORD-2026-0001")]
    assert listed[0]["title"].startswith("INS Tabar: Naval distillate fuel and 1 more at ")
    again = clearances.get_clearance(world.uow(), actor=IND_REQUESTER, clearance_id=c["id"])
    assert (again["reference"], again["title"]) == ("RUS-CLR-2026-0001", c["title"])
    assert made.deployment(world, now=NOW)["reference"] == "RUS-DEP-2026-0004"
