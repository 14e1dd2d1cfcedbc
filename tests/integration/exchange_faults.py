"""A whole exercise walked across the two parties' instances (exchange_helpers' pair) through a link — file
bundles or HTTP between two servers — once cleanly and once with faults injected, and the state each instance
ends in, put so that two walks can be compared.

`Walk` holds the pair, the link and the walk's clock, names each record by a label ("A", "notice A") and counts
the bundles each instance refused. Its steps are what the staffs do (request, approve, notify, clear, arrive…);
`clean_walk` crosses after each of them, `faulted_walk` injects, in turn: one altered byte, a truncated file, a
bundle for the other party, a key rotated and not yet added, a revoked key, a replay, a partner unreachable
(a courier's bundle lost), a sequence gap, a crash halfway through an import, and a partition healed later.
`ended` is what an instance holds of the exercise, labelled, without the instants that differ between two runs;
`exactly_once` checks its channels: every document taken once, in order, acknowledged, each applied audited.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
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

from relos.domain.errors import InvalidInput
from relos.domain.exchange.envelope import NO_PREVIOUS, DocumentType
from relos.services.clearances import lifecycle as clearances
from relos.services.deployments import lifecycle
from relos.services.exchange import bundles, inbox, keys, peers
from relos.services.exchange.outbox import unsigned
from relos.services.exchange.signing import sign
from relos.services.people.audit_checkpoints import verify_audit


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


def clean_walk(w: Walk) -> None:
    """The exercise with a crossing after each step: A requested, approved, cleared, arrives and departs; B the
    same up to its arrival; C requested and cancelled."""
    w.request("A", start=0, end=10)
    w.to_russia()
    w.approve("A")
    w.to_india()
    w.notify("A", start=0, end=10)
    w.to_russia()
    w.clear("A", "VVO-2026-001")
    w.to_india()
    w.arrive("A", 1)
    w.depart("A", 5)
    w.to_india()
    w.request("B", start=20, end=30)
    w.notify("B", start=20, end=30)
    w.to_russia()
    w.approve("B")
    w.to_india()
    w.clear("B", "VVO-2026-002")
    w.to_india()
    w.arrive("B", 21)
    w.to_india()
    w.request("C", start=40, end=50)
    w.cancel("C")
    w.to_russia()
    w.settle()


def _altered(data: bytes) -> bytes:
    at = data.index(b'"personnel":600') + len(b'"personnel":')
    return data[:at] + b"7" + data[at + 1 :]


def _forged(old: Ed25519PrivateKey, record: str, now: datetime) -> bytes:
    """A cancellation of `record` signed by India's retired key (as one who stole it would send it)."""
    document = sign(
        unsigned(kind=DocumentType.DEPLOYMENT_CANCELLATION, record=record, agreement="relos-ind-rus", sender="IND",
                 receiver="RUS", seq=99, prev=NO_PREVIOUS, key=old, now=now, body={"reason": "forged"}),
        old,
    )  # fmt: skip
    return bundles.write(sender="IND", receiver="RUS", documents=[document], key=old, now=now)


def _without(data: bytes, kind: DocumentType, key: Ed25519PrivateKey, now: datetime) -> tuple[bytes, int]:
    """The bundle `data` again without its document of type `kind` (lost on the way): the bundle, its number."""
    loaded = json.loads(data)
    (lost,) = [d for d in loaded["documents"] if d["type"] == kind.value]
    kept = [d for d in loaded["documents"] if d is not lost]
    return bundles.write(sender=loaded["sender"], receiver=loaded["receiver"], documents=kept, key=key, now=now), int(
        lost["seq"]
    )


def _crash_once(monkeypatch: pytest.MonkeyPatch, kind: DocumentType) -> None:
    """The next document of type `kind` taken anywhere in this process crashes the import (the power goes)."""
    take = inbox._TAKE[kind]

    def crashing(uow: object, **kwargs: object) -> object:
        monkeypatch.setitem(inbox._TAKE, kind, take)
        raise RuntimeError("the machine lost power halfway through the import")

    monkeypatch.setitem(inbox._TAKE, kind, crashing)


