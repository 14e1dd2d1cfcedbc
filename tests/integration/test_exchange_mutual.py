"""What binds only with both parties' signatures, between India's instance (SQLite) and Russia's (PostgreSQL): a
cap override proposed by one changes no cap anywhere until the other countersigns it, then changes it in both; an
extension or a termination by consent takes effect only with the partner's consent, in both; a decline changes
nothing; a party's ratification or notice of termination crosses as a plain notice. The joint mode's direct
recording is refused in a party's instance."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from tests.integration.exchange_helpers import NOW, OPERATOR, RUS_APPROVER, Instance, day

from relos.domain.actor import Actor, Role
from relos.domain.agreements import AgreementEvent, EventKind, status_at
from relos.domain.deployments.model import CapOverride
from relos.domain.errors import Conflict
from relos.services.agreements import register as agreements
from relos.services.deployments import presence
from relos.services.exchange import mutual
from relos.services.people.audit_checkpoints import verify_audit

IND_APPROVER = Actor("ind.approver", "IND", frozenset({Role.HOST_APPROVER}))
IND_ADMIN = Actor("ind.admin", "IND", frozenset({Role.ADMINISTRATOR}))
RUS_ADMIN = Actor("rus.admin", "RUS", frozenset({Role.ADMINISTRATOR}))
LATER = NOW + timedelta(days=1)


def _overrides(one: Instance) -> list[CapOverride]:
    with one.db.uow(read_only=True) as uow:
        return list(uow.deployments.overrides(host_party="RUS", visiting_party="IND"))


def _propose_override(india: Instance) -> mutual.Proposal:
    return mutual.propose_override(
        india.db.uow(), actor=IND_APPROVER, key=india.key, now=NOW, agreement_id="relos-ind-rus",
        visiting_party="IND", start=day(0), end=day(30), limits={"warships": 7},
        authority="exchange of notes of the ministries", reference="Note 12/2026",
    )  # fmt: skip


def _state(one: Instance, proposal_id: str) -> str:
    return next(p.state for p in mutual.proposals(one.db.uow(), actor=OPERATOR) if p.id == proposal_id)


def _events(one: Instance, kind: EventKind) -> list[AgreementEvent]:
    with one.db.uow(read_only=True) as uow:
        stored = uow.agreements.get("relos-ind-rus")
        assert stored is not None
        return [e for e in stored.events if e.kind is kind]


def _audits_hold(*instances: Instance) -> None:
    """Each instance's audit chain holds and replays to its records."""
    for one in instances:
        verdict = verify_audit(one.db.uow(), public_key=None, checkpoints=one.data_dir / "none.jsonl")
        assert verdict.intact, (verdict.problems, verdict.discrepancies)


def test_an_override_binds_only_once_the_partner_countersigns_it(instances: tuple[Instance, Instance]) -> None:
    india, russia = instances
    with pytest.raises(Conflict) as direct:
        presence.record_override(
            india.db.uow(), actor=IND_APPROVER, agreement_id="relos-ind-rus", visiting_party="IND", start=day(0),
            end=day(30), limits={"warships": 7}, authority="notes", reference="Note 12/2026", now=NOW,
        )  # fmt: skip
    assert direct.value.code == "conflict.override_needs_partner"
    proposal = _propose_override(india)
    assert proposal.state == "proposed" and _overrides(india) == []
    report = russia.take(india.export("RUS"))
    assert [a.split()[1] for a in report.applied] == ["cap_override.proposal"]
    assert _overrides(russia) == [] and _state(russia, proposal.id) == "proposed"

    accepted = mutual.accept(russia.db.uow(), actor=RUS_APPROVER, key=russia.key, now=LATER, proposal_id=proposal.id)
    assert accepted.state == "accepted"
    assert [o.warships for o in _overrides(russia)] == [7]
    with pytest.raises(Conflict) as again:
        mutual.accept(russia.db.uow(), actor=RUS_APPROVER, key=russia.key, now=LATER, proposal_id=proposal.id)
    assert again.value.code == "conflict.proposal_answered"

    india.take(russia.export("IND", now=LATER), now=LATER)
    [held] = _overrides(india)
    assert (held.id, held.warships) == (proposal.id, 7)
    assert _state(india, proposal.id) == "accepted"
    _audits_hold(india, russia)


