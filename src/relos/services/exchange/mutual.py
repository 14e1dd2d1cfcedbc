"""What binds only with both parties' signatures, between two parties' instances: a cap override ("unless
otherwise agreed") and the agreement events needing both parties (extension by mutual consent, termination by
consent).

One instance proposes: the proposal crosses as a signed document and changes nothing yet, on either side. The
partner's approver (for an override) or administrator (for an agreement event) accepts — the override or the
events are recorded there, and the countersignature or consent crosses back, recording the same in the
proposer's instance — or declines, saying why, and nothing changes anywhere. The documents are the record: a
proposal is pending while no answer to it was sent or received (`proposals`). The joint instance records
overrides and events directly, as before.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from uuid6 import uuid7

from relos.domain.actor import Actor, Role
from relos.domain.agreements import AgreementEvent, EventKind, event_problems
from relos.domain.deployments.admission import iso
from relos.domain.deployments.model import CAP_NAMES, CapOverride
from relos.domain.errors import Conflict, FieldProblem, InvalidInput, NotFound
from relos.domain.exchange.envelope import DocumentType
from relos.domain.recorded import DEFAULT_TOLERANCE, refuse_future
from relos.services.deployments.exchanged import partner
from relos.services.deployments.presence import add_override, checked_override
from relos.services.exchange import results
from relos.services.exchange.outbox import enqueue, own_party_or_refuse
from relos.services.exchange.ports import StoredDocument
from relos.services.people.authority import require_any_role, require_role
from relos.services.unit_of_work import UnitOfWork

D = DocumentType
#: Each subject's proposal, acceptance and refusal.
SUBJECTS: dict[str, tuple[DocumentType, DocumentType, DocumentType]] = {
    "cap_override": (D.CAP_OVERRIDE_PROPOSAL, D.CAP_OVERRIDE_COUNTERSIGNATURE, D.CAP_OVERRIDE_DECLINED),
    "agreement_event": (D.AGREEMENT_EVENT_PROPOSAL, D.AGREEMENT_EVENT_CONSENT, D.AGREEMENT_EVENT_DECLINED),
}
PROPOSALS = {v[0].value: k for k, v in SUBJECTS.items()}
ACCEPTANCES = {v[1].value for v in SUBJECTS.values()}
DECLINES = {v[2].value for v in SUBJECTS.values()}
#: Agreement events that take effect only with both parties.
MUTUAL_EVENTS = (EventKind.EXTENSION_CONSENT, EventKind.TERMINATION_BY_CONSENT)


def mutual_kind(value: str) -> EventKind:
    """The agreement event needing both parties named `value`; InvalidInput (`event_not_mutual`) for any other."""
    if value not in {k.value for k in MUTUAL_EVENTS}:
        raise InvalidInput.of("kind", "event_not_mutual", "{kind} is not an event needing both parties", kind=value)
    return EventKind(value)


@dataclass(frozen=True)
class Proposal:
    """A proposal as this instance knows it: who proposed, what, and where it stands (proposed, accepted,
    declined), with the answer's particulars."""

    id: str
    subject: str
    agreement_id: str
    proposed_by: str
    answered_by: str
    particulars: Mapping[str, Any]
    state: str
    proposed_at: datetime
    answer: Mapping[str, Any]

    def as_json(self) -> results.Proposal:
        return {
            "id": self.id,
            "subject": self.subject,
            "agreement_id": self.agreement_id,
            "proposed_by": self.proposed_by,
            "answered_by": self.answered_by,
            "particulars": dict(self.particulars),
            "state": self.state,
            "proposed_at": iso(self.proposed_at),
            "answer": dict(self.answer),
        }


def _body(d: StoredDocument) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(d.body)["body"]
    return body