def faulted_walk(w: Walk, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same exercise as `clean_walk`, with a fault injected at each crossing."""
    india, russia = w.india, w.russia
    w.request("A", start=0, end=10)
    data = india.export("RUS", now=w.now)
    assert w.refused_by(russia, _altered(data)) == "exchange_signature_bad"
    assert w.refused_by(russia, data[: len(data) - 40]) == "exchange_bundle_unreadable"
    assert w.refused_by(russia, russia.export("IND", now=w.now)) == "exchange_wrong_receiver"
    assert russia.deployment(w.ids["A"]) is None
    w.link.deliver(russia, data, now=w.now)
    w.link.deliver(russia, data, now=w.now)  # replayed: ignored
    with russia.db.uow(read_only=True) as uow:
        assert [(d.seq, d.state) for d in uow.exchange.inbox("IND")] == [(1, "applied")]
    w.approve("A")
    w.to_india()

    old = india.key  # India rotates its key; Russia's staff have not added the new one yet
    keys.rotate(india.data_dir)
    w.notify("A", start=0, end=10)
    data = india.export("RUS", now=w.now)
    assert w.refused_by(russia, data) == "exchange_unknown_key"
    new, retired = keys.key_list(india.data_dir)
    peers.add_peer(russia.db.uow(), actor=OPERATOR, party="IND", key=new.public_key, now=w.now)
    w.to_russia()
    peers.revoke_peer(russia.db.uow(), actor=OPERATOR, key_id=retired.key_id, now=w.now)
    assert w.refused_by(russia, _forged(old, w.ids["A"], w.now)) == "exchange_revoked_key"

    w.clear("A", "VVO-2026-001")
    w.link.unreachable(russia, india, now=w.now)
    w.to_india()

    w.arrive("A", 1)
    w.depart("A", 5)
    gapped, lost = _without(russia.export("IND", now=w.now), DocumentType.DEPLOYMENT_ARRIVAL, russia.key, w.now)
    asked = w.link.deliver(india, gapped, now=w.now)
    assert (asked["missing"], asked["waiting"]) == ([lost], [lost + 1])  # the gap is asked for again
    w.to_india()

    w.request("B", start=20, end=30)
    w.notify("B", start=20, end=30)
    _crash_once(monkeypatch, DocumentType.CLEARANCE_NOTICE)
    with pytest.raises(w.link.crash):
        w.to_russia()
    assert russia.deployment(w.ids["B"]) is not None  # the request before it, applied whole
    with russia.db.uow(read_only=True) as uow:
        assert uow.clearances.get(w.ids["notice B"]) is None  # the notice not at all
    w.to_russia()

    w.approve("B")  # a partition: both sides act, nothing crosses
    w.clear("B", "VVO-2026-002")
    w.arrive("B", 21)
    w.request("C", start=40, end=50)
    w.cancel("C")
    w.link.unreachable(russia, india, now=w.now)
    w.link.unreachable(india, russia, now=w.now)
    w.settle()  # healed


@dataclass(frozen=True)
class Ended:
    """What an instance holds of the exercise: each record's state, each channel's documents (number, type,
    record, state), and the documents it took about each record in order."""

    deployments: dict[str, tuple[Any, ...]]
    clearances: dict[str, tuple[Any, ...]]
    sent: list[tuple[int, str, str]]
    received: list[tuple[int, str, str, str]]

    def about(self, label: str) -> list[str]:
        """The types of the documents about `label`, sent or received, each channel in its order."""
        return [t for _, t, r in self.sent if r == label] + [t for _, t, r, _ in self.received if r == label]


def ended(w: Walk, one: Instance) -> Ended:
    names = {record: label for label, record in w.ids.items()}
    peer = "RUS" if one.party == "IND" else "IND"
    with one.db.uow(read_only=True) as uow:
        found = {label: uow.deployments.get(i) for label, i in w.ids.items() if not label.startswith("notice")}
        deployments = {
            label: (d.reference, d.status.value, d.version, d.arrived_at, d.departed_at, d.decided_by, d.totals)
            for label, d in found.items()
            if d is not None
        }
        notices = {label: uow.clearances.get(i) for label, i in w.ids.items() if label.startswith("notice")}
        held = {
            label: (c.reference, c.status.value, c.version, c.clearance_number)
            for label, c in notices.items()
            if c is not None
        }
        sent = [(d.seq, d.type, names.get(d.record_id, "?")) for d in uow.exchange.outbox(peer)]
        received = [(d.seq, d.type, names.get(d.record_id, "?"), d.state) for d in uow.exchange.inbox(peer)]
    return Ended(deployments, held, sent, received)


def exactly_once(one: Instance) -> None:
    """Every document received taken once, in order, applied; every one sent acknowledged; each applied one
    audited once; the audit chain intact."""
    peer = "RUS" if one.party == "IND" else "IND"
    with one.db.uow(read_only=True) as uow:
        received = uow.exchange.inbox(peer)
        assert [d.seq for d in received] == list(range(1, len(received) + 1))
        assert {d.state for d in received} <= {"applied"}
        assert uow.exchange.unacknowledged(peer) == [] and uow.exchange.waiting(peer) == []
        applied = [e.entity_id for e in uow.audit.entries(entity="document", limit=10_000)
                   if e.action == "exchange.applied"]  # fmt: skip
    assert sorted(applied) == sorted(d.document_id for d in received)
    verdict = verify_audit(one.db.uow(), public_key=None, checkpoints=one.data_dir / "none.jsonl")
    assert verdict.intact, (verdict.problems, verdict.discrepancies)


def refusals_audited(one: Instance) -> list[str]:
    """The problems of each bundle this instance refused, as its audit trail holds them, oldest first."""
    with one.db.uow(read_only=True) as uow:
        entries = uow.audit.entries(entity="bundle", limit=1_000)
    return [str(e.after["problems"][0]) for e in reversed(entries) if e.action == "exchange.bundle_refused" and e.after]


def same_end(clean: tuple[Ended, Ended], faulted: tuple[Ended, Ended]) -> None:
    """Both walks end with the same records on each side, the same documents numbered 1…n on each channel, each
    record's documents in the same order (a partition may interleave different records' documents otherwise)."""
    for one, other in zip(clean, faulted, strict=True):
        assert other.deployments == one.deployments
        assert other.clearances == one.clearances
        assert [d[0] for d in other.sent] == [d[0] for d in one.sent]
        assert sorted(d[1:] for d in other.sent) == sorted(d[1:] for d in one.sent)
        assert [d[0] for d in other.received] == [d[0] for d in one.received]
        assert sorted(d[1:] for d in other.received) == sorted(d[1:] for d in one.received)
        for label in one.deployments | one.clearances:
            assert other.about(label) == one.about(label), label
    india, russia = faulted
    assert {k: v[:5] for k, v in india.deployments.items()} == {k: v[:5] for k, v in russia.deployments.items()}
    assert india.clearances == russia.clearances
    assert [d[1:3] for d in india.sent] == [d[1:3] for d in russia.received]
    assert [d[1:3] for d in russia.sent] == [d[1:3] for d in india.received]


#: What Russia's instance refuses of the faulted walk's bundles, in turn (India's refuses none).
REFUSED_AT_RUSSIA = [
    "exchange_signature_bad", "exchange_bundle_unreadable", "exchange_wrong_receiver", "exchange_unknown_key",
    "exchange_revoked_key",
]  # fmt: skip


def ends_as_clean(w: Walk, clean: tuple[Ended, Ended]) -> None:
    """The faulted walk `w` ended as the clean one did (`clean`: India's, Russia's), each channel exactly once,
    every bundle refused where it was injected and audited there."""
    same_end(clean, (ended(w, w.india), ended(w, w.russia)))
    for one in (w.india, w.russia):
        exactly_once(one)
    assert w.refused == {"IND": [], "RUS": REFUSED_AT_RUSSIA}
    assert len(refusals_audited(w.russia)) == len(REFUSED_AT_RUSSIA) and refusals_audited(w.india) == []
