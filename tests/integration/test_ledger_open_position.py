"""An agreement's open position on a day (services.ledger.open_position: what the overview and the ledger page
age and list as overdue or nearly due) says what the settlement statement of the agreement's whole life to that
day says, on a seeded history with payments, a correction, in-kind debts part returned and converted, in three
currencies, on both databases, for days before, during and after it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from tests.integration.ledger_history import play
from tests.integration.orders_helpers import IND_FINANCE, RUS_BILLING
from tests.integration.test_ledger_statement_truth import FIXED, prepare

from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.services.dashboard.dues import ageing_by_agreement, reimbursements_due
from relos.services.ledger.open_position import open_position
from relos.services.ledger.results import Statement
from relos.services.ledger.statements import ledger_statement

AGREEMENT = "relos-ind-rus"
SIGNED = date(2025, 2, 18)


@pytest.fixture
def played(database: Database) -> tuple[Database, list[date]]:
    db = prepare(database)
    history = play(db, FIXED)
    last = history.last_day
    return db, [date(2026, 3, 1), date(2026, 6, 30), date(2026, 11, 15), date(2027, 4, 2), last, last + timedelta(400)]


def _whole_life(db: Database, actor: Actor, today: date) -> Statement:
    period = f"{SIGNED.isoformat()}..{(today + timedelta(days=1)).isoformat()}"
    return ledger_statement(db.uow(), actor=actor, agreement_id=AGREEMENT, period=period, today=today)


def _order_of(reference: str, st: Statement) -> str | None:
    """The order an open item arises from, looked up in the statement as the overview did before."""
    kind, _, ref = reference.partition(":")
    if kind == "order":
        return ref
    if kind == "invoice":
        return next((i["order_id"] for i in st["invoices"] if i["id"] == ref), None)
    if kind == "obligation":
        return next((o["order_id"] for o in st["obligations"] if o["id"] == ref), None)
    return None


def test_the_open_position_on_any_day_is_the_whole_life_statements(played: tuple[Database, list[date]]) -> None:
    db, days = played
    seen_open = seen_overdue = 0
    for today in days:
        for actor in (IND_FINANCE, RUS_BILLING):
            st = _whole_life(db, actor, today)
            pos = open_position(db.uow(), actor=actor, agreement_id=AGREEMENT, today=today)
            assert pos["as_of"] == st["as_of"] == today.isoformat()
            for key in ("ageing", "open_items", "overdue", "nearly_due"):
                assert pos[key] == st[key], (today, key)  # type: ignore[literal-required]
            for item in pos["open_items"]:
                kind, _, ref = item["reference"].partition(":")
                if kind in ("invoice", "obligation"):
                    assert pos["orders"][ref] == _order_of(item["reference"], st)
            seen_open += len(pos["open_items"])
            seen_overdue += len(pos["overdue"])
    assert seen_open and seen_overdue  # the history leaves items open, some overdue, on some of the days


def test_the_overview_and_the_ledger_page_read_the_same_figures_as_before(
    played: tuple[Database, list[date]],
) -> None:
    db, days = played
    for today in days:
        st = _whole_life(db, IND_FINANCE, today)
        due = reimbursements_due(db.uow(), actor=IND_FINANCE, today=today)
        late = {i["reference"] for i in st["overdue"]}
        expected = [("overdue", i) for i in st["overdue"]]
        expected += [("nearly_due", i) for i in st["nearly_due"] if i["reference"] not in late]
        assert sorted((d["state"], f"{d['item']}:{d['reference']}", d["order_id"]) for d in due) == sorted(
            (state, i["reference"], _order_of(i["reference"], st)) for state, i in expected
        )
        ageing = [
            a for a in ageing_by_agreement(db.uow(), actor=IND_FINANCE, today=today) if a["agreement_id"] == AGREEMENT
        ]
        assert ageing == (
            [{"agreement_id": AGREEMENT, "as_of": st["as_of"], "rows": st["ageing"]}] if st["ageing"] else []
        )
