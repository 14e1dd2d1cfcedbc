"""Importing a bundle from a partner: every signature checked before anything is applied, then each document
applied exactly once, in its channel's order, each in a transaction of its own together with its inbox row.

Refused as a whole, nothing applied, the refusal in the audit trail: a file cut short or altered (the bundle's
signature or a document's no longer holds), a bundle or document addressed to another party, one signed by a
key this instance does not know for its sender, or one revoked. Then each document takes its place on the
channel (relos.domain.exchange.channel): a replay is ignored; one after a gap waits, kept, until the missing
ones come (the acknowledgement asks for them); the next one is applied, and a document that breaks a rule here
is refused with a signed refusal naming the rule, sent back on this instance's channel — never half-applied.
An acknowledgement marks this instance's documents the partner has taken.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from relos.domain.actor import Actor, Role
from relos.domain.errors import Conflict, FieldProblem, Forbidden, InvalidInput, NotFound, RuleViolated
from relos.domain.exchange.channel import Standing, Taken, missing, standing
from relos.domain.exchange.envelope import NO_PREVIOUS, DocumentType, Envelope, read_envelope
from relos.services.clearances import exchanged as clearances_exchanged
from relos.services.deployments import exchanged
from relos.services.exchange import mutual, notices
from relos.services.exchange.bundles import Bundle, read
from relos.services.exchange.outbox import enqueue, own_party_or_refuse
from relos.services.exchange.ports import StoredDocument
from relos.services.exchange.signing import canonical, document_hash, signature_holds
from relos.services.orders import exchanged as orders_exchanged
from relos.services.people.authority import require_role
from relos.services.unit_of_work import UnitOfWork

_Take = Callable[..., object]
_TAKE: dict[DocumentType, _Take] = {
    DocumentType.DEPLOYMENT_REQUEST: exchanged.take_request,
    DocumentType.DEPLOYMENT_AMENDMENT: exchanged.take_amendment,
    DocumentType.DEPLOYMENT_CANCELLATION: exchanged.take_cancellation,
    DocumentType.DEPLOYMENT_DECISION: exchanged.take_decision,
    DocumentType.DEPLOYMENT_ARRIVAL: exchanged.take_arrival,
    DocumentType.DEPLOYMENT_DEPARTURE: exchanged.take_departure,
    DocumentType.CLEARANCE_NOTICE: clearances_exchanged.take_notice,
    DocumentType.CLEARANCE_AMENDMENT: clearances_exchanged.take_amendment,
    DocumentType.CLEARANCE_CANCELLATION: clearances_exchanged.take_cancellation,
    DocumentType.CLEARANCE_DECISION: clearances_exchanged.take_decision,
    **{t: mutual.take_proposal for t in (DocumentType.CAP_OVERRIDE_PROPOSAL, DocumentType.AGREEMENT_EVENT_PROPOSAL)},
    DocumentType.CAP_OVERRIDE_COUNTERSIGNATURE: mutual.take_acceptance,
    DocumentType.AGREEMENT_EVENT_CONSENT: mutual.take_acceptance,
    DocumentType.CAP_OVERRIDE_DECLINED: mutual.take_decline,
    DocumentType.AGREEMENT_EVENT_DECLINED: mutual.take_decline,
    DocumentType.AGREEMENT_EVENT_NOTICE: notices.take_notice,
    DocumentType.ORDER_PRICE_LIST: orders_exchanged.take_price_list,
    DocumentType.ORDER_VERSION: orders_exchanged.take_version,
    DocumentType.ORDER_SIGNATURE: orders_exchanged.take_signature,
    DocumentType.ORDER_ACCEPTANCE: orders_exchanged.take_acceptance,
    DocumentType.ORDER_DELIVERY: orders_exchanged.take_delivery,
    DocumentType.ORDER_RECEIPT: orders_exchanged.take_receipt,
    DocumentType.ORDER_INVOICE: orders_exchanged.take_invoice,
    DocumentType.ORDER_PAYMENT: orders_exchanged.take_payment,
    DocumentType.ORDER_SATISFACTION: orders_exchanged.take_satisfaction,
    DocumentType.ORDER_CONVERSION: orders_exchanged.take_conversion,
    DocumentType.ORDER_CANCELLATION: orders_exchanged.take_cancellation,
    DocumentType.ORDER_PAYMENT_REVERSAL: orders_exchanged.take_reversal,
}


@dataclass
class ImportReport:
    """What an import did: documents applied, refused (with the rules named), replayed (ignored), waiting for
    missing ones, the numbers missing, and how many of this instance's documents the partner acknowledged."""

    sender: str = ""
    applied: list[str] = field(default_factory=list)
    refused: list[dict[str, Any]] = field(default_factory=list)
    replayed: list[int] = field(default_factory=list)
    waiting: list[int] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)
    acknowledged: int = 0

    @property
    def taken(self) -> int:
        """How many sequenced documents the bundle held (applied, refused, replayed or waiting)."""
        return len(self.applied) + len(self.refused) + len(self.replayed) + len(self.waiting)