def _proposal(uow: UnitOfWork, own: str, d: StoredDocument, *, sent: bool) -> Proposal:
    partner_party = d.channel
    state, answer = "proposed", {}
    for other in uow.exchange.documents_about(d.record_id):
        if other.type in ACCEPTANCES | DECLINES and other.state in ("", "applied"):
            state, answer = ("accepted" if other.type in ACCEPTANCES else "declined"), _body(other)
    return Proposal(
        d.record_id, PROPOSALS[d.type], d.agreement_id, own if sent else partner_party,
        partner_party if sent else own, _body(d), state, d.at, answer,
    )  # fmt: skip


def proposals(uow: UnitOfWork, *, actor: Actor) -> list[Proposal]:
    """Every proposal this instance sent or received, newest first (administrators, approvers, auditors)."""
    require_role(actor, Role.HOST_APPROVER, Role.ADMINISTRATOR, Role.AUDITOR, action="reading the proposals")
    with uow:
        own = own_party_or_refuse(uow)
        found = []
        for peer in uow.exchange.channels():
            found += [_proposal(uow, own, d, sent=True) for d in uow.exchange.outbox(peer) if d.type in PROPOSALS]
            found += [
                _proposal(uow, own, d, sent=False)
                for d in uow.exchange.inbox(peer, state="applied")
                if d.type in PROPOSALS
            ]
    return sorted(found, key=lambda p: (p.proposed_at, p.id), reverse=True)


def proposal(uow: UnitOfWork, *, actor: Actor, proposal_id: str) -> Proposal:
    """One proposal this instance sent or received (as `proposals` reads them); not found otherwise."""
    require_role(actor, Role.HOST_APPROVER, Role.ADMINISTRATOR, Role.AUDITOR, action="reading the proposals")
    with uow:
        own = own_party_or_refuse(uow)
        for d in uow.exchange.documents_about(proposal_id):
            if d.type in PROPOSALS and d.state in ("", "applied"):  # sent ("") or received and applied
                return _proposal(uow, own, d, sent=d.state == "")
    raise NotFound("proposal", proposal_id)


# -- the particulars -------------------------------------------------------------------------------------
def override_body(o: CapOverride, *, proposed_by: str) -> dict[str, Any]:
    return {
        "agreement_id": o.agreement_id,
        "visiting_party": o.visiting_party,
        "host_party": o.host_party,
        "start": iso(o.start),
        "end": iso(o.end),
        "limits": {"warships": o.warships, "aircraft": o.aircraft, "personnel": o.personnel},
        "authority": o.authority,
        "reference": o.reference,
        "proposed_by": proposed_by,
    }


def _instant(body: Mapping[str, Any], name: str) -> datetime:
    try:
        found = datetime.fromisoformat(str(body.get(name)).replace("Z", "+00:00"))
    except ValueError:
        found = None
    if found is None or found.tzinfo is None:
        raise InvalidInput.of(name, "exchange_not_instant", "{value!r} is not an instant in UTC", value=body.get(name))
    return found


def _day(body: Mapping[str, Any], name: str) -> date | None:
    value = body.get(name)
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput.of(name, "exchange_proposal_not_day", "{value!r} is not a day", value=value) from None


def _override_of(
    uow: UnitOfWork, actor: Actor, record_id: str, body: Mapping[str, Any], sender: str, now: datetime
) -> CapOverride:
    limits = body.get("limits") if isinstance(body.get("limits"), Mapping) else {}
    assert isinstance(limits, Mapping)
    return checked_override(
        uow, actor=actor, agreement_id=str(body.get("agreement_id")), visiting_party=str(body.get("visiting_party")),
        start=_instant(body, "start"), end=_instant(body, "end"),
        limits={n: limits.get(n) for n in CAP_NAMES if limits.get(n) is not None},
        authority=str(body.get("authority") or ""), reference=str(body.get("reference") or ""),
        recorded_at=_instant(body, "proposed_at") if body.get("proposed_at") else now,
        recorded_by=f"{sender}:{body.get('proposed_by') or ''}", override_id=record_id,
    )  # fmt: skip


