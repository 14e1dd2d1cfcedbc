"""Use cases of the agreement register: import, list, show, and record dated events.

An agreement's signature and the events recorded against it are facts: importing a file whose signature,
entry into force or events lie in the future, or recording an event dated in the future, is refused
(relos.domain.recorded, rule ``recorded_in_future``, judged at `now` with the clock `tolerance`). The day a
termination takes effect (`effective`) is planned, and may lie ahead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from relos.domain.actor import Actor, Role
from relos.domain.agreements import Agreement, AgreementEvent, AgreementStatus, EventKind, event_problems, status_at
from relos.domain.clearances.terms import ClearanceKind, notice_terms
from relos.domain.errors import Conflict, InvalidInput, NotFound
from relos.domain.recorded import DEFAULT_TOLERANCE, refuse_future
from relos.services.agreements.files import parse_agreement
from relos.services.agreements.ports import StoredAgreement
from relos.services.people.authority import require_own_party, require_role, require_visible
from relos.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class AgreementView:
    """An agreement as a reader sees it on a given day."""

    agreement: Agreement
    events: tuple[AgreementEvent, ...]
    status: AgreementStatus

    def summary(self) -> dict[str, Any]:
        """The JSON form documented in docs/agreement-format.md (`relos agreements show --json`), and more."""
        a, st = self.agreement, self.status
        return {
            "id": a.id,
            "short_name": a.short_name,
            "title": a.title,
            "title_ru": a.title_ru,
            "parties": list(a.parties),
            "signed": a.signed.isoformat(),
            "signed_at": a.signed_at,
            "at": st.at.isoformat(),
            "status": st.status.value,
            "in_force_from": st.in_force_from.isoformat() if st.in_force_from else None,
            "in_force_until": st.in_force_until.isoformat() if st.in_force_until else None,
            "extended": st.extended,
            "term_years": a.term_years,
            "extension_years": a.extension_years,
            "renewal": a.renewal,
            "caps": a.caps.as_dict(),
            "caps_raisable_by_mutual_agreement": a.caps_raisable_by_mutual_agreement,
            "auxiliaries_count_as_warships": a.auxiliaries_count_as_warships,
            "purposes": list(a.purposes),
            "other_purposes_by_mutual_consent": a.other_purposes_by_mutual_consent,
            "notice": notice_summary(a),
            "sources": dict(a.sources),
            "unknown": dict(a.unknown),
            "events": [event_json(e) for e in self.events],
        }


def notice_summary(a: Agreement) -> dict[str, Any]:
    """The clearances' terms (`[notice]`): lead time, channel, required and optional fields per kind."""
    terms, _ = notice_terms(a.id, a.document)
    return {
        kind.value: {
            "lead_days": t.lead_days,
            "channel": t.channel,
            "required": list(t.required),
            "optional": list(t.optional),
        }
        for kind, t in ((k, terms.of(k)) for k in ClearanceKind)
    }


def event_json(e: AgreementEvent) -> dict[str, Any]:
    return {
        "kind": e.kind.value,
        "date": e.on.isoformat(),
        "party": e.party,
        "effective": e.effective.isoformat() if e.effective else None,
        "source": e.source,
        "note": e.note,
        "origin": e.origin,
    }


def _view(stored: StoredAgreement, at: date) -> AgreementView:
    return AgreementView(stored.agreement, stored.events, status_at(stored.agreement, stored.events, at))


def list_agreements(uow: UnitOfWork, *, actor: Actor, at: date) -> list[AgreementView]:
    with uow:
        return [_view(s, at) for s in uow.agreements.list() if actor.may_see(s.agreement.parties)]


def get_agreement(uow: UnitOfWork, *, actor: Actor, agreement_id: str, at: date) -> AgreementView:
    with uow:
        return _view(_visible(uow, actor, agreement_id), at)


def _visible(uow: UnitOfWork, actor: Actor, agreement_id: str) -> StoredAgreement:
    stored = uow.agreements.get(agreement_id)
    if stored is None:
        raise NotFound("agreement", agreement_id)
    require_visible(actor, stored.agreement.parties, kind="agreement", key=agreement_id)
    return stored


