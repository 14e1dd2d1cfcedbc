"""The host's presence kept warm in the process (relos.db.repositories.presence_index) answers as the database's
own queries do, after every kind of change: deployments written in any status, moved between statuses and
windows, overrides recorded and revoked, the database emptied and filled again; and a unit of work that wrote,
uncommitted, reads the database itself and leaves nothing of its own in the index."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

from sqlalchemy import text
from tests.integration.deployments_helpers import NOW, OTHER, T0, day, override, prepare, ship

from relos.db.runtime import Database
from relos.domain.deployments.model import Deployment, DeploymentStatus, Ship
from relos.services.unit_of_work import UnitOfWork

STATUSES = list(DeploymentStatus)
FACILITIES = ("IN-TST", OTHER.id)
VISITORS = (("RUS", "relos-ind-rus"), ("USA", "lemoa-ind-usa"))


def _ships(n: int) -> tuple[Ship, ...]:
    return tuple(
        Ship(s["name"], s["hull_number"], s["class"], s["displacement_t"], s["length_m"], s["beam_m"], s["draught_m"])
        for s in (ship(i) for i in range(n))
    )


def _deployment(rng: random.Random, n: int) -> Deployment:
    visitor, agreement = rng.choice(VISITORS)
    start = day(rng.randrange(0, 40))
    return _moved(
        rng,
        Deployment(
            id=f"00000000-0000-0000-0000-{n:012d}",
            agreement_id=agreement,
            visiting_party=visitor,
            host_party="IND",
            facility_id=rng.choice(FACILITIES),
            purpose="joint_exercise",
            start=start,
            end=start + timedelta(days=rng.randrange(1, 15)),
            ships=_ships(rng.randrange(0, 3)),
            aircraft=(),
            personnel=rng.randrange(0, 500),
            requested_by="rus.requester",
            created_at=NOW,
            reference=f"IND-DEP-2026-{n:04d}",
            title=f"Deployment {n}",
        ),
    )


def _moved(rng: random.Random, d: Deployment) -> Deployment:
    """`d` in a random status, window and actual stay (arrived early or late, departed early or overstaying)."""
    start = day(rng.randrange(0, 40))
    d = replace(d, start=start, end=start + timedelta(days=rng.randrange(1, 15)), status=rng.choice(STATUSES))
    arrived = d.start + timedelta(days=rng.choice((-2, 0, 1)))
    departed = d.end + timedelta(days=rng.choice((-1, 0, 3)))
    if d.status in (DeploymentStatus.ARRIVED, DeploymentStatus.DEPARTED, DeploymentStatus.CLOSED):
        d = replace(d, arrived_at=arrived)
    if d.status in (DeploymentStatus.DEPARTED, DeploymentStatus.CLOSED):
        d = replace(d, departed_at=max(departed, arrived + timedelta(hours=1)))
    else:
        d = replace(d, departed_at=None)
    if d.status is DeploymentStatus.APPROVED:
        d = replace(d, arrived_at=None)
    return d


def _same_answers(db: Database, rng: random.Random, rounds: int = 60) -> None:
    with db.uow(read_only=True) as uow:
        warm = uow.deployments.presence("IND")
        for _ in range(rounds):
            start = T0 + timedelta(hours=rng.randrange(-24 * 5, 24 * 60))
            end = start + timedelta(hours=rng.randrange(1, 24 * 20))
            visitor = rng.choice((None, "RUS", "USA"))
            facility = rng.choice((None, *FACILITIES))
            expected = uow.deployments.occupying(
                host_party="IND", start=start, end=end, visiting_party=visitor, facility_id=facility
            )
            found = warm.occupying(start=start, end=end, visiting_party=visitor, facility_id=facility)
            assert sorted(found, key=lambda o: o.id) == sorted(expected, key=lambda o: o.id)
        for visitor, _ in VISITORS:
            expected_overrides = uow.deployments.overrides(host_party="IND", visiting_party=visitor)
            assert warm.overrides(visiting_party=visitor) == expected_overrides


def _write(db: Database, deployments: list[Deployment], *, new: bool) -> None:
    with db.uow() as uow:
        for d in deployments:
            if new:
                uow.deployments.add(d, document="{}", recorded_by="test", now=NOW)
            else:
                uow.deployments.save(d, document=None, recorded_by="test", now=NOW)
        uow.commit()


def test_the_warm_index_answers_as_the_database_after_every_kind_of_change(loaded: Database) -> None:
    db = prepare(loaded)
    rng = random.Random(17)
    made = [_deployment(rng, n) for n in range(60)]
    _write(db, made[:30], new=True)
    _same_answers(db, rng)  # read whole
    _write(db, made[30:], new=True)
    _same_answers(db, rng)  # what was added since
    for _ in range(5):
        changed = [_moved(rng, d) for d in rng.sample(made, 12)]
        _write(db, changed, new=False)
        made = [next((c for c in changed if c.id == d.id), d) for d in made]
        _same_answers(db, rng)  # rows moved in and out of the index, and within it
    recorded = override(db, start=3, end=20, warships=8)
    _same_answers(db, rng)  # an override: read again whole
    with db.uow() as uow:
        found = uow.deployments.override(recorded["id"])
        assert found is not None
        uow.deployments.revoke_override(replace(found, revoked_at=NOW, revoked_by="test", revocation_reason="test"))
        uow.commit()
    _same_answers(db, rng)


def _approved_uncommitted(uow: UnitOfWork, d: Deployment) -> None:
    uow.deployments.save(replace(d, status=DeploymentStatus.APPROVED), document=None, recorded_by="test", now=NOW)


def test_a_unit_of_work_that_wrote_reads_the_database_and_leaves_the_index_as_committed(loaded: Database) -> None:
    db = prepare(loaded)
    rng = random.Random(5)
    d = replace(_deployment(rng, 1), status=DeploymentStatus.SUBMITTED, arrived_at=None, departed_at=None)
    _write(db, [d], new=True)
    window = {"start": d.start, "end": d.end}
    with db.uow(read_only=True) as uow:
        assert uow.deployments.presence("IND").occupying(**window) == []  # the index is warm, without it
    with db.uow() as uow:
        _approved_uncommitted(uow, d)
        assert [o.id for o in uow.deployments.presence("IND").occupying(**window)] == [d.id]
        uow.rollback()
    with db.uow(read_only=True) as uow:
        assert uow.deployments.presence("IND").occupying(**window) == []
    _same_answers(db, rng)


def _emptied(db: Database, *tables: str) -> None:
    """Rows removed behind the application's back."""
    with db.uow() as uow:
        for table in tables:
            uow.session.execute(text(f"DELETE FROM {table}"))
        uow.commit()


def test_removed_deployments_and_a_database_emptied_and_filled_again_are_read_again(loaded: Database) -> None:
    db = prepare(loaded)
    rng = random.Random(9)
    first = replace(_deployment(rng, 1), status=DeploymentStatus.APPROVED, arrived_at=None, departed_at=None)
    window = {"start": first.start, "end": first.end}

    def seen() -> list[str]:
        with db.uow(read_only=True) as uow:
            return [o.id for o in uow.deployments.presence("IND").occupying(**window)]

    _write(db, [first], new=True)
    assert seen() == [first.id]
    _emptied(db, "deployment_versions", "deployments")  # the host's version moves on: read again whole
    assert seen() == []
    _write(db, [first], new=True)
    assert seen() == [first.id]
    _emptied(db, "host_presence", "deployment_versions", "deployments")  # and starts again under a new epoch
    second = replace(first, id="00000000-0000-0000-0000-000000000002", reference="IND-DEP-2026-0002")
    _write(db, [second], new=True)
    assert seen() == [second.id]