def _events_of(body: Mapping[str, Any], *, proposer: str, consenter: str, consented_on: date) -> list[AgreementEvent]:
    """The events both parties' agreement records: each party's consent to an extension, or the termination."""
    kind = EventKind(str(body.get("kind")))
    proposed_on = _day(body, "on")
    assert proposed_on is not None
    source, note = str(body.get("source") or ""), str(body.get("note") or "")
    if kind is EventKind.EXTENSION_CONSENT:
        return [
            AgreementEvent(kind, proposed_on, source, party=proposer, note=note),
            AgreementEvent(kind, consented_on, source, party=consenter, note=note),
        ]
    return [AgreementEvent(kind, consented_on, source, effective=_day(body, "effective"), note=note)]


def _check_events(uow: UnitOfWork, agreement_id: str, events: list[AgreementEvent]) -> None:
    """InvalidInput unless each event may be recorded after the agreement's events and the ones before it."""
    stored = uow.agreements.get(agreement_id)
    if stored is None:
        raise NotFound("agreement", agreement_id)
    known = list(stored.events)
    for event in events:
        problems = event_problems(stored.agreement, known, event)
        if problems:
            raise InvalidInput(problems, source=f"event for {agreement_id}")
        known.append(event)


def _record_events(
    uow: UnitOfWork, actor: Actor, agreement_id: str, events: list[AgreementEvent], now: datetime
) -> None:
    uow.lock(f"agreement:{agreement_id}")
    _check_events(uow, agreement_id, events)
    for event in events:
        uow.agreements.add_event(agreement_id, event, recorded_by=actor.user_id, now=now)
        uow.audit.record(
            actor=actor, action=f"agreement.event.{event.kind.value}", entity="agreement", entity_id=agreement_id,
            before=None, after={"event": {"kind": event.kind.value, "on": event.on.isoformat(), "party": event.party,
                                          "effective": event.effective.isoformat() if event.effective else None}},
        )  # fmt: skip


# -- proposing -------------------------------------------------------------------------------------------
def _propose(uow: UnitOfWork, actor: Actor, *, subject: str, record: str, agreement_id: str, own: str, peer: str,
             key: Ed25519PrivateKey, now: datetime, body: dict[str, Any]) -> Proposal:  # fmt: skip
    sent = enqueue(uow, kind=SUBJECTS[subject][0], record=record, agreement=agreement_id, own=own, peer=peer,
                   key=key, now=now, body=body)  # fmt: skip
    uow.audit.record(actor=actor, action=f"{subject}.proposed", entity=subject, entity_id=record, before=None,
                     after=body | {"to": peer}, agreement_id=agreement_id)  # fmt: skip
    return _proposal(uow, own, sent, sent=True)


def propose_override(
    uow: UnitOfWork, *, actor: Actor, key: Ed25519PrivateKey, now: datetime, agreement_id: str,
    visiting_party: str, start: datetime, end: datetime, limits: dict[str, int | None], authority: str,
    reference: str,
) -> Proposal:  # fmt: skip
    """Propose raised caps to the partner: checked as a recorded override would be, binding nowhere until the
    partner's approver countersigns it."""
    require_role(actor, Role.HOST_APPROVER, action="proposing a cap override")
    with uow:
        own = own_party_or_refuse(uow)
        override = checked_override(
            uow, actor=actor, agreement_id=agreement_id, visiting_party=visiting_party, start=start, end=end,
            limits=limits, authority=authority, reference=reference, recorded_at=now,
        )  # fmt: skip
        peer = override.host_party if override.visiting_party == own else override.visiting_party
        body = override_body(override, proposed_by=actor.user_id) | {"proposed_at": iso(now)}
        found = _propose(uow, actor, subject="cap_override", record=override.id, agreement_id=agreement_id,
                         own=own, peer=peer, key=key, now=now, body=body)  # fmt: skip
        uow.commit()
        return found


