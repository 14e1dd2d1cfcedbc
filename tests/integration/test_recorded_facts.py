"""What the staff read must be true, on both databases: a fact (an arrival, a departure, a delivery, a receipt,
a payment, its correction, a settlement in kind, an agreement event) is refused when dated in the future; an
arrival outside the approved window is refused until the window is amended and admitted again; a departure
after the approved end is recorded, and shown and audited as the breach it is."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from tests.integration.deployments_helpers import (
    IND_APPROVER,
    IND_LOGISTICS,
    OPERATOR,
    RUS_REQUESTER,
    approved,
    day,
    prepare,
    request,
)
from tests.integration.orders_helpers import IND_FINANCE, IND_RECEIVER, RUS_BILLING, RUS_LOGISTICS, accepted, price_list

from relos.db.runtime import Database
from relos.domain.agreements import AgreementEvent, EventKind
from relos.domain.errors import Conflict, InvalidInput, RuleViolated
from relos.domain.recorded import RECORDED_IN_FUTURE
from relos.services.agreements import register
from relos.services.deployments import lifecycle as service
from relos.services.deployments import presence, reads
from relos.services.ledger import reimbursement
from relos.services.orders import deliveries
from relos.services.orders import lifecycle as orders
from relos.services.people import audit as audit_trail

#: 3 December 2026, 10:00 UTC: the day the issue's false arrival and delivery were accepted.
DEC_3 = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)


@pytest.fixture
def db(loaded: Database) -> Database:
    return prepare(loaded)


def _problems(exc: pytest.ExceptionInfo[InvalidInput]) -> list[tuple[str, str | None]]:
    return [(p.field, p.rule) for p in exc.value.problems]


def _actions(db: Database, entity_id: str) -> list[str]:
    trail = audit_trail.read_audit_trail(db.uow(), actor=OPERATOR, limit=200)
    return [e.action for e in trail if e.entity_id == entity_id]


def _peak(timeline: dict[str, Any], party: str = "RUS", total: str = "personnel") -> int:
    return max((s["value"] for s in timeline["visiting_parties"].get(party, {}).get(total, [])), default=0)


# -- the second case: two forces of 3,000 under a cap of 3,000 ----------------------------------------
def test_an_early_arrival_cannot_put_two_forces_of_3000_in_the_territory_at_once(db: Database) -> None:
    first = approved(db, start=0, end=10, personnel=3000, facility="IN-OTH")
    second = approved(db, start=14, end=24, personnel=3000, first=10, facility="IN-OTH")  # 4 days after the first
    with pytest.raises(RuleViolated) as exc:  # recorded at an instant inside the first's window
        service.mark_arrived(db.uow(), actor=IND_LOGISTICS, deployment_id=second["id"], at=day(5), now=day(5))
    (v,) = exc.value.violations
    assert v.rule == "arrival_before_window"
    assert (v.details["start"], v.details["arrived_at"]) == ("2026-03-15T00:00:00Z", "2026-03-06T00:00:00Z")
    assert "the window must be amended" in v.message
    # nothing was written: still approved, no arrival audited, and never more than 3,000 present
    assert reads.get_deployment(db.uow(), actor=IND_APPROVER, deployment_id=second["id"])["status"] == "approved"
    assert "deployment.arrived" not in _actions(db, second["id"])
    line = presence.timeline(db.uow(), actor=IND_APPROVER, host_party="IND", start=day(0), end=day(30), now=day(5))
    assert _peak(line) == 3000 and line["breaches"] == [] and line["overstays"] == []
    # the first force arrives on time; the second, on its own start
    service.mark_arrived(db.uow(), actor=IND_LOGISTICS, deployment_id=first["id"], at=day(0), now=day(0))
    service.mark_departed(db.uow(), actor=IND_LOGISTICS, deployment_id=first["id"], at=day(9), now=day(9))
    arrived = service.mark_arrived(db.uow(), actor=IND_LOGISTICS, deployment_id=second["id"], at=day(14), now=day(14))
    assert arrived["status"] == "arrived" and arrived["breaches"] == []


def test_amending_the_window_of_an_approved_deployment_goes_through_admission_again(db: Database) -> None:
    approved(db, start=0, end=10, personnel=3000, facility="IN-OTH")
    second = approved(db, start=14, end=24, personnel=3000, first=10, facility="IN-OTH")
    earlier = request(start=5, end=24, personnel=3000, first=10, facility="IN-OTH")
    amended = service.amend_deployment(
        db.uow(), actor=RUS_REQUESTER, deployment_id=second["id"], data=earlier, reason="arrives early", now=day(-20)
    )
    assert (amended["status"], amended["version"], amended["start"]) == ("submitted", 2, "2026-03-06T00:00:00Z")
    with pytest.raises(RuleViolated) as exc:
        service.approve_deployment(db.uow(), actor=IND_APPROVER, deployment_id=second["id"], now=day(-20))
    (v,) = exc.value.violations
    assert (v.details["limit"], v.details["at"], v.details["total"], v.details["max"]) == (
        "personnel",
        "2026-03-06T00:00:00Z",
        6000,
        3000,
    )
    assert v.details["earliest_window"] == {"start": "2026-03-11T00:00:00Z", "end": "2026-03-30T00:00:00Z"}
    # not approved, so not arrivable: the arrival the amendment was for is still refused
    with pytest.raises(Conflict, match="needs it approved"):
        service.mark_arrived(db.uow(), actor=IND_LOGISTICS, deployment_id=second["id"], at=day(5), now=day(5))
    line = presence.timeline(db.uow(), actor=IND_APPROVER, host_party="IND", start=day(0), end=day(30), now=day(5))
    assert _peak(line) == 3000  # the amended request holds no capacity until approved


def test_a_departure_after_the_approved_end_is_recorded_shown_and_audited_as_an_overstay(db: Database) -> None:
    stay = approved(db, start=0, end=10, personnel=3000, facility="IN-OTH")
    service.mark_arrived(db.uow(), actor=IND_LOGISTICS, deployment_id=stay["id"], at=day(0), now=day(0))
    left = service.mark_departed(
        db.uow(), actor=IND_LOGISTICS, deployment_id=stay["id"], at=day(12), now=day(12) + timedelta(hours=2)
    )
    assert (left["status"], left["departed_at"], left["overstay"]) == ("departed", "2026-03-13T00:00:00Z", True)
    (b,) = left["breaches"]
    assert (b["rule"], b["since"], b["until"]) == ("overstay_recorded", "2026-03-11T00:00:00Z", "2026-03-13T00:00:00Z")
    assert _actions(db, stay["id"])[:2] == ["deployment.overstay_recorded", "deployment.departed"]
    entry = next(
        e
        for e in audit_trail.read_audit_trail(db.uow(), actor=OPERATOR, limit=50)
        if e.action == "deployment.overstay_recorded"
    )
    assert entry.after is not None
    assert (entry.after["approved_end"], entry.after["departed_at"], entry.after["overstay_s"]) == (
        "2026-03-11T00:00:00Z",
        "2026-03-13T00:00:00Z",
        2 * 86_400,
    )
    # the presence data say it: counted until the departure, an overstay, a breach
    line = presence.timeline(db.uow(), actor=IND_APPROVER, host_party="IND", start=day(0), end=day(20), now=day(15))
    steps = [(s["from"][:10], s["until"][:10], s["value"]) for s in line["visiting_parties"]["RUS"]["personnel"]]
    assert steps == [("2026-03-01", "2026-03-13", 3000), ("2026-03-13", "2026-03-21", 0)]
    assert line["overstays"] == [stay["id"]]
    assert [(b["deployment_id"], b["rule"]) for b in line["breaches"]] == [(stay["id"], "overstay_recorded")]
    listed = reads.list_deployments(db.uow(), actor=IND_APPROVER, overstays=True, now=day(15))
    assert [d["id"] for d in listed] == [stay["id"]]
    closed = service.close_deployment(db.uow(), actor=IND_LOGISTICS, deployment_id=stay["id"], now=day(16))
    assert closed["overstay"] is True and [b["rule"] for b in closed["breaches"]] == ["overstay_recorded"]


def test_a_departure_on_time_is_no_breach(db: Database) -> None:
    stay = approved(db, start=0, end=10, personnel=100, facility="IN-OTH")
    service.mark_arrived(db.uow(), actor=IND_LOGISTICS, deployment_id=stay["id"], at=day(1), now=day(1))
    left = service.mark_departed(db.uow(), actor=IND_LOGISTICS, deployment_id=stay["id"], at=day(9), now=day(9))
    assert (left["overstay"], left["breaches"]) == (False, [])
    assert "deployment.overstay_recorded" not in _actions(db, stay["id"])


# -- the first case: the future accepted as fact --------------------------------------------------------
def _january_2027(db: Database) -> dict[str, Any]:
    """A force approved on 3 December 2026 for [8 January 2027, 20 January 2027)."""
    return approved(db, start=313, end=325, personnel=200, facility="IN-OTH")


def test_an_arrival_five_weeks_ahead_is_refused_and_the_deployment_stays_approved(db: Database) -> None:
    d = _january_2027(db)
    assert d["start"] == "2027-01-08T00:00:00Z"
    at = datetime(2027, 1, 10, 2, 0, tzinfo=UTC)
    with pytest.raises(InvalidInput) as exc:
        service.mark_arrived(db.uow(), actor=IND_LOGISTICS, deployment_id=d["id"], at=at, now=DEC_3)
    assert _problems(exc) == [("arrived_at", RECORDED_IN_FUTURE)]
    assert "2027-01-10T02:00:00Z is in the future: it is 2026-12-03T10:00:00Z now" in str(exc.value)
    with pytest.raises(InvalidInput):  # "now" by default, and the real clock is in 2026
        service.mark_arrived(db.uow(), actor=IND_LOGISTICS, deployment_id=d["id"], at=at)
    shown = reads.get_deployment(db.uow(), actor=IND_APPROVER, deployment_id=d["id"], now=DEC_3)
    assert (shown["status"], shown["arrived_at"]) == ("approved", None)
    line = presence.timeline(
        db.uow(), actor=IND_APPROVER, host_party="IND", start=DEC_3, end=DEC_3 + timedelta(days=30), now=DEC_3
    )
    assert _peak(line) == 0  # nothing present before 8 January
    # within the clock tolerance (5 minutes) the same arrival is accepted, once it is (nearly) that time
    arrived = service.mark_arrived(
        db.uow(), actor=IND_LOGISTICS, deployment_id=d["id"], at=at, now=at - timedelta(minutes=4)
    )
    assert arrived["status"] == "arrived"


def test_a_departure_in_the_future_is_refused(db: Database) -> None:
    d = _january_2027(db)
    arrival = datetime(2027, 1, 9, 8, 0, tzinfo=UTC)
    service.mark_arrived(db.uow(), actor=IND_LOGISTICS, deployment_id=d["id"], at=arrival, now=arrival)
    with pytest.raises(InvalidInput) as exc:
        service.mark_departed(
            db.uow(), actor=IND_LOGISTICS, deployment_id=d["id"], at=arrival + timedelta(days=5), now=arrival
        )
    assert _problems(exc) == [("departed_at", RECORDED_IN_FUTURE)]
    assert reads.get_deployment(db.uow(), actor=IND_APPROVER, deployment_id=d["id"], now=arrival)["status"] == "arrived"


def test_agreement_events_dated_in_the_future_are_refused_and_a_planned_effective_day_is_not(db: Database) -> None:
    ratification = AgreementEvent(EventKind.RATIFICATION, date(2027, 1, 11), "Gazette", party="IND")
    with pytest.raises(InvalidInput) as exc:
        register.record_event(
            db.uow(), actor=OPERATOR, agreement_id="relos-ind-rus", event=ratification, at=DEC_3.date(), now=DEC_3
        )
    assert _problems(exc) == [("date", RECORDED_IN_FUTURE)]
    events = register.get_agreement(db.uow(), actor=OPERATOR, agreement_id="relos-ind-rus", at=DEC_3.date()).events
    assert date(2027, 1, 11) not in [e.on for e in events]
    notice = AgreementEvent(
        EventKind.TERMINATION_NOTICE, date(2026, 12, 3), "Note verbale", party="RUS", effective=date(2027, 6, 1)
    )
    view = register.record_event(
        db.uow(), actor=OPERATOR, agreement_id="relos-ind-rus", event=notice, at=DEC_3.date(), now=DEC_3
    )
    assert view.summary()["in_force_until"] == "2027-06-01"


def test_an_agreement_file_signed_in_the_future_is_refused(db: Database) -> None:
    text = 'id = "later-pact"\nshort_name = "L"\nparties = ["IND", "RUS"]\nsigned = 2027-01-11\nterm_years = 5\n'
    with pytest.raises(InvalidInput) as exc:
        register.import_agreement(db.uow(), actor=OPERATOR, text=text, source_name="l.toml", at=DEC_3.date(), now=DEC_3)
    assert _problems(exc) == [("signed", RECORDED_IN_FUTURE)]
    view = register.import_agreement(
        db.uow(),
        actor=OPERATOR,
        text=text,
        source_name="l.toml",
        at=date(2027, 1, 12),
        now=datetime(2027, 1, 12, tzinfo=UTC),
    )
    assert view.agreement.signed == date(2027, 1, 11)


def test_deliveries_receipts_payments_corrections_and_settlements_in_kind_must_have_happened(
    orders_db: Database,
) -> None:
    price_list(orders_db)
    oid = accepted(orders_db)["id"]
    with pytest.raises(InvalidInput) as exc:  # a delivery dated 11 January 2027, on 3 December 2026
        deliveries.record_delivery(
            orders_db.uow(), actor=RUS_LOGISTICS, order_id=oid, delivered_on=date(2027, 1, 11),
            lines=[(1, "1000"), (2, "50")], now=DEC_3,
        )  # fmt: skip
    assert _problems(exc) == [("delivered_on", RECORDED_IN_FUTURE)]
    order = orders.get_order(orders_db.uow(), actor=RUS_LOGISTICS, order_id=oid)
    assert (order["status"], order["deliveries"]) == ("accepted", [])

    jan_11 = datetime(2027, 1, 11, 8, 0, tzinfo=UTC)
    delivered = deliveries.record_delivery(
        orders_db.uow(), actor=RUS_LOGISTICS, order_id=oid, delivered_on=date(2027, 1, 11),
        lines=[(1, "1000"), (2, "50")], now=jan_11,
    )  # fmt: skip
    # at 08:00 UTC on 11 January, 12 January has begun nowhere yet (it does at 10:00 UTC, at UTC+14)
    with pytest.raises(InvalidInput) as exc:
        deliveries.receipt_delivery(
            orders_db.uow(), actor=IND_RECEIVER, order_id=oid, delivery_id=delivered["id"],
            receipted_on=date(2027, 1, 12), now=jan_11,
        )  # fmt: skip
    assert _problems(exc) == [("receipted_on", RECORDED_IN_FUTURE)]
    receipt = deliveries.receipt_delivery(
        orders_db.uow(), actor=IND_RECEIVER, order_id=oid, delivery_id=delivered["id"],
        receipted_on=date(2027, 1, 12), now=jan_11 + timedelta(hours=2, minutes=30),
    )  # fmt: skip
    rik = next(o for o in receipt["obligations"] if o["method"] == "replacement_in_kind")
    with pytest.raises(InvalidInput) as exc:
        deliveries.satisfy_in_kind(
            orders_db.uow(), actor=IND_RECEIVER, obligation_id=rik["id"], value=rik["value"], currency=rik["currency"],
            satisfied_on=date(2027, 3, 1), delivery_ref="water note 1", now=jan_11,
        )  # fmt: skip
    assert _problems(exc) == [("satisfied_on", RECORDED_IN_FUTURE)]

    billed = reimbursement.bill_order(
        orders_db.uow(),
        actor=RUS_BILLING,
        order_id=oid,
        issued_on=date(2027, 1, 12),
        now=jan_11 + timedelta(hours=2, minutes=30),
    )
    invoice = billed["invoice"]
    jan_20 = datetime(2027, 1, 20, 9, 0, tzinfo=UTC)
    with pytest.raises(InvalidInput) as exc:
        reimbursement.record_payment(
            orders_db.uow(), actor=IND_FINANCE, invoice_id=invoice["id"], amount=invoice["amount"],
            currency=invoice["currency"], paid_on=date(2027, 2, 1), now=jan_20,
        )  # fmt: skip
    assert _problems(exc) == [("paid_on", RECORDED_IN_FUTURE)]
    paid = reimbursement.record_payment(
        orders_db.uow(), actor=IND_FINANCE, invoice_id=invoice["id"], amount=invoice["amount"],
        currency=invoice["currency"], paid_on=date(2027, 1, 20), now=jan_20,
    )  # fmt: skip
    with pytest.raises(InvalidInput) as exc:
        reimbursement.reverse_payment(
            orders_db.uow(), actor=IND_FINANCE, payment_id=paid["id"], reason="entered twice", on=date(2027, 2, 1),
            now=jan_20,
        )  # fmt: skip
    assert _problems(exc) == [("on", RECORDED_IN_FUTURE)]
    assert orders.get_order(orders_db.uow(), actor=IND_FINANCE, order_id=oid)["status"] == paid["order_status"]
