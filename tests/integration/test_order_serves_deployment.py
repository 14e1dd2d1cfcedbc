"""A support order may name the deployment it serves: the requesting party's own, under the same agreement,
and still going. Anything else reads as "no such deployment", so that nothing of another party's leaks."""

from __future__ import annotations

from typing import Any

import pytest
from tests.integration import deployments_helpers as dep
from tests.integration.orders_helpers import REQUESTER

from relos.db.runtime import Database
from relos.domain.errors import InvalidInput
from relos.services.deployments import lifecycle as deployments
from relos.services.orders import lifecycle as order_service
from relos.services.orders.lifecycle import LineInput

LINES = [LineInput("water", "WATER", "Potable water", "40", "m3", "cash", "90.00", "INR", "quoted by the port")]


def order_for(db: Database, deployment_id: str, *, actor: Any = dep.RUS_REQUESTER, facility: str = "IN-TST") -> Any:
    return order_service.create_order(
        db.uow(),
        actor=actor,
        agreement_id="relos-ind-rus",
        requesting_unit="Admiral Grigorovich",
        facility_id=facility,
        deployment_id=deployment_id,
        lines=LINES,
        now=dep.NOW,
    )


def test_order_serves_the_requesting_partys_deployment(orders_db: Database) -> None:
    deployment = dep.approved(dep.prepare(orders_db), ships=1, personnel=200)
    order = order_for(orders_db, deployment["id"])
    assert order["deployment_id"] == deployment["id"]


def test_order_refuses_a_deployment_of_the_other_party_as_if_it_did_not_exist(orders_db: Database) -> None:
    deployment = dep.approved(dep.prepare(orders_db), ships=1, personnel=200)
    with pytest.raises(InvalidInput, match=f"deployment_id: no deployment {deployment['id']} of IND under relos"):
        order_for(orders_db, deployment["id"], actor=REQUESTER, facility="RU-VVO")
    with pytest.raises(InvalidInput, match="deployment_id: no deployment 0190-none of RUS under relos-ind-rus"):
        order_for(orders_db, "0190-none")


def test_order_refuses_a_cancelled_deployment(orders_db: Database) -> None:
    deployment = dep.submitted(dep.prepare(orders_db), ships=1, personnel=200)
    deployments.cancel_deployment(
        orders_db.uow(), actor=dep.RUS_REQUESTER, deployment_id=deployment["id"], reason="exercise called off"
    )
    with pytest.raises(InvalidInput, match="is cancelled: support serves it no more"):
        order_for(orders_db, deployment["id"])
    assert order_service.list_orders(orders_db.uow(), actor=dep.RUS_REQUESTER) == []