def propose_event(
    uow: UnitOfWork, *, actor: Actor, key: Ed25519PrivateKey, now: datetime, agreement_id: str, kind: EventKind,
    on: date, source: str, effective: date | None = None, note: str = "", tolerance: Any = DEFAULT_TOLERANCE,
) -> Proposal:  # fmt: skip
    """Propose an extension by mutual consent (this party's consent, given on `on`) or a termination by consent
    (taking effect on `effective`) to the partner: effective only once the partner consents."""
    require_role(actor, Role.ADMINISTRATOR, action="proposing an agreement event")
    mutual_kind(kind.value)
    refuse_future([("date", on)], now=now, tolerance=tolerance, source=f"event for {agreement_id}")
    with uow:
        own = own_party_or_refuse(uow)
        stored = uow.agreements.get(agreement_id)
        if stored is None or own not in stored.agreement.parties:
            raise NotFound("agreement", agreement_id)
        event = AgreementEvent(kind, on, source, party=own if kind is EventKind.EXTENSION_CONSENT else None,
                               effective=effective, note=note)  # fmt: skip
        problems = event_problems(stored.agreement, stored.events, event)
        if problems:
            raise InvalidInput(problems, source=f"event for {agreement_id}")
        body = {"kind": kind.value, "on": on.isoformat(), "effective": effective.isoformat() if effective else None,
                "source": source, "note": note, "party": own, "proposed_by": actor.user_id,
                "agreement_id": agreement_id}  # fmt: skip
        found = _propose(uow, actor, subject="agreement_event", record=str(uuid7()), agreement_id=agreement_id,
                         own=own, peer=stored.agreement.partner_of(own), key=key, now=now, body=body)  # fmt: skip
        uow.commit()
        return found


# -- answering -------------------------------------------------------------------------------------------
def _received_pending(uow: UnitOfWork, own: str, proposal_id: str) -> StoredDocument:
    docs = uow.exchange.documents_about(proposal_id)
    received = next((d for d in docs if d.type in PROPOSALS and d.state == "applied"), None)
    if received is None:
        raise NotFound("proposal", proposal_id)
    answered = _proposal(uow, own, received, sent=False)
    if answered.state != "proposed":
        raise Conflict.of(
            "conflict.proposal_answered", "proposal {proposal_id} is already {state}",
            proposal_id=proposal_id, state=answered.state,
        )  # fmt: skip
    return received


def accept(uow: UnitOfWork, *, actor: Actor, key: Ed25519PrivateKey, now: datetime, proposal_id: str) -> Proposal:
    """Countersign the partner's proposal: the override or the events recorded here, the countersignature or
    consent sent back, in one transaction."""
    with uow:
        own = own_party_or_refuse(uow)
        received = _received_pending(uow, own, proposal_id)
        body, peer = _body(received), received.channel
        subject = PROPOSALS[received.type]
        if subject == "cap_override":
            require_role(actor, Role.HOST_APPROVER, action="countersigning a cap override")
            add_override(uow, actor=actor, override=_override_of(uow, actor, proposal_id, body, peer, now))
        else:
            require_role(actor, Role.ADMINISTRATOR, action="consenting to an agreement event")
            events = _events_of(body, proposer=peer, consenter=own, consented_on=now.date())
            _record_events(uow, actor, received.agreement_id, events, now)
        answer = {"accepted_by": actor.user_id, "accepted_at": iso(now), "on": now.date().isoformat()}
        enqueue(uow, kind=SUBJECTS[subject][1], record=proposal_id, agreement=received.agreement_id, own=own,
                peer=peer, key=key, now=now, body=answer)  # fmt: skip
        uow.audit.record(actor=actor, action=f"{subject}.accepted", entity=subject, entity_id=proposal_id,
                         before=None, after=answer, agreement_id=received.agreement_id)  # fmt: skip
        found = _proposal(uow, own, received, sent=False)
        uow.commit()
        return found


