"""What this instance sends a partner: the documents due about the records it is the authority for, signed and
numbered on the channel to that partner, kept in the outbox until the partner acknowledges them.

`compose` looks at the deployments this instance shares with the partner and adds a document for each fact
not sent yet — a request it submitted as the visitor; a decision, an arrival, a departure it recorded as the
host — each in its own place on the channel, in the order they happened. `acknowledgement` is what this
instance says of the partner's channel to it: how far it has taken it and which numbers it misses.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from uuid6 import uuid7

from relos.domain.actor import Actor, Role
from relos.domain.clearances.model import Clearance, ClearanceStatus
from relos.domain.deployments.model import Deployment, DeploymentStatus
from relos.domain.errors import Conflict
from relos.domain.exchange.channel import Taken, missing
from relos.domain.exchange.envelope import ENVELOPE_VERSION, NO_PREVIOUS, DocumentType
from relos.domain.exchange.fingerprints import key_id
from relos.services.clearances import exchanged as clearances_exchanged
from relos.services.deployments import exchanged
from relos.services.exchange import bundles, notices
from relos.services.exchange.keys import raw
from relos.services.exchange.ports import StoredDocument
from relos.services.exchange.signing import canonical, document_hash, sign
from relos.services.orders.exchanged_due import orders_due
from relos.services.people.authority import require_role
from relos.services.unit_of_work import UnitOfWork

_Said = list[tuple[str, dict[str, Any]]]


def _said(sent: list[StoredDocument]) -> _Said:
    """What was sent about a record: each document's type and body."""
    return [(d.type, json.loads(d.body)["body"]) for d in sent]


def _visitor_due(d: Deployment, said: _Said) -> list[tuple[DocumentType, dict[str, Any]]]:
    """The request once submitted, each later version as an amendment, then the cancellation."""
    if d.status is DeploymentStatus.DRAFT:
        return []
    versions = [b.get("version", 0) for t, b in said if t in (REQUEST, AMENDMENT)]
    due: list[tuple[DocumentType, dict[str, Any]]] = []
    if not versions:
        due.append((DocumentType.DEPLOYMENT_REQUEST, exchanged.request_body(d)))
    elif d.version > max(versions):
        due.append((DocumentType.DEPLOYMENT_AMENDMENT, exchanged.request_body(d)))
    cancelled = exchanged.cancellation_body(d)
    if cancelled is not None and not any(t == DocumentType.DEPLOYMENT_CANCELLATION.value for t, _ in said):
        due.append((DocumentType.DEPLOYMENT_CANCELLATION, cancelled))
    return due


def _host_due(d: Deployment, said: _Said) -> list[tuple[DocumentType, dict[str, Any]]]:
    """The decision on each version decided, then the arrival, then the departure (each follows the one before)."""
    due: list[tuple[DocumentType, dict[str, Any]]] = []
    decision = exchanged.decision_body(d)
    if decision is None:
        return due
    if not any(t == DocumentType.DEPLOYMENT_DECISION.value and b == decision for t, b in said):
        due.append((DocumentType.DEPLOYMENT_DECISION, decision))
    for kind, body in (
        (DocumentType.DEPLOYMENT_ARRIVAL, exchanged.arrival_body(d)),
        (DocumentType.DEPLOYMENT_DEPARTURE, exchanged.departure_body(d)),
    ):
        if body is None:
            break
        if not any(t == kind.value for t, _ in said):
            due.append((kind, body))
    return due


REQUEST, AMENDMENT = DocumentType.DEPLOYMENT_REQUEST.value, DocumentType.DEPLOYMENT_AMENDMENT.value
NOTICE, CLEARANCE_AMENDMENT = DocumentType.CLEARANCE_NOTICE.value, DocumentType.CLEARANCE_AMENDMENT.value


