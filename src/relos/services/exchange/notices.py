"""The agreement events one party gives alone — its ratification, its notice of termination — cross to the
partner's instance as plain notices: recorded there as that party's event, with nothing to answer.

A notice is due for each such event recorded in this instance for its own party and not sent yet; its record id
is made from the event itself (agreement, kind, party, day, effective day), so it is sent once.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from relos.domain.agreements import AgreementEvent, EventKind, event_problems
from relos.domain.errors import Conflict, InvalidInput, NotFound
from relos.services.deployments.exchanged import partner
from relos.services.unit_of_work import UnitOfWork

#: What one party gives alone, and its partner is told of.
UNILATERAL = (EventKind.RATIFICATION, EventKind.TERMINATION_NOTICE)
_NAMESPACE = uuid.UUID("5b0a4a0e-4a51-4d0c-9e57-1f0b3c3a2e19")


def notice_id(agreement_id: str, e: AgreementEvent) -> str:
    """The record id of the notice of `e` (the same each time it is looked at)."""
    effective = e.effective.isoformat() if e.effective else ""
    return str(uuid.uuid5(_NAMESPACE, f"{agreement_id}|{e.kind.value}|{e.party}|{e.on.isoformat()}|{effective}"))


def notice_body(e: AgreementEvent) -> dict[str, Any]:
    return {
        "kind": e.kind.value,
        "on": e.on.isoformat(),
        "party": e.party,
        "effective": e.effective.isoformat() if e.effective else None,
        "source": e.source,
        "note": e.note,
    }


def due(uow: UnitOfWork, *, own: str, peer: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(record id, agreement, body) of each notice due to `peer`, oldest event first."""
    found = []
    for stored in uow.agreements.list():
        if set(stored.agreement.parties) != {own, peer}:
            continue
        for e in stored.events:
            if e.kind not in UNILATERAL or e.party != own or e.origin != "recorded":
                continue
            record = notice_id(stored.agreement.id, e)
            if not uow.exchange.sent_about(peer, record):
                found.append((record, stored.agreement.id, notice_body(e) | {"agreement_id": stored.agreement.id}))
    return found


def take_notice(uow: UnitOfWork, *, sender: str, own: str, record_id: str, body: Mapping[str, Any],
                now: datetime) -> None:  # fmt: skip
    """Record the partner's ratification or notice of termination as its event here."""
    try:
        kind = EventKind(str(body.get("kind")))
        on = date.fromisoformat(str(body.get("on")))
        effective = date.fromisoformat(str(body["effective"])) if body.get("effective") else None
    except (ValueError, KeyError):
        raise InvalidInput.of("body", "exchange_notice_unreadable", "is not a notice of an agreement event") from None
    if kind not in UNILATERAL or body.get("party") != sender:
        raise Conflict.of(
            "conflict.exchange_notice_not_unilateral",
            "{sender} may give notice only of its own ratification or termination",
            sender=sender,
        )
    event = AgreementEvent(kind, on, str(body.get("source") or ""), party=sender, effective=effective,
                           note=str(body.get("note") or ""))  # fmt: skip
    agreement = str(body.get("agreement_id") or "")
    uow.lock(f"agreement:{agreement}")
    stored = uow.agreements.get(agreement)
    if stored is None or set(stored.agreement.parties) != {own, sender}:
        raise NotFound("agreement", agreement)
    problems = event_problems(stored.agreement, stored.events, event)
    if problems:
        raise InvalidInput(problems, source=f"event for {agreement}")
    uow.agreements.add_event(agreement, event, recorded_by=partner(sender).user_id, now=now)
    uow.audit.record(
        actor=partner(sender), action=f"agreement.event.{kind.value}", entity="agreement", entity_id=agreement,
        before=None, after={"event": notice_body(event)},
    )  # fmt: skip