@dataclass(frozen=True)
class _Checked:
    envelope: Envelope
    document: Mapping[str, Any]
    hash: str


def _problem(where: str, problem: FieldProblem) -> InvalidInput:
    return InvalidInput(problem, source=where)


def verified_key(uow: UnitOfWork, key: str, sender: str, *, where: str) -> Ed25519PublicKey:
    """`sender`'s public key named `key`, or InvalidInput when this instance does not know it or it is revoked."""
    found = uow.exchange.peer_key(key)
    if found is None or found.party != sender:
        raise _problem(
            where,
            FieldProblem.of(
                "key",
                "exchange_unknown_key",
                "signed by key {key}, which is not a key of {sender} known here (relos peers add)",
                key=key,
                sender=sender,
            ),
        )
    if found.revoked_at is not None:
        raise _problem(
            where,
            FieldProblem.of(
                "key",
                "exchange_revoked_key",
                "signed by {sender}'s key {key}, revoked on {revoked}",
                sender=sender,
                key=key,
                revoked=found.revoked_at.date().isoformat(),
            ),
        )
    return Ed25519PublicKey.from_public_bytes(bytes.fromhex(found.public_key))


def _check(uow: UnitOfWork, bundle: Bundle, own: str, *, where: str) -> list[_Checked]:
    """Every signature and address of the bundle, or InvalidInput naming the first thing wrong."""
    if bundle.receiver != own:
        raise _problem(
            where,
            FieldProblem.of(
                "receiver",
                "exchange_wrong_receiver",
                "is addressed to {receiver}, not to this instance's {own}",
                receiver=bundle.receiver,
                own=own,
            ),
        )
    if not signature_holds(bundle.signed, verified_key(uow, bundle.key, bundle.sender, where=where), where=where):
        raise _problem(
            where, FieldProblem.of("signature", "exchange_signature_bad", "the signature does not hold: altered")
        )
    checked = []
    for number, document in enumerate(bundle.documents, start=1):
        at = f"{where}: document {number}"
        envelope = read_envelope(document, where=at)
        if envelope.receiver != own:
            raise _problem(
                at,
                FieldProblem.of(
                    "receiver",
                    "exchange_wrong_receiver",
                    "is addressed to {receiver}, not to this instance's {own}",
                    receiver=envelope.receiver,
                    own=own,
                ),
            )
        if envelope.sender != bundle.sender:
            raise _problem(
                at,
                FieldProblem.of(
                    "sender",
                    "exchange_sender_differs",
                    "{sender} is not the bundle's sender {bundle_sender}",
                    sender=envelope.sender,
                    bundle_sender=bundle.sender,
                ),
            )
        if not signature_holds(document, verified_key(uow, envelope.key, envelope.sender, where=at), where=at):
            raise _problem(
                at, FieldProblem.of("signature", "exchange_signature_bad", "the signature does not hold: altered")
            )
        checked.append(_Checked(envelope, document, document_hash(document)))
    return checked