def test_a_declined_override_changes_nothing_on_either_side(instances: tuple[Instance, Instance]) -> None:
    india, russia = instances
    proposal = _propose_override(india)
    russia.take(india.export("RUS"))
    declined = mutual.decline(russia.db.uow(), actor=RUS_APPROVER, key=russia.key, now=LATER,
                              proposal_id=proposal.id, reason="the exercise is cancelled")  # fmt: skip
    assert declined.state == "declined"
    india.take(russia.export("IND", now=LATER), now=LATER)
    assert _overrides(india) == [] and _overrides(russia) == []
    [mine] = [p for p in mutual.proposals(india.db.uow(), actor=OPERATOR) if p.id == proposal.id]
    assert (mine.state, mine.answer["reason"]) == ("declined", "the exercise is cancelled")


def test_an_extension_takes_effect_in_both_instances_only_with_both_consents(
    instances: tuple[Instance, Instance],
) -> None:
    india, russia = instances
    consent = AgreementEvent(EventKind.EXTENSION_CONSENT, date(2026, 1, 20), "note", party="IND")
    with pytest.raises(Conflict) as direct:
        agreements.record_event(india.db.uow(), actor=IND_ADMIN, agreement_id="relos-ind-rus", event=consent,
                                at=date(2026, 2, 1))  # fmt: skip
    assert direct.value.code == "conflict.event_needs_partner"
    proposal = mutual.propose_event(
        india.db.uow(), actor=IND_ADMIN, key=india.key, now=NOW, agreement_id="relos-ind-rus",
        kind=EventKind.EXTENSION_CONSENT, on=date(2026, 1, 20), source="Note verbale 4/2026 of India's MEA",
    )  # fmt: skip
    russia.take(india.export("RUS"))
    assert _events(india, EventKind.EXTENSION_CONSENT) == _events(russia, EventKind.EXTENSION_CONSENT) == []
    mutual.accept(russia.db.uow(), actor=RUS_ADMIN, key=russia.key, now=LATER, proposal_id=proposal.id)
    india.take(russia.export("IND", now=LATER), now=LATER)
    for one in (india, russia):
        assert sorted(str(e.party) for e in _events(one, EventKind.EXTENSION_CONSENT)) == ["IND", "RUS"]
        with one.db.uow(read_only=True) as uow:
            stored = uow.agreements.get("relos-ind-rus")
            assert stored is not None
            assert status_at(stored.agreement, stored.events, date(2032, 1, 1)).status.value == "in_force"


def test_a_termination_by_consent_and_the_notices_cross_in_both_directions(
    instances: tuple[Instance, Instance],
) -> None:
    india, russia = instances
    proposal = mutual.propose_event(
        russia.db.uow(), actor=RUS_ADMIN, key=russia.key, now=NOW, agreement_id="relos-ind-rus",
        kind=EventKind.TERMINATION_BY_CONSENT, on=date(2026, 1, 25), effective=date(2027, 1, 1),
        source="Note 9/2026 of Russia's MFA",
    )  # fmt: skip
    india.take(russia.export("IND"))
    assert _events(india, EventKind.TERMINATION_BY_CONSENT) == []
    mutual.accept(india.db.uow(), actor=IND_ADMIN, key=india.key, now=LATER, proposal_id=proposal.id)
    russia.take(india.export("RUS", now=LATER), now=LATER)
    for one in (india, russia):
        assert [e.effective for e in _events(one, EventKind.TERMINATION_BY_CONSENT)] == [date(2027, 1, 1)]

    # India's notice of termination is India's alone: recorded there, it crosses as a notice
    notice = AgreementEvent(EventKind.TERMINATION_NOTICE, date(2026, 1, 30), "Note 7/2026", party="IND",
                            effective=date(2026, 12, 1))  # fmt: skip
    agreements.record_event(india.db.uow(), actor=IND_ADMIN, agreement_id="relos-ind-rus", event=notice,
                            at=date(2026, 2, 1))  # fmt: skip
    with pytest.raises(Conflict) as partners:
        agreements.record_event(india.db.uow(), actor=OPERATOR, agreement_id="relos-ind-rus",
                                event=AgreementEvent(EventKind.RATIFICATION, date(2026, 1, 2), "law", party="RUS"),
                                at=date(2026, 2, 1))  # fmt: skip
    assert partners.value.code == "conflict.event_of_partner"
    taken = russia.take(india.export("RUS", now=LATER), now=LATER)
    assert taken.refused == [] and [a.split()[1] for a in taken.applied] == ["agreement_event.notice"]
    assert [(e.party, e.effective) for e in _events(russia, EventKind.TERMINATION_NOTICE)] == [
        ("IND", date(2026, 12, 1))
    ]
    india.take(russia.export("IND", now=LATER), now=LATER)
    assert india.export("RUS", now=LATER).count(b"agreement_event.notice") == 0  # acknowledged, not sent again
    _audits_hold(india, russia)
