"""A whole exercise walked across the two parties' instances (exchange_helpers' pair) through a link — file
bundles or HTTP between two servers — step by step, for the walks of tests.integration.exchange_fault_walks.

`Walk` holds the pair, the link and the walk's clock, names each record by a label ("A", "notice A", "order A")
and counts the bundles each instance refused. Its steps are what the staffs do, each in the instance of the
party that decides it: request, approve, notify, clear, arrive, depart, cancel; a price list, an order signed by
both, delivered, receipted, billed, the period's settlement certified by both, paid; a cap override proposed by
one and countersigned by the other. `to_russia`, `to_india` and
`settle` make what is due cross.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

import pytest
from tests.integration.clearance_helpers import RUS_CLEARANCE
from tests.integration.exchange_helpers import (
    IND_CLEARANCE,
    IND_REQUESTER,
    NOW,
    OPERATOR,
    RUS_APPROVER,
    RUS_LOGISTICS,
    Instance,
    day,
    port_call_details,
    requested,
)
from tests.integration.exchange_orders_helpers import (
    accepted_in_russia,
    billed_in_russia,
    delivered_in_russia,
    ordered,
    paid_in_india,
    price_list,
    receipted_in_india,
)

from relos.domain.actor import Actor, Role
from relos.domain.errors import InvalidInput
from relos.services.clearances import lifecycle as clearances
from relos.services.deployments import lifecycle
from relos.services.exchange import mutual, reconcile, settlement

PERIOD = "2026"
IND_APPROVER = Actor("ind.approver", "IND", frozenset({Role.HOST_APPROVER}))


class Link(Protocol):
    """How bundles travel between the two instances."""

    #: What an import that crashes halfway raises where the sender sees it.
    crash: tuple[type[BaseException], ...]

    def cross(self, sender: Instance, receiver: Instance, *, now: datetime) -> None:
        """Everything due from `sender` reaches `receiver` (and, over HTTP, the receiver's answer comes back)."""

    def deliver(self, receiver: Instance, data: bytes, *, now: datetime) -> dict[str, Any]:
        """Bring bundle `data` to `receiver`; the body of the acknowledgement it answers with."""

    def refusal(self, receiver: Instance, data: bytes, *, now: datetime) -> str:
        """Bring bundle `data` to `receiver`, which refuses it whole: the refusal's code."""

    def unreachable(self, sender: Instance, receiver: Instance, *, now: datetime) -> None:
        """`sender` sends and nothing arrives (a partner down, a courier's bundle lost)."""


class FileLink:
    """Bundles carried as files: exported by one instance, imported by the other."""

    crash: tuple[type[BaseException], ...] = (RuntimeError,)

    def cross(self, sender: Instance, receiver: Instance, *, now: datetime) -> None:
        receiver.take(sender.export(receiver.party, now=now), now=now)

    def deliver(self, receiver: Instance, data: bytes, *, now: datetime) -> dict[str, Any]:
        report = receiver.take(data, now=now)
        answer: dict[str, Any] = json.loads(receiver.export(report.sender, now=now))["documents"][0]["body"]
        return answer

    def refusal(self, receiver: Instance, data: bytes, *, now: datetime) -> str:
        with pytest.raises(InvalidInput) as refused:
            receiver.take(data, now=now)
        return str(refused.value.problems[0].code)

    def unreachable(self, sender: Instance, receiver: Instance, *, now: datetime) -> None:
        sender.export(receiver.party, now=now)  # and the courier loses it


@dataclass
class Walk:
    india: Instance
    russia: Instance
    link: Link
    now: datetime = NOW
    ids: dict[str, str] = field(default_factory=dict)
    invoices: dict[str, dict[str, Any]] = field(default_factory=dict)
    refused: dict[str, list[str]] = field(default_factory=lambda: {"IND": [], "RUS": []})

    # what the staffs do
    def request(self, label: str, *, start: float, end: float) -> None:
        self.ids[label] = requested(self.india, start=start, end=end)

    def approve(self, label: str) -> None:
        lifecycle.approve_deployment(
            self.russia.db.uow(), actor=RUS_APPROVER, deployment_id=self.ids[label], now=self.now
        )

    def cancel(self, label: str) -> None:
        lifecycle.cancel_deployment(
            self.india.db.uow(), actor=IND_REQUESTER, deployment_id=self.ids[label], reason="not needed", now=self.now
        )

    def notify(self, label: str, *, start: float, end: float) -> None:
        """India's clearance officer submits the port-call notice of deployment `label` ("notice <label>")."""
        prepared = clearances.prepare_clearance(
            self.india.db.uow(), actor=IND_CLEARANCE, agreement_id="relos-ind-rus", kind="port_call",
            facility_id="RU-TST", start=day(start), end=day(end), purpose="joint_exercise",
            details=port_call_details(self.india, self.ids[label]), deployment_id=self.ids[label], now=self.now,
        )  # fmt: skip
        clearances.submit_clearance(self.india.db.uow(), actor=IND_CLEARANCE, clearance_id=prepared["id"], now=self.now)
        self.ids[f"notice {label}"] = str(prepared["id"])

    def clear(self, label: str, number: str) -> None:
        clearances.approve_clearance(
            self.russia.db.uow(), actor=RUS_CLEARANCE, clearance_id=self.ids[f"notice {label}"],
            clearance_number=number, now=self.now,
        )  # fmt: skip

    def arrive(self, label: str, at: float) -> None:
        self.now = max(self.now, day(at))
        lifecycle.mark_arrived(
            self.russia.db.uow(), actor=RUS_LOGISTICS, deployment_id=self.ids[label], at=day(at), now=self.now
        )

    def depart(self, label: str, at: float) -> None:
        self.now = max(self.now, day(at))
        lifecycle.mark_departed(
            self.russia.db.uow(), actor=RUS_LOGISTICS, deployment_id=self.ids[label], at=day(at), now=self.now
        )

    # the support order of deployment `label`, at the helpers' days 1 to 5
    def price_list(self) -> None:
        self.ids["price list"] = price_list(self.russia)

    def order(self, label: str) -> None:
        """India's requester orders fuel and water for deployment `label`, India's official signs."""
        self.ids[f"order {label}"] = ordered(self.india, self.ids[label])

    def accept_and_deliver(self, label: str) -> None:
        """Russia's commander signs and its supply officer accepts, then delivers on day 2."""
        accepted_in_russia(self.russia, self.ids[f"order {label}"])
        self.ids[f"delivery {label}"] = delivered_in_russia(self.russia, self.ids[f"order {label}"])
        self.now = max(self.now, day(2))

    def receipt(self, label: str) -> None:
        receipted_in_india(self.india, self.ids[f"order {label}"], self.ids[f"delivery {label}"])
        self.now = max(self.now, day(3))

    def bill(self, label: str) -> None:
        self.invoices[label] = billed_in_russia(self.russia, self.ids[f"order {label}"])
        self.now = max(self.now, day(4))

    def digest(self, one: Instance) -> bytes:
        """`one`'s signed statement digest of the period, as a file."""
        signed = reconcile.make_digest(
            one.db.uow(), actor=OPERATOR, agreement_id="relos-ind-rus", period=PERIOD, key=one.key,
            today=self.now.date(), now=self.now,
        )  # fmt: skip
        return json.dumps(signed).encode()

    def certify(self) -> None:
        """Both sign the period's settlement certificate (which opens the payment): Russia certifies India's
        digest, India countersigns, Russia keeps the certificate both signed."""
        today, now = self.now.date(), self.now
        by_russia = settlement.certify(self.russia.db.uow(), actor=OPERATOR, data=self.digest(self.india),
                                       where="digest.json", key=self.russia.key, today=today, now=now)  # fmt: skip
        both = settlement.countersign(self.india.db.uow(), actor=OPERATOR, data=json.dumps(by_russia).encode(),
                                      where="certificate.json", key=self.india.key, today=today, now=now)  # fmt: skip
        settlement.record_countersigned(self.russia.db.uow(), actor=OPERATOR, data=json.dumps(both).encode(),
                                        where="certificate.json")  # fmt: skip

    def pay(self, label: str) -> None:
        paid_in_india(self.india, self.invoices[label])
        self.now = max(self.now, day(5))

    # what binds only with both parties' signatures
    def propose_override(self) -> None:
        """India's approver proposes raising the warship cap to 7 for days 40 to 60 ("override")."""
        made = mutual.propose_override(
            self.india.db.uow(), actor=IND_APPROVER, key=self.india.key, now=self.now, agreement_id="relos-ind-rus",
            visiting_party="IND", start=day(40), end=day(60), limits={"warships": 7},
            authority="exchange of notes of the ministries", reference="Note 12/2026",
        )  # fmt: skip
        self.ids["override"] = made.id

    def countersign_override(self) -> None:
        mutual.accept(
            self.russia.db.uow(),
            actor=RUS_APPROVER,
            key=self.russia.key,
            now=self.now,
            proposal_id=self.ids["override"],
        )

    # how it crosses
    def to_russia(self) -> None:
        self.link.cross(self.india, self.russia, now=self.now)

    def to_india(self) -> None:
        self.link.cross(self.russia, self.india, now=self.now)

    def settle(self) -> None:
        """Both ways until neither has anything unacknowledged nor waiting."""
        for _ in range(4):
            self.to_russia()
            self.to_india()
            if not any(_pending(one) for one in (self.india, self.russia)):
                return
        raise AssertionError("the two instances did not settle")

    def refused_by(self, receiver: Instance, data: bytes) -> str:
        code = self.link.refusal(receiver, data, now=self.now)
        self.refused[receiver.party].append(code)
        return code


def _pending(one: Instance) -> bool:
    peer = "RUS" if one.party == "IND" else "IND"
    with one.db.uow(read_only=True) as uow:
        return bool(uow.exchange.unacknowledged(peer) or uow.exchange.waiting(peer))