def _clearance_due(c: Clearance, own: str, said: _Said) -> list[tuple[DocumentType, dict[str, Any]]]:
    """The visitor's notice once submitted, each later version, then its cancellation; the host's decision on each
    version."""
    due: list[tuple[DocumentType, dict[str, Any]]] = []
    sent = {t for t, _ in said}
    if c.visiting_party == own:
        notice = clearances_exchanged.notice_body(c)
        versions = [b.get("version", 0) for t, b in said if t in (NOTICE, CLEARANCE_AMENDMENT)]
        if notice is not None and not versions:
            due.append((DocumentType.CLEARANCE_NOTICE, notice))
        elif notice is not None and c.version > max(versions) and c.status is not ClearanceStatus.CANCELLED:
            due.append((DocumentType.CLEARANCE_AMENDMENT, notice))
        cancelled = clearances_exchanged.cancellation_body(c)
        told = notice is not None or DocumentType.CLEARANCE_NOTICE.value in sent
        if cancelled is not None and told and DocumentType.CLEARANCE_CANCELLATION.value not in sent:
            due.append((DocumentType.CLEARANCE_CANCELLATION, cancelled))
        return due
    decision = clearances_exchanged.decision_body(c)
    if decision is not None and (DocumentType.CLEARANCE_DECISION.value, decision) not in said:
        due.append((DocumentType.CLEARANCE_DECISION, decision))
    return due


def _at(now: datetime) -> str:
    return now.astimezone(UTC).isoformat().replace("+00:00", "Z")


def own_party_or_refuse(uow: UnitOfWork) -> str:
    own = uow.exchange.own_party()
    if own is None:
        raise Conflict.of(
            "conflict.exchange_joint_instance",
            "this is the joint instance (no party of its own): it exchanges nothing; "
            "give an instance its party with relos init --party",
        )
    return own


def unsigned(
    *, kind: DocumentType, record: str, agreement: str, sender: str, receiver: str, seq: int, prev: str,
    key: Ed25519PrivateKey, now: datetime, body: Mapping[str, Any],
) -> dict[str, Any]:  # fmt: skip
    """A document's fields before its signature."""
    return {
        "type": kind.value,
        "version": ENVELOPE_VERSION,
        "id": str(uuid7()),
        "record": record,
        "agreement": agreement,
        "sender": sender,
        "receiver": receiver,
        "seq": seq,
        "prev": prev,
        "issued_at": _at(now),
        "key": key_id(raw(key.public_key())),
        "body": dict(body),
    }


def enqueue(
    uow: UnitOfWork, *, kind: DocumentType, record: str, agreement: str, own: str, peer: str,
    key: Ed25519PrivateKey, now: datetime, body: Mapping[str, Any], composed_from: int | None = None,
) -> StoredDocument:  # fmt: skip
    """Sign the next document on the channel to `peer` and keep it in the outbox (inside the caller's
    transaction, which also audits it, with `composed_from`: the audit's last number when composing began)."""
    uow.lock(f"exchange-out:{peer}")
    last = uow.exchange.last_sent(peer)
    seq, prev = (last.seq + 1, last.hash) if last is not None else (1, NO_PREVIOUS)
    document = sign(
        unsigned(kind=kind, record=record, agreement=agreement, sender=own, receiver=peer, seq=seq, prev=prev,
                 key=key, now=now, body=body),
        key,
    )  # fmt: skip
    stored = StoredDocument(
        document["id"], peer, seq, kind.value, record, agreement, document_hash(document),
        canonical(document).decode(), now,
    )  # fmt: skip
    uow.exchange.add_sent(stored)
    uow.audit.record(
        actor=exchanged.partner(own), action="exchange.sent", entity="document", entity_id=stored.document_id,
        before=None, after={"type": kind.value, "to": peer, "seq": seq, "record": record, "hash": stored.hash,
                            **({} if composed_from is None else {"composed_from": composed_from})},
        agreement_id=agreement,
    )  # fmt: skip
    return stored


def _composed_from(uow: UnitOfWork, peer: str) -> int | None:
    """The audit's last number when this instance last composed documents for `peer` and sent one (its
    `exchange.sent` entries say it); None when it never did."""
    before: int | None = None
    while True:
        page = uow.audit.entries(entity="document", limit=200, before_seq=before)
        for e in page:
            after = e.after or {}
            if e.action == "exchange.sent" and after.get("to") == peer and "composed_from" in after:
                return int(after["composed_from"])
        if len(page) < 200:
            return None
        before = page[-1].seq


