"""A deployment's history as its page and the API list it — each version's number, reason, author and time —
is read without the versions' documents, and says the same as the versions themselves. On SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.integration import references_helpers as made
from tests.integration.clearance_helpers import IND_REQUESTER, NOW, deployment_data

from relos.db.runtime import Database
from relos.services.deployments import lifecycle as deployments
from relos.services.deployments import reads


@pytest.fixture
def world(orders_db: Database) -> Database:
    return made.make_world(orders_db)


def test_the_history_lists_each_version_as_recorded_oldest_first(world: Database) -> None:
    d = made.deployment(world)
    later = NOW + timedelta(minutes=5)
    more = deployment_data(personnel=190)
    deployments.amend_deployment(
        world.uow(), actor=IND_REQUESTER, deployment_id=d["id"], data=more, reason="two more boarding teams", now=later
    )
    with world.uow() as uow:
        history = uow.deployments.history(d["id"])
        versions = uow.deployments.versions(d["id"])
        together = uow.deployments.get_with_history(d["id"])  # what a reader is shown, in one statement
        alone = uow.deployments.get(d["id"])
    assert together == (alone, history)
    assert [h.version for h in history] == [1, 2]
    assert [(h.version, h.reason, h.recorded_by, h.recorded_at) for h in history] == [
        (v.version, v.reason, v.recorded_by, v.recorded_at) for v in versions
    ]
    assert (history[1].reason, history[1].recorded_by) == ("two more boarding teams", IND_REQUESTER.user_id)
    assert history[1].recorded_at == later
    shown = reads.get_deployment(world.uow(), actor=IND_REQUESTER, deployment_id=d["id"], now=later)
    assert [(v["version"], v["recorded_at"]) for v in shown["versions"]] == [
        (h.version, h.recorded_at.isoformat()) for h in history
    ]


def test_a_deployment_without_versions_has_an_empty_history(world: Database) -> None:
    with world.uow() as uow:
        assert uow.deployments.history("no-such-deployment") == []
        assert uow.deployments.get_with_history("no-such-deployment") is None
