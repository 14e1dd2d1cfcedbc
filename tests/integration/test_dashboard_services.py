"""The dashboard's reads and the users' particulars, on both databases: an agreement's days to expiry and to the
extension decision as its events move them; the last administrator keeps the role; languages and roles set and
audited; another party's user is not there to change."""

from __future__ import annotations

from datetime import date

import pytest
from tests.e2e import web_helpers as w

from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.domain.agreements import AgreementEvent, EventKind
from relos.domain.errors import Conflict, InvalidInput, NotFound
from relos.services.agreements import register
from relos.services.dashboard.calendar import agreement_calendars
from relos.services.people import profiles, users
from relos.services.people.audit import read_audit_trail

OPERATOR = Actor.operator("test")


def _relos(db: Database, today: date) -> dict[str, object]:
    found = agreement_calendars(db.uow(), actor=w.actor("ind.admin"), today=today)
    return dict(next(a for a in found if a["id"] == "relos-ind-rus"))


def _record(db: Database, kind: EventKind, on: date, party: str | None, effective: date | None = None) -> None:
    event = AgreementEvent(kind=kind, on=on, source="test source", party=party, effective=effective)
    register.record_event(db.uow(), actor=OPERATOR, agreement_id="relos-ind-rus", event=event, at=on)


def test_the_extension_decision_follows_the_consents_and_a_termination(orders_db: Database) -> None:
    w.add_people(orders_db)
    relos = _relos(orders_db, date(2026, 6, 1))  # in force from 2026-01-01 for five years, one extension of five
    assert relos["expires_on"] == "2031-01-01" and relos["days_to_expiry"] == (date(2031, 1, 1) - date(2026, 6, 1)).days
    assert relos["extension_decision_by"] == "2031-01-01"
    assert relos["days_to_extension_decision"] == relos["days_to_expiry"]
    _record(orders_db, EventKind.EXTENSION_CONSENT, date(2026, 6, 1), "IND")
    assert _relos(orders_db, date(2026, 6, 2))["extension_consented_by"] == ["IND"]
    _record(orders_db, EventKind.EXTENSION_CONSENT, date(2026, 6, 2), "RUS")
    extended = _relos(orders_db, date(2026, 6, 3))
    assert extended["expires_on"] == "2036-01-01" and extended["extension_decision_by"] is None  # none left
    _record(orders_db, EventKind.TERMINATION_BY_CONSENT, date(2026, 6, 3), None, effective=date(2027, 1, 1))
    ending = _relos(orders_db, date(2026, 6, 4))
    assert ending["expires_on"] == "2027-01-01" and ending["extension_decision_by"] is None
    assert _relos(orders_db, date(2027, 1, 1))["days_to_expiry"] is None  # terminated: no term runs


def test_the_last_administrator_keeps_the_role(orders_db: Database) -> None:
    w.add_people(orders_db)
    admin = w.actor("rus.admin")
    with pytest.raises(Conflict, match="last active administrator"):
        profiles.set_user_roles(orders_db.uow(), actor=admin, user_id="rus.admin", roles=["auditor"])
    changed = profiles.set_user_roles(
        orders_db.uow(), actor=admin, user_id="rus.commander", roles=["host_approver", "administrator"]
    )
    assert {r.value for r in changed.roles} == {"host_approver", "administrator"}
    kept = profiles.set_user_roles(orders_db.uow(), actor=admin, user_id="rus.admin", roles=["auditor"])
    assert {r.value for r in kept.roles} == {"auditor"}  # another administrator is left
    with pytest.raises(InvalidInput) as refused:
        profiles.set_user_roles(orders_db.uow(), actor=w.actor("ind.admin"), user_id="ind.finance", roles=["chief"])
    assert refused.value.problems[0].field == "roles"


def test_languages_are_set_by_the_user_or_an_administrator_of_the_party(orders_db: Database) -> None:
    w.add_people(orders_db)
    own = profiles.set_user_language(
        orders_db.uow(), actor=w.actor("rus.finance"), user_id="rus.finance", language="ru"
    )
    assert own.language == "ru"
    by_admin = profiles.set_user_language(
        orders_db.uow(), actor=w.actor("ind.admin"), user_id="ind.finance", language="ru"
    )
    assert by_admin.language == "ru"
    with pytest.raises(NotFound):  # Russia's users are not India's administrator's to see
        profiles.set_user_language(orders_db.uow(), actor=w.actor("ind.admin"), user_id="rus.finance", language="en")
    with pytest.raises(InvalidInput):
        profiles.set_user_language(orders_db.uow(), actor=w.actor("ind.admin"), user_id="ind.finance", language="fr")
    actions = [e.action for e in read_audit_trail(orders_db.uow(), actor=OPERATOR, limit=20)]
    assert actions.count("user.language_set") == 2
    assert users.get_user(orders_db.uow(), actor=OPERATOR, user_id="ind.finance").language == "ru"


def test_an_automatically_renewed_agreement_shows_the_end_of_its_current_term(orders_db: Database) -> None:
    """LEMOA (in force 29 August 2016, ten-year terms renewed automatically): in December 2026 its first term
    has ended and the second runs to 29 August 2036 — that is the day a user reads, not the outer limit of every
    renewal (2116); the notice that would stop the next term is due before it."""
    w.add_people(orders_db)
    found = agreement_calendars(orders_db.uow(), actor=w.actor("ind.admin"), today=date(2026, 12, 4))
    lemoa = next((a for a in found if a["id"] == "lemoa-ind-usa"), None)
    if lemoa is None:
        pytest.fail("the bundled LEMOA file is not in the test database")
    assert lemoa["status"] == "in_force" and lemoa["renews_automatically"] is True
    assert lemoa["expires_on"] == "2036-08-29"
    assert lemoa["days_to_expiry"] == (date(2036, 8, 29) - date(2026, 12, 4)).days
    assert lemoa["extension_decision_by"] is not None and lemoa["extension_decision_by"] <= "2036-08-29"
    before = next(
        a
        for a in agreement_calendars(orders_db.uow(), actor=w.actor("ind.admin"), today=date(2026, 8, 28))
        if a["id"] == "lemoa-ind-usa"
    )
    assert before["expires_on"] == "2026-08-29"  # the last day of the first term: it ends the next day
    assert _relos(orders_db, date(2026, 6, 1))["renews_automatically"] is False  # RELOS renews by consent