def compose(uow: UnitOfWork, *, peer: str, key: Ed25519PrivateKey, now: datetime) -> list[StoredDocument]:
    """Add to the outbox every document now due to `peer`; the new ones, in channel order. The orders looked at
    are those audited since the last composing that sent something (every one the first time): the audit's
    entries are numbered in the order they were committed, so none changed before that number was read is
    missed."""
    made: list[StoredDocument] = []
    with uow:
        own = own_party_or_refuse(uow)
        since, upto = _composed_from(uow, peer), uow.audit.length()
        shared = [d for d in uow.deployments.list(party=own, sort="start", descending=False)
                  if peer in (d.visiting_party, d.host_party) and d.visiting_party != d.host_party]  # fmt: skip
        for d in sorted(shared, key=lambda d: (d.created_at, d.id)):
            if d.host_party == own and not d.requested_by.startswith(f"{peer}:"):
                continue  # created here (joint use before the instance got its party): the partner never asked
            said = _said(uow.exchange.sent_about(peer, d.id))
            for kind, body in _visitor_due(d, said) if d.visiting_party == own else _host_due(d, said):
                made.append(enqueue(uow, kind=kind, record=d.id, agreement=d.agreement_id, own=own, peer=peer,
                                    key=key, now=now, body=body, composed_from=upto))  # fmt: skip
        for c in uow.clearances.list(parties=[own]):
            if peer not in (c.visiting_party, c.host_party) or c.visiting_party == c.host_party:
                continue
            if c.host_party == own and not c.created_by.startswith(f"{peer}:"):
                continue  # prepared here before the instance got its party: the partner never sent it
            said = _said(uow.exchange.sent_about(peer, c.id))
            for kind, body in _clearance_due(c, own, said):
                made.append(enqueue(uow, kind=kind, record=c.id, agreement=c.agreement_id, own=own, peer=peer,
                                    key=key, now=now, body=body, composed_from=upto))  # fmt: skip
        for kind, record, agreement, body in orders_due(uow, own=own, peer=peer, since=since):
            made.append(enqueue(uow, kind=kind, record=record, agreement=agreement, own=own, peer=peer, key=key,
                                now=now, body=body, composed_from=upto))  # fmt: skip
        for record, agreement, body in notices.due(uow, own=own, peer=peer):
            made.append(enqueue(uow, kind=DocumentType.AGREEMENT_EVENT_NOTICE, record=record, agreement=agreement,
                                own=own, peer=peer, key=key, now=now, body=body, composed_from=upto))  # fmt: skip
        uow.commit()
    return made


def acknowledgement(uow: UnitOfWork, *, own: str, peer: str, key: Ed25519PrivateKey, now: datetime) -> dict[str, Any]:
    """The signed acknowledgement of the partner's channel to this instance (it takes no place on a channel)."""
    last = uow.exchange.last_taken(peer)
    taken = Taken(last.seq, last.hash) if last is not None else Taken(0, NO_PREVIOUS)
    early = [d.seq for d in uow.exchange.waiting(peer)]
    refused = [d.seq for d in uow.exchange.inbox(peer, state="refused")]
    body = {"upto": taken.seq, "missing": missing(taken, early), "waiting": early, "refused": refused}
    record = str(uuid7())
    return sign(
        unsigned(kind=DocumentType.ACKNOWLEDGEMENT, record=record, agreement="exchange", sender=own, receiver=peer,
                 seq=0, prev=NO_PREVIOUS, key=key, now=now, body=body),
        key,
    )  # fmt: skip


def export_bundle(
    uow: UnitOfWork, *, actor: Actor, peer: str, key: Ed25519PrivateKey, now: datetime
) -> tuple[bytes, int]:
    """The bundle for `peer`: the acknowledgement of its channel, then everything sent to it and not yet
    acknowledged (the documents due now added first); with how many documents it holds besides the
    acknowledgement. Exporting again repeats what is still unacknowledged: the partner ignores what it has."""
    require_role(actor, Role.ADMINISTRATOR, action="exporting a bundle for a partner")
    compose(uow, peer=peer, key=key, now=now)
    with uow:
        own = own_party_or_refuse(uow)
        if not [k for k in uow.exchange.peer_keys(peer) if k.revoked_at is None]:
            raise Conflict.of(
                "conflict.exchange_no_partner_key",
                "{peer} has no key here: add it first (relos peers add), after reading its fingerprint aloud",
                peer=peer,
            )
        pending = [json.loads(d.body) for d in uow.exchange.unacknowledged(peer)]
        ack = acknowledgement(uow, own=own, peer=peer, key=key, now=now)
    data = bundles.write(sender=own, receiver=peer, documents=[ack, *pending], key=key, now=now)
    return data, len(pending)