def _plain(params: Mapping[str, object]) -> dict[str, Any]:
    """Particulars as JSON carries them (days and instants as ISO text, anything else unknown as its text)."""
    loaded: dict[str, Any] = json.loads(json.dumps(dict(params), default=str))
    return loaded


def _refusal_rules(exc: Exception) -> list[dict[str, Any]]:
    """Each rule the refusal names: its code, its English sentence, its particulars, and whether it is a rule of
    the agreement (`violation`) or a problem with the document (`problem`), for each instance to say it in words."""
    if isinstance(exc, RuleViolated):
        return [
            {"rule": v.rule, "message": v.message, "params": _plain(v.details), "kind": "violation"}
            for v in exc.violations
        ]
    if isinstance(exc, InvalidInput):
        return [
            {
                "rule": p.refusal_code or "invalid_input",
                "message": str(p),
                "params": _plain(p.params),
                "kind": "problem",
            }
            for p in exc.problems
        ]
    if isinstance(exc, Conflict | Forbidden):
        return [{"rule": exc.code or "conflict", "message": str(exc), "params": _plain(exc.params), "kind": "problem"}]
    return [{"rule": "not_found", "message": str(exc), "params": {}, "kind": "problem"}]


def _stored(c: _Checked, now: datetime, state: str, outcome: str = "") -> StoredDocument:
    e = c.envelope
    return StoredDocument(
        e.id,
        e.sender,
        e.seq,
        e.type.value,
        e.record,
        e.agreement,
        c.hash,
        canonical(c.document).decode(),
        now,
        state=state,
        outcome=outcome,
    )


class _Importer:
    def __init__(self, uow: UnitOfWork, *, own: str, key: Ed25519PrivateKey, now: datetime) -> None:
        self.uow, self.own, self.key, self.now = uow, own, key, now
        self.report = ImportReport()

    def taken(self, sender: str) -> Taken:
        last = self.uow.exchange.last_taken(sender)
        return Taken(last.seq, last.hash) if last is not None else Taken(0, NO_PREVIOUS)

    def _record(self, c: _Checked, *, state: str, outcome: str, early: bool) -> None:
        if early:
            self.uow.exchange.settle_received(c.envelope.id, state=state, outcome=outcome)
        else:
            self.uow.exchange.add_received(_stored(c, self.now, state, outcome))
        e = c.envelope
        self.uow.audit.record(
            actor=exchanged.partner(e.sender),
            action=f"exchange.{state}",
            entity="document",
            entity_id=e.id,
            before=None,
            after={
                "type": e.type.value,
                "from": e.sender,
                "seq": e.seq,
                "record": e.record,
                "hash": c.hash,
                "outcome": outcome,
            },
            agreement_id=e.agreement if e.agreement != "exchange" else None,
        )

    def apply(self, c: _Checked, *, early: bool = False) -> None:
        """Take the next document of its channel: applied with its inbox row, or refused with a signed refusal."""
        e = c.envelope
        take = _TAKE.get(e.type)
        try:
            with self.uow:
                self.uow.lock(f"exchange-in:{e.sender}")
                if self.taken(e.sender).seq + 1 != e.seq:
                    return  # taken meanwhile by another import
                if take is not None:
                    body = c.document["body"]
                    take(self.uow, sender=e.sender, own=self.own, record_id=e.record, body=body, now=self.now)
                self._record(c, state="applied", outcome="", early=early)
                self.uow.commit()
            self.report.applied.append(f"{e.seq} {e.type.value} {e.record}")
        except (RuleViolated, InvalidInput, Conflict, Forbidden, NotFound) as exc:
            rules = _refusal_rules(exc)
            with self.uow:
                self.uow.lock(f"exchange-in:{e.sender}")
                if self.taken(e.sender).seq + 1 != e.seq:
                    return
                self._record(c, state="refused", outcome=json.dumps(rules, ensure_ascii=False), early=early)
                enqueue(
                    self.uow,
                    kind=DocumentType.REFUSAL,
                    record=e.record,
                    agreement=e.agreement,
                    own=self.own,
                    peer=e.sender,
                    key=self.key,
                    now=self.now,
                    body={"refused": e.id, "seq": e.seq, "type": e.type.value, "rules": rules},
                )
                self.uow.commit()
            self.report.refused.append({"seq": e.seq, "type": e.type.value, "record": e.record, "rules": rules})

    def take(self, c: _Checked) -> None:
        e = c.envelope
        with self.uow:
            taken = self.taken(e.sender)
            prior = self.uow.exchange.received(e.sender, e.seq)
        where = standing(
            seq=e.seq,
            prev=e.prev,
            document_hash=c.hash,
            taken=taken,
            hash_taken_at=prior.hash if prior is not None and prior.state != "waiting" else None,
        )
        if where is Standing.REPLAY or (prior is not None and prior.hash == c.hash and prior.state == "waiting"):
            self.report.replayed.append(e.seq)
            return
        if where is Standing.FORKED or prior is not None:
            raise Conflict.of(
                "conflict.exchange_channel_forked",
                "document {seq} from {sender} contradicts what was received from it before (another document "
                "with that number, or another one before it): the partner's instance was restored or forged",
                seq=e.seq,
                sender=e.sender,
            )
        if where is Standing.EARLY:
            with self.uow:
                self.uow.exchange.add_received(_stored(c, self.now, "waiting"))
                self.uow.commit()
            return
        self.apply(c)
        self._release(e.sender)

    def _release(self, sender: str) -> None:
        """Apply the documents that waited for the ones just taken, while the next one is among them."""
        while True:
            with self.uow:
                taken = self.taken(sender)
                nxt = next((d for d in self.uow.exchange.waiting(sender) if d.seq == taken.seq + 1), None)
            if nxt is None:
                return
            document = json.loads(nxt.body)
            checked = _Checked(read_envelope(document, where=f"waiting document {nxt.seq}"), document, nxt.hash)
            if checked.envelope.prev != taken.hash:
                raise Conflict.of(
                    "conflict.exchange_channel_forked",
                    "document {seq} from {sender} contradicts what was received from it before (another document "
                    "with that number, or another one before it): the partner's instance was restored or forged",
                    seq=nxt.seq,
                    sender=sender,
                )
            self.apply(checked, early=True)


