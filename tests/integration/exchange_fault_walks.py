"""The walks of the exchange's fault tests over a `Walk` (tests.integration.exchange_faults): `clean_walk` crosses
after each step of the exercise; `faulted_walk` walks the same exercise injecting, in turn, one altered byte, a
truncated file, a bundle for the other party, a key rotated and not yet added, a revoked key, a replay, a partner
unreachable (a courier's bundle lost, a server down), a sequence gap, a crash halfway through an import, and a
partition healed later — and ends, when all is well, where the clean walk ends (tests.integration
.exchange_fault_checks).

The exercise: India's deployment A requested, approved in Russia's instance, its port-call notice cleared, its
arrival recorded there; a support order for it signed by both, delivered, receipted, billed, the period settled
by both, paid; A's departure; deployment B requested with its notice, approved, cleared and arrived; C requested
and cancelled; a cap override proposed in India's instance and countersigned in Russia's.
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from tests.integration.exchange_faults import Walk
from tests.integration.exchange_helpers import OPERATOR

from relos.domain.exchange.envelope import NO_PREVIOUS, DocumentType
from relos.services.exchange import bundles, inbox, keys, peers
from relos.services.exchange.outbox import unsigned
from relos.services.exchange.signing import sign

#: What Russia's instance refuses of the faulted walk's bundles, in turn (India's refuses none).
REFUSED_AT_RUSSIA = [
    "exchange_signature_bad", "exchange_bundle_unreadable", "exchange_wrong_receiver", "exchange_unknown_key",
    "exchange_revoked_key",
]  # fmt: skip


def _supported(w: Walk, *, faulted: bool) -> None:
    """A's support order from the price list to the payment; faulted: Russia's acceptance lost on the way."""
    w.price_list()
    w.to_india()
    w.order("A")
    w.to_russia()
    w.accept_and_deliver("A")
    if faulted:
        data = w.russia.export("IND", now=w.now)
        gapped, lost = _without(data, DocumentType.ORDER_ACCEPTANCE, w.russia.key, w.now)
        asked = w.link.deliver(w.india, gapped, now=w.now)
        assert (asked["missing"], asked["waiting"]) == ([lost], [lost + 1])  # the gap is asked for again
    w.to_india()
    w.receipt("A")
    w.to_russia()
    w.bill("A")
    w.to_india()
    w.certify()
    w.pay("A")
    w.to_russia()


def clean_walk(w: Walk) -> None:
    """The exercise with a crossing after each step."""
    w.request("A", start=0, end=10)
    w.to_russia()
    w.approve("A")
    w.to_india()
    w.notify("A", start=0, end=10)
    w.to_russia()
    w.clear("A", "VVO-2026-001")
    w.to_india()
    w.arrive("A", 1)
    _supported(w, faulted=False)
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
    w.propose_override()
    w.to_russia()
    w.countersign_override()
    w.to_india()
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
    _supported(w, faulted=True)
    w.depart("A", 5)
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
    w.propose_override()
    w.link.unreachable(russia, india, now=w.now)
    w.link.unreachable(india, russia, now=w.now)
    w.settle()  # healed
    w.countersign_override()
    w.settle()
