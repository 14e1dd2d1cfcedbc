"""The orders a settlement statement lists are chosen by the database (services.ledger.statements with the
orders repository's statement_orders): on a seeded history, for periods before, across and after it, they are
those the statement chose before in Python from every order of the agreement (made in the period, still open,
or with a delivery or obligation in it), in the same order; a page of them is their head, counted whole."""

from __future__ import annotations

from datetime import date

import pytest
from tests.integration.ledger_history import play
from tests.integration.orders_helpers import IND_FINANCE, draft, price_list
from tests.integration.test_ledger_statement_truth import FIXED, prepare

from relos.db.runtime import Database
from relos.domain.orders.model import FINAL, SupportOrder
from relos.services.ledger.statements import OPEN_STATUSES, ledger_statement, parse_period

AGREEMENT = "relos-ind-rus"
PERIODS = ("2025", "2026", "2026-Q1", "2026-03", "2026-Q2", "2026-07-01..2027-03-01", "2027", "2028", "2030")


def _chosen_before(db: Database, start: date, end: date) -> list[str]:
    """The previous computation: every order of the agreement made before `end`, kept when made in the period,
    not closed or cancelled, or touched by a delivery or an obligation in the period."""
    with db.uow() as uow:
        touched = {ob.order_id for ob in uow.claims.period_obligations(agreement_id=AGREEMENT, start=start, end=end)}
        touched |= {d.order_id for d, _ in uow.orders.deliveries(agreement_id=AGREEMENT, start=start, end=end)}
        every = uow.orders.list(agreement_id=AGREEMENT, created_before=end)

    def relevant(o: SupportOrder) -> bool:
        return o.created_at.date() >= start or o.status not in FINAL or o.id in touched

    return [o.id for o in every if relevant(o)]


@pytest.fixture
def history(database: Database) -> Database:
    db = prepare(database)
    play(db, FIXED)
    price_list(db)
    draft(db)  # an order never delivered: open on every statement after it was made
    return db


def test_the_statement_lists_the_orders_it_listed_before(history: Database) -> None:
    listed = 0
    for period in PERIODS:
        start, end, _ = parse_period(period)
        expected = _chosen_before(history, start, end)
        with history.uow() as uow:
            found, total = uow.orders.statement_orders(
                agreement_id=AGREEMENT, start=start, end=end, open_statuses=OPEN_STATUSES
            )
            head, counted = uow.orders.statement_orders(
                agreement_id=AGREEMENT, start=start, end=end, open_statuses=OPEN_STATUSES, limit=2
            )
        assert [o.id for o in found] == expected and total == counted == len(expected), period
        assert [o.id for o in head] == expected[:2], period
        listed += total
    assert listed  # the history's orders are on some of the statements


def test_a_statement_cut_to_a_page_lists_the_first_orders_and_counts_them_all(history: Database) -> None:
    whole = ledger_statement(history.uow(), actor=IND_FINANCE, agreement_id=AGREEMENT, period="2026")
    cut = ledger_statement(history.uow(), actor=IND_FINANCE, agreement_id=AGREEMENT, period="2026", orders_limit=2)
    assert whole["orders_total"] == cut["orders_total"] == len(whole["orders"]) > 2
    assert cut["orders"] == whole["orders"][:2]
    assert {k: v for k, v in cut.items() if k != "orders"} == {k: v for k, v in whole.items() if k != "orders"}