def _log_refusal(uow: UnitOfWork, actor: Actor, where: str, exc: InvalidInput) -> None:
    with uow:
        uow.audit.record(
            actor=actor,
            action="exchange.bundle_refused",
            entity="bundle",
            entity_id=where[-200:],
            before=None,
            after={"problems": [str(p) for p in exc.problems]},
        )
        uow.commit()


def import_bundle(
    uow: UnitOfWork, *, actor: Actor, data: bytes, where: str, key: Ed25519PrivateKey, now: datetime
) -> ImportReport:
    """Check the whole bundle, then take its documents (acknowledgements first, then by channel order)."""
    require_role(actor, Role.ADMINISTRATOR, action="importing a partner's bundle")
    with uow:
        own = own_party_or_refuse(uow)
    try:
        bundle = read(data, where=where)
        with uow:
            checked = _check(uow, bundle, own, where=where)
    except InvalidInput as exc:
        _log_refusal(uow, actor, where, exc)
        raise
    importer = _Importer(uow, own=own, key=key, now=now)
    importer.report.sender = bundle.sender
    for c in checked:
        if c.envelope.type is DocumentType.ACKNOWLEDGEMENT:
            with uow:
                importer.report.acknowledged += uow.exchange.acknowledge(
                    bundle.sender, upto=int(c.document["body"].get("upto", 0)), at=now
                )
                uow.commit()
    for c in sorted((c for c in checked if c.envelope.sequenced), key=lambda c: c.envelope.seq):
        importer.take(c)
    with uow:
        taken = importer.taken(bundle.sender)
        waiting = [d.seq for d in uow.exchange.waiting(bundle.sender)]
    importer.report.waiting = waiting
    importer.report.missing = missing(taken, waiting)
    return importer.report
