"""`relos demo` on a fresh database (after `relos init`), on both databases: the sample loads through the use
cases, dated from the application's clock, every invariant holds after it, and it refuses a database that
already holds records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from typer.testing import CliRunner

from relos.cli import common
from relos.cli.main import app
from relos.clock import Clock
from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.domain.errors import Conflict
from relos.services.agreements import register
from relos.services.deployments.reads import list_deployments
from relos.services.operations.demo import DEMO_PASSWORD, load_demo
from relos.services.orders import lifecycle as orders
from relos.services.people import sessions, users

runner = CliRunner()
NOW = datetime(2027, 5, 20, 10, 0, tzinfo=UTC)


@pytest.fixture
def cli(catalogue: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    monkeypatch.setenv("RELOS_DATABASE_URL", catalogue.url)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setattr(common, "CLOCK", Clock(pinned=NOW))
    return catalogue


def test_the_sample_loads_dated_from_the_clock_and_every_invariant_holds(cli: Database, operator: Actor) -> None:
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    assert "ind-requester" in result.output and DEMO_PASSWORD in result.output and "ASSUMED" in result.output
    today = NOW.date()
    view = register.get_agreement(cli.uow(), actor=operator, agreement_id="relos-ind-rus", at=today)
    assert view.status.in_force_from == today - timedelta(days=180)
    assert any("ASSUMPTION" in e.source and e.note for e in view.events)
    found = {
        (d["facility_id"], d["status"], d["arrived_at"] is not None)
        for d in list_deployments(cli.uow(), actor=operator)
    }
    assert found == {("RU-VVO", "approved", False), ("IN-BOM", "arrived", True)}
    statuses = sorted(o["status"] for o in orders.list_orders(cli.uow(), actor=operator))
    assert statuses == ["accepted", "billed", "settled"], statuses
    assert sessions.sign_in(cli.uow(), user_id="rus-finance", password=DEMO_PASSWORD, now=datetime.now(UTC))
    assert all(u.display_name.startswith("DEMO") for u in users.list_users(cli.uow(), actor=operator))
    check = runner.invoke(app, ["check"])
    assert check.exit_code == 0 and "every invariant holds" in check.output, check.output


def test_a_second_run_is_refused_and_writes_nothing(cli: Database, operator: Actor) -> None:
    assert runner.invoke(app, ["demo"]).exit_code == 0
    result = runner.invoke(app, ["demo"])
    assert result.exit_code != 0 and "holds deployments, clearances, support orders" in result.output


def test_a_database_holding_a_real_user_is_refused(catalogue: Database, operator: Actor) -> None:
    users.create_user(
        catalogue.uow(), actor=operator, user_id="asha", party="IND", roles=["auditor"], password="a long passphrase!"
    )
    with pytest.raises(Conflict, match="holds users") as refused:
        load_demo(catalogue.uow, operator=operator, now=NOW)
    assert refused.value.code == "conflict.demo_database_not_empty"
    assert list_deployments(catalogue.uow(), actor=operator) == []
    assert [u.user_id for u in users.list_users(catalogue.uow(), actor=operator)] == ["asha"]
