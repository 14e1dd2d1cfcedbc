"""A deployment read with its agreement (and the agreement's events, in order) and its facility in one statement
(relos.db.repositories.deployment_context) is what the three reads apart give, on both databases (that an
approval reads them so: test_deployment_row_read_once)."""

from __future__ import annotations

from datetime import date

import pytest
from tests.integration.deployments_helpers import OPERATOR, prepare, submitted

from relos.db.runtime import Database
from relos.domain.agreements import AgreementEvent, EventKind
from relos.services.agreements import register as agreements


@pytest.fixture
def db(loaded: Database) -> Database:
    prepare(loaded)
    for on, note in ((date(2026, 1, 20), "a later note"), (date(2026, 1, 5), "an earlier note")):
        agreements.record_event(loaded.uow(), actor=OPERATOR, agreement_id="relos-ind-rus",
                                event=AgreementEvent(EventKind.NOTE, on, "test", note=note), at=on)  # fmt: skip
    return loaded


def test_the_deployment_its_agreement_and_its_facility_are_the_three_reads_apart(db: Database) -> None:
    found = submitted(db, start=0, end=10, ships=1, facility="IN-OTH")
    with db.uow(read_only=True) as uow:
        together = uow.deployments.get_in_context(found["id"])
        apart = uow.deployments.get(found["id"])
        assert apart is not None
        agreement, facility = uow.agreements.get(apart.agreement_id), uow.facilities.get(apart.facility_id)
    assert together is not None
    assert together.deployment == apart
    assert together.facility == facility and together.facility is not None and together.facility.id == "IN-OTH"
    assert together.agreement == agreement and together.agreement is not None
    dates = [e.on for e in together.agreement.events]
    assert len(dates) >= 4 and dates == sorted(dates)  # the file's events, its entry into force and the two notes
    notes = [e.note for e in together.agreement.events if e.kind is EventKind.NOTE]
    assert notes == ["an earlier note", "a later note"]


def test_a_deployment_that_is_not_there_is_none(db: Database) -> None:
    with db.uow(read_only=True) as uow:
        assert uow.deployments.get_in_context("no-such-deployment") is None
