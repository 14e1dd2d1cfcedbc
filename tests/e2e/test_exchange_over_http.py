"""The connected exchange between two servers on loopback: India's instance (SQLite) syncs with Russia's
(PostgreSQL) served by `relos serve`'s application: the request applied there, its answer imported here; a
replayed post is ignored; a forged bundle is refused 422 with nothing applied; a partner that does not answer
is tried again with back-off, then the sync stops with nothing lost, and the next one completes the work; two
servers that know each other's address sync by themselves."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tests.e2e.live_server import free_port, serving
from tests.integration.exchange_helpers import NOW, OPERATOR, RUS_APPROVER, Instance, requested, side_by_side

from relos.domain.deployments.model import DeploymentStatus
from relos.domain.errors import Conflict
from relos.services.deployments import lifecycle
from relos.services.exchange import peers, sync
from relos.services.exchange.inbox import ImportReport


@pytest.fixture
def instances(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Instance, Instance]]:
    yield from side_by_side(request, tmp_path)


def _sync(
    india: Instance, post: sync.Post, *, attempts: int = 5, sleep: Callable[[float], None] = time.sleep
) -> ImportReport:
    return sync.sync(
        india.db.uow(), actor=OPERATOR, peer="RUS", key=india.key, now=NOW, post=post, attempts=attempts, sleep=sleep
    )


def test_a_request_and_its_approval_cross_over_http_and_a_forged_bundle_is_refused(
    instances: tuple[Instance, Instance],
) -> None:
    india, russia = instances
    deployment_id = requested(india)
    with serving(russia.db, data_dir=russia.data_dir) as url:
        post = sync.http_post(url)
        report = _sync(india, post)
        assert report.acknowledged == 1 and russia.deployment(deployment_id).status is DeploymentStatus.SUBMITTED
        lifecycle.approve_deployment(russia.db.uow(), actor=RUS_APPROVER, deployment_id=deployment_id, now=NOW)
        assert len(_sync(india, post).applied) == 1
        assert india.deployment(deployment_id).status is DeploymentStatus.APPROVED
        replayed = india.export("RUS")
        post(replayed)
        post(replayed)  # the same bundle twice: ignored
        forged = replayed.replace(b'"upto":1', b'"upto":9')
        with pytest.raises(Conflict) as refused:
            post(forged)
        assert refused.value.code == "conflict.exchange_partner_refused" and "422" in str(refused.value)
    with russia.db.uow(read_only=True) as uow:
        assert [d.seq for d in uow.exchange.inbox("IND")] == [1]


def test_a_partner_that_does_not_answer_is_tried_again_then_the_next_sync_completes(
    instances: tuple[Instance, Instance],
) -> None:
    india, russia = instances
    deployment_id = requested(india)
    waited: list[float] = []
    down = sync.http_post(f"http://127.0.0.1:{free_port()}", timeout=2)
    with pytest.raises(Conflict) as gave_up:
        _sync(india, down, attempts=4, sleep=waited.append)
    assert gave_up.value.code == "conflict.exchange_partner_unreachable" and waited == [1.0, 2.0, 4.0]
    assert russia.deployment(deployment_id) is None
    with serving(russia.db, data_dir=russia.data_dir) as url:
        assert _sync(india, sync.http_post(url)).acknowledged == 1
    assert russia.deployment(deployment_id).status is DeploymentStatus.SUBMITTED


def _eventually(check: Callable[[], bool], *, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "the servers did not sync in time"
        time.sleep(0.2)


def test_two_servers_sync_by_themselves_once_each_knows_the_others_address(
    instances: tuple[Instance, Instance],
) -> None:
    india, russia = instances
    deployment_id = requested(india)
    with (
        serving(russia.db, data_dir=russia.data_dir, lifespan=True) as russia_url,
        serving(india.db, data_dir=india.data_dir, lifespan=True) as india_url,
    ):
        peers.set_address(india.db.uow(), actor=OPERATOR, party="RUS", url=russia_url, every_seconds=1)
        peers.set_address(russia.db.uow(), actor=OPERATOR, party="IND", url=india_url, every_seconds=1)
        _eventually(lambda: russia.deployment(deployment_id) is not None)
        lifecycle.approve_deployment(russia.db.uow(), actor=RUS_APPROVER, deployment_id=deployment_id, now=NOW)
        _eventually(lambda: india.deployment(deployment_id).status is DeploymentStatus.APPROVED)
