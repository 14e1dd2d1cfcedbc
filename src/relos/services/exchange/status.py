"""Where the exchange with each partner stands: what was sent and not yet acknowledged, and for how long;
what was received — applied, refused (with the rules), waiting for missing ones; and what the partner refused."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from relos.domain.actor import Actor, Role
from relos.domain.exchange.channel import Taken, missing
from relos.domain.exchange.envelope import NO_PREVIOUS, DocumentType
from relos.services.people.authority import require_role
from relos.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class ChannelStatus:
    partner: str
    sent: int
    unacknowledged: list[dict[str, Any]]  # seq, type, record, waiting_s: how long since it was sent
    received: int
    applied: int
    refused_here: list[dict[str, Any]]  # seq, type, record, rules
    waiting: list[int]
    missing: list[int]
    refused_by_partner: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class ExchangeStatus:
    party: str | None
    channels: list[ChannelStatus]


def exchange_status(uow: UnitOfWork, *, actor: Actor, now: datetime) -> ExchangeStatus:
    require_role(actor, Role.ADMINISTRATOR, Role.AUDITOR, action="reading the exchange's status")
    with uow:
        own = uow.exchange.own_party()
        found = []
        for partner in uow.exchange.channels():
            sent = uow.exchange.outbox(partner)
            received = uow.exchange.inbox(partner)
            taken_rows = [d for d in received if d.state != "waiting"]
            last = max(taken_rows, key=lambda d: d.seq, default=None)
            taken = Taken(last.seq, last.hash) if last is not None else Taken(0, NO_PREVIOUS)
            waiting = [d.seq for d in received if d.state == "waiting"]
            refusals = [json.loads(d.body)["body"] for d in received if d.type == DocumentType.REFUSAL.value]
            found.append(
                ChannelStatus(
                    partner=partner,
                    sent=len(sent),
                    unacknowledged=[
                        {
                            "seq": d.seq,
                            "type": d.type,
                            "record": d.record_id,
                            "waiting_s": int((now - d.at).total_seconds()),
                        }
                        for d in sent
                        if d.acknowledged_at is None
                    ],
                    received=len(received),
                    applied=sum(1 for d in received if d.state == "applied"),
                    refused_here=[
                        {"seq": d.seq, "type": d.type, "record": d.record_id, "rules": json.loads(d.outcome)}
                        for d in received
                        if d.state == "refused"
                    ],
                    waiting=waiting,
                    missing=missing(taken, waiting),
                    refused_by_partner=refusals,
                )
            )
    return ExchangeStatus(own, found)