def decline(
    uow: UnitOfWork, *, actor: Actor, key: Ed25519PrivateKey, now: datetime, proposal_id: str, reason: str
) -> Proposal:
    """Decline the partner's proposal, saying why: nothing changes in either instance."""
    require_any_role(actor, (Role.HOST_APPROVER, Role.ADMINISTRATOR), action="declining a proposal")
    if not reason.strip():
        raise InvalidInput.of("reason", "say_why_proposal_declined", "say why the proposal is declined")
    with uow:
        own = own_party_or_refuse(uow)
        received = _received_pending(uow, own, proposal_id)
        subject = PROPOSALS[received.type]
        answer = {"declined_by": actor.user_id, "declined_at": iso(now), "reason": reason.strip()}
        enqueue(uow, kind=SUBJECTS[subject][2], record=proposal_id, agreement=received.agreement_id, own=own,
                peer=received.channel, key=key, now=now, body=answer)  # fmt: skip
        uow.audit.record(actor=actor, action=f"{subject}.declined", entity=subject, entity_id=proposal_id,
                         before=None, after=answer, agreement_id=received.agreement_id)  # fmt: skip
        found = _proposal(uow, own, received, sent=False)
        uow.commit()
        return found


# -- taking what the partner sent ------------------------------------------------------------------------
def take_proposal(uow: UnitOfWork, *, sender: str, own: str, record_id: str, body: Mapping[str, Any],
                  now: datetime) -> None:  # fmt: skip
    """A proposal is checked as this instance would check its own (an override against the agreement's caps;
    an event against the agreement's events); nothing else is written until someone here answers it."""
    actor = partner(sender)
    if "visiting_party" in body:
        if uow.deployments.override(record_id) is not None:
            raise Conflict.of("conflict.proposal_answered", "proposal {proposal_id} is already {state}",
                              proposal_id=record_id, state="accepted")  # fmt: skip
        _override_of(uow, actor, record_id, body, sender, now)
        return
    events = _events_of(body, proposer=sender, consenter=own, consented_on=now.date())
    _check_events(uow, str(body.get("agreement_id") or ""), events)


def _sent_proposal(uow: UnitOfWork, sender: str, record_id: str) -> StoredDocument:
    sent = next((d for d in uow.exchange.sent_about(sender, record_id) if d.type in PROPOSALS), None)
    if sent is None:
        raise Conflict.of(
            "conflict.exchange_no_proposal", "{sender} answers proposal {proposal_id}, which this instance never sent",
            sender=sender, proposal_id=record_id,
        )  # fmt: skip
    return sent


def take_acceptance(uow: UnitOfWork, *, sender: str, own: str, record_id: str, body: Mapping[str, Any],
                    now: datetime) -> None:  # fmt: skip
    """The partner countersigned this instance's proposal: it binds here too from now on."""
    sent = _sent_proposal(uow, sender, record_id)
    proposed, actor = _body(sent), partner(sender)
    if PROPOSALS[sent.type] == "cap_override":
        add_override(uow, actor=actor, override=_override_of(uow, actor, record_id, proposed, own, now))
        return
    consented_on = _day(body, "on") or now.date()
    events = _events_of(proposed, proposer=own, consenter=sender, consented_on=consented_on)
    _record_events(uow, actor, sent.agreement_id, events, now)


def take_decline(uow: UnitOfWork, *, sender: str, own: str, record_id: str, body: Mapping[str, Any],
                 now: datetime) -> None:  # fmt: skip
    """The partner declined: nothing changes (the inbox keeps its reason)."""
    _sent_proposal(uow, sender, record_id)
    if not str(body.get("reason") or "").strip():
        raise InvalidInput(FieldProblem.of("reason", "say_why_proposal_declined", "say why the proposal is declined"))
