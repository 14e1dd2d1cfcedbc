"""Every deployment, clearance and support order gets a reference when it is created — HOST-KIND-YEAR-NUMBER,
counted per host party, kind and year of creation, never given twice — and a title, chosen or made; both are
stored, returned, kept by amendments, carried in the exchanged document, and a reference finds its record
for whoever may see it. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from tests.integration import references_helpers as made
from tests.integration.clearance_helpers import IND_REQUESTER, NOW, deployment_data
from tests.integration.deployments_helpers import RUS_REQUESTER, USA_REQUESTER, prepare, request

from relos.db.repositories.deployments import SqlDeploymentRepository
from relos.db.runtime import Database
from relos.domain.errors import InvalidInput, NotFound
from relos.domain.references import RecordKind
from relos.services.clearances import lifecycle as clearances
from relos.services.deployments import lifecycle as deployments
from relos.services.deployments import reads
from relos.services.orders import lifecycle as orders
from relos.services.references import record_id


@pytest.fixture
def world(orders_db: Database) -> Database:
    return made.make_world(orders_db)


def test_references_count_per_host_kind_and_year_of_creation(world: Database) -> None:
    assert made.deployment(world)["reference"] == "RUS-DEP-2026-0001"
    assert made.deployment(world)["reference"] == "RUS-DEP-2026-0002"
    assert made.clearance(world)["reference"] == "RUS-CLR-2026-0001"
    assert made.order(world)["reference"] == "RUS-ORD-2026-0001"
    assert made.deployment(world, now=datetime(2027, 1, 1, tzinfo=UTC))["reference"] == "RUS-DEP-2027-0001"
    prepare(world)  # an Indian base open to Russia: India hosts
    hosted = deployments.create_deployment(world.uow(), actor=RUS_REQUESTER, data=request(ships=1), now=NOW)
    assert hosted["reference"] == "IND-DEP-2026-0001"
    assert made.deployment(world)["reference"] == "RUS-DEP-2026-0003"


def test_a_reference_and_title_are_stored_shown_and_carried_in_the_exchanged_document(world: Database) -> None:
    d = made.deployment(world, title="  Malabar 2026 — port call  ")
    assert d["title"] == "Malabar 2026 — port call"
    shown = reads.get_deployment(world.uow(), actor=IND_REQUESTER, deployment_id=d["id"], now=NOW)
    assert (shown["reference"], shown["title"]) == (d["reference"], d["title"])
    listed = reads.list_deployments(world.uow(), actor=IND_REQUESTER, now=NOW)
    assert [(r["reference"], r["title"]) for r in listed] == [(d["reference"], d["title"])]
    with world.uow() as uow:
        document = json.loads(uow.deployments.versions(d["id"])[0].document)
    assert (document["id"], document["reference"], document["title"]) == (d["id"], d["reference"], d["title"])


def test_a_record_without_a_chosen_title_gets_one_made_from_what_it_says(world: Database) -> None:
    assert made.deployment(world)["title"] == "INS Tabar and 1 more at Test port of Vladivostok, 1–6 May 2026"
    assert made.clearance(world)["title"] == "Port call of INS Tabar at Test port of Vladivostok, 1–6 May 2026"
    assert made.order(world)["title"].startswith("INS Tabar: Naval distillate fuel and 1 more at ")
    listed = orders.list_orders(world.uow(), actor=IND_REQUESTER)
    assert listed[0]["title"].startswith("INS Tabar: Naval distillate fuel") and listed[0]["reference"]


@pytest.mark.parametrize("kind", ["deployment", "clearance", "order"])
def test_a_title_over_200_characters_is_refused_naming_the_field_and_nothing_is_written(
    world: Database, kind: str
) -> None:
    make = {"deployment": made.deployment, "clearance": made.clearance, "order": made.order}[kind]
    with pytest.raises(InvalidInput) as refused:
        make(world, title="x" * 201)
    assert [p.field for p in refused.value.problems] == ["title"]
    assert "at most 200 characters" in str(refused.value)
    with pytest.raises(InvalidInput, match="title: must be one line"):
        make(world, title="two\nlines")
    assert make(world)["reference"].endswith("-0001")  # nothing written, no number given away


def test_a_creation_rolled_back_after_taking_its_reference_gives_no_number_away(
    world: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: SqlDeploymentRepository, *args: object, **kwargs: object) -> None:
        raise RuntimeError("the disk is full")

    with monkeypatch.context() as patched:
        patched.setattr(SqlDeploymentRepository, "add", broken)
        with pytest.raises(RuntimeError):
            made.deployment(world)
    assert made.deployment(world)["reference"] == "RUS-DEP-2026-0001"


def test_an_amendment_keeps_the_reference_and_the_title(world: Database) -> None:
    d = made.deployment(world, title="Exercise INDRA")
    amended = deployments.amend_deployment(
        world.uow(), actor=IND_REQUESTER, deployment_id=d["id"], data=deployment_data(personnel=300), reason="more"
    )
    assert (amended["version"], amended["reference"], amended["title"]) == (2, d["reference"], "Exercise INDRA")
    c = made.clearance(world, title="Tabar's call")
    again = clearances.amend_clearance(
        world.uow(), actor=IND_REQUESTER, clearance_id=c["id"], reason="purpose", purpose="joint_exercise", now=NOW
    )
    assert (again["version"], again["reference"], again["title"]) == (2, c["reference"], "Tabar's call")
    shown = clearances.get_clearance(world.uow(), actor=IND_REQUESTER, clearance_id=c["id"])
    assert (shown["reference"], shown["title"]) == (c["reference"], "Tabar's call")


def test_a_reference_finds_its_record_only_for_those_who_may_see_it(world: Database) -> None:
    d = made.deployment(world)
    c = made.clearance(world)
    o = made.order(world)
    assert record_id(world.uow(), actor=IND_REQUESTER, kind=RecordKind.DEPLOYMENT, key="rus-dep-2026-1") == d["id"]
    assert record_id(world.uow(), actor=IND_REQUESTER, kind=RecordKind.CLEARANCE, key=c["reference"]) == c["id"]
    assert record_id(world.uow(), actor=IND_REQUESTER, kind=RecordKind.ORDER, key=o["reference"]) == o["id"]
    assert record_id(world.uow(), actor=IND_REQUESTER, kind=RecordKind.ORDER, key=o["id"]) == o["id"]
    with pytest.raises(NotFound, match="RUS-DEP-2026-0001"):  # not a party: as if it did not exist
        record_id(world.uow(), actor=USA_REQUESTER, kind=RecordKind.DEPLOYMENT, key=d["reference"])
    with pytest.raises(NotFound, match="clearance 'RUS-DEP-2026-0001'"):  # a deployment's reference
        record_id(world.uow(), actor=IND_REQUESTER, kind=RecordKind.CLEARANCE, key=d["reference"])
    with pytest.raises(NotFound):
        record_id(world.uow(), actor=IND_REQUESTER, kind=RecordKind.DEPLOYMENT, key="RUS-DEP-2026-0099")