def import_agreement(
    uow: UnitOfWork,
    *,
    actor: Actor,
    text: str,
    source_name: str,
    at: date,
    now: datetime | None = None,
    tolerance: timedelta = DEFAULT_TOLERANCE,
) -> AgreementView:
    """Add or replace (same id) an agreement from its file; recorded events are kept. The file's signature,
    entry into force and events must have happened by `now` (default: the real clock)."""
    require_role(actor, Role.ADMINISTRATOR, action="importing an agreement")
    agreement, file_events = parse_agreement(text, source=source_name)
    facts: list[tuple[str, date | None]] = [("signed", agreement.signed)]
    facts += [("entry_into_force", agreement.entry_into_force)]
    facts += [(f"events.{i}.date", e.on) for i, e in enumerate(file_events)]
    instant = now or datetime.now(UTC)
    refuse_future(facts, now=instant, tolerance=tolerance, source=source_name)
    if not actor.is_operator and actor.party not in agreement.parties:
        raise InvalidInput.of(
            "parties",
            "user_can_only_import_own",
            "a user of {party} can only import its own agreements",
            party=actor.party,
        )
    with uow:
        uow.lock(f"agreement:{agreement.id}")
        before = uow.agreements.get(agreement.id)
        if before is not None:
            require_visible(actor, before.agreement.parties, kind="agreement", key=agreement.id)
        uow.agreements.save(agreement, source_text=text, source_name=source_name, file_events=file_events, now=instant)
        after = uow.agreements.get(agreement.id)
        assert after is not None
        uow.audit.record(
            actor=actor,
            action="agreement.replaced" if before else "agreement.imported",
            entity="agreement",
            entity_id=agreement.id,
            before={"source_name": before.source_name, "source_text": before.source_text} if before else None,
            after={"source_name": source_name, "source_text": text},
        )
        uow.commit()
        return _view(after, at)


def record_event(
    uow: UnitOfWork,
    *,
    actor: Actor,
    agreement_id: str,
    event: AgreementEvent,
    at: date,
    now: datetime | None = None,
    tolerance: timedelta = DEFAULT_TOLERANCE,
) -> AgreementView:
    """Record a ratification, entry into force, consent or termination, with its date and source. The event's
    date must have come by `now` (default: the real clock); a termination's `effective` day may lie ahead."""
    require_role(actor, Role.ADMINISTRATOR, action="recording an agreement event")
    instant = now or datetime.now(UTC)
    refuse_future([("date", event.on)], now=instant, tolerance=tolerance, source=f"event for {agreement_id}")
    with uow:
        uow.lock(f"agreement:{agreement_id}")
        stored = _visible(uow, actor, agreement_id)
        require_own_party(actor, event.party, action=f"recording a {event.kind.value}")
        _refuse_partner_only(uow, event)
        problems = event_problems(stored.agreement, stored.events, event)
        if problems:
            raise InvalidInput(problems, source=f"event for {agreement_id}")
        before = _view(stored, at).summary()
        uow.agreements.add_event(agreement_id, event, recorded_by=actor.user_id, now=instant)
        updated = uow.agreements.get(agreement_id)
        assert updated is not None
        view = _view(updated, at)
        uow.audit.record(
            actor=actor,
            action=f"agreement.event.{event.kind.value}",
            entity="agreement",
            entity_id=agreement_id,
            before={"status": before["status"], "in_force_until": before["in_force_until"]},
            after={
                "event": event_json(event),
                "status": view.status.status.value,
                "in_force_until": view.summary()["in_force_until"],
            },
        )
        uow.commit()
        return view


#: Agreement events that take effect only with both parties' consent.
_MUTUAL = (EventKind.EXTENSION_CONSENT, EventKind.TERMINATION_BY_CONSENT)


def _refuse_partner_only(uow: UnitOfWork, event: AgreementEvent) -> None:
    """In a party's instance, an event needing both parties is proposed to the partner (its consent comes back as
    a document), and the partner's own events come from the partner's instance as notices."""
    own = uow.exchange.own_party()
    if own is None:
        return
    if event.kind in _MUTUAL:
        raise Conflict.of(
            "conflict.event_needs_partner",
            "in a party's instance a {kind} takes effect only with the partner's consent: propose it to the partner "
            "(relos exchange propose-event)",
            kind=event.kind.value,
        )
    if event.party is not None and event.party != own:
        raise Conflict.of(
            "conflict.event_of_partner",
            "{party} records its own {kind} in its own instance, and it comes here as a notice",
            party=event.party,
            kind=event.kind.value,
        )
