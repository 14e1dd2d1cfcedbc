"""The settlement certificate: once the two ledgers agree on an agreement for a period, one instance signs a
certificate naming the hash of what both ledgers hold (the digest's entries, the same on both sides) and the
netted balance; the partner's instance checks its own ledger still hashes the same and countersigns. A
certificate signed by both is what the parties settle by (docs/exchange.md).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from datetime import UTC, date, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from uuid6 import uuid7

from relos.domain.actor import Actor, Role
from relos.domain.errors import Conflict, FieldProblem, InvalidInput
from relos.domain.exchange.fingerprints import key_id
from relos.services.exchange.inbox import verified_key
from relos.services.exchange.keys import raw
from relos.services.exchange.outbox import own_party_or_refuse
from relos.services.exchange.ports import KeptSettlement
from relos.services.exchange.reconcile import make_digest, reconcile
from relos.services.exchange.signing import canonical
from relos.services.ledger.statements import parse_period
from relos.services.people.authority import require_role
from relos.services.unit_of_work import UnitOfWork

FORMAT = "relos-settlement-certificate"


def ledger_hash(entries: Any) -> str:
    """The SHA-256 of the canonical form of a digest's entries: equal on both sides when the ledgers agree."""
    return hashlib.sha256(canonical({"entries": entries})).hexdigest()


def _signed_part(certificate: dict[str, Any]) -> bytes:
    return canonical({k: v for k, v in certificate.items() if k != "signatures"})


def _signature(certificate: dict[str, Any], key: Ed25519PrivateKey) -> dict[str, str]:
    return {
        "key": key_id(raw(key.public_key())),
        "signature": base64.b64encode(key.sign(_signed_part(certificate))).decode(),
    }


def _audit(uow: UnitOfWork, actor: Actor, action: str, certificate: dict[str, Any], *, own: str) -> None:
    """Audit the certificate and keep it (signed by both once both signatures are on it), in one transaction."""
    start, end, label = parse_period(str(certificate["period"]))
    partner = next(p for p in certificate["parties"] if p != own)
    both = set(certificate["signatures"]) == set(certificate["parties"])
    with uow:
        uow.settlements.keep(KeptSettlement(
            str(uuid7()), "certificate", partner, str(certificate["agreement"]), label, start, end,
            str(certificate["ledger_hash"]), both, json.dumps(certificate, ensure_ascii=False), now_of(certificate),
        ))  # fmt: skip
        uow.audit.record(
            actor=actor, action=action, entity="settlement_certificate", entity_id=certificate["ledger_hash"],
            before=None, after={k: certificate[k] for k in ("agreement", "period", "ledger_hash")} | {
                "signed_by": sorted(certificate["signatures"])},
            agreement_id=certificate["agreement"],
        )  # fmt: skip
        uow.commit()


def certify(
    uow: UnitOfWork, *, actor: Actor, data: bytes, where: str, key: Ed25519PrivateKey, today: date, now: datetime
) -> dict[str, Any]:
    """Reconcile the partner's digest; when nothing differs, the certificate signed by this instance."""
    found = reconcile(uow, actor=actor, data=data, where=where, key=key, today=today, now=now)
    if not found.agreed:
        raise Conflict.of(
            "conflict.exchange_ledgers_differ",
            "the two ledgers differ in {count} place(s): reconcile them first (relos ledger reconcile)",
            count=len(found.differences),
        )
    with uow:
        own = own_party_or_refuse(uow)
    ours = make_digest(uow, actor=actor, agreement_id=found.agreement, period=found.period, key=key, today=today,
                       now=now)  # fmt: skip
    certificate: dict[str, Any] = {
        "format": FORMAT,
        "version": 1,
        "agreement": found.agreement,
        "period": found.period,
        "parties": sorted([own, found.partner]),
        "ledger_hash": ledger_hash(ours["body"]["entries"]),
        "balances": ours["body"]["entries"]["balances"],
        "issued_at": now.astimezone(UTC).isoformat().replace("+00:00", "Z"),
    }
    certificate["signatures"] = {own: _signature(certificate, key)}
    _audit(uow, actor, "exchange.settlement_certified", certificate, own=own)
    return certificate


def now_of(certificate: dict[str, Any]) -> datetime:
    """When the certificate was issued."""
    return datetime.fromisoformat(str(certificate["issued_at"]).replace("Z", "+00:00"))


def _refused(where: str, problem: FieldProblem) -> InvalidInput:
    return InvalidInput(problem, source=where)


def _partner_signed(uow: UnitOfWork, data: bytes, *, where: str) -> tuple[dict[str, Any], str, dict[str, Any]]:
    """The certificate in `data`, this instance's party and the signatures, once the partner's signature holds."""
    try:
        certificate = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _refused(where, FieldProblem.of(
            "file", "exchange_certificate_unreadable", "is not a whole settlement certificate: {reason}",
            reason=str(exc),
        )) from None  # fmt: skip
    if not isinstance(certificate, dict) or certificate.get("format") != FORMAT:
        raise _refused(where, FieldProblem.of("format", "exchange_not_certificate", "is not a settlement certificate"))
    with uow:
        own = own_party_or_refuse(uow)
        signed = certificate.get("signatures") or {}
        partners = [p for p in certificate.get("parties") or [] if p != own]
        if own not in (certificate.get("parties") or []) or len(partners) != 1 or partners[0] not in signed:
            raise _refused(where, FieldProblem.of(
                "parties", "exchange_certificate_parties",
                "is not a certificate between {own} and a partner, signed by the partner", own=own,
            ))  # fmt: skip
        partner = partners[0]
        public = verified_key(uow, str(signed[partner].get("key")), partner, where=where)
    try:
        public.verify(base64.b64decode(str(signed[partner].get("signature")), validate=True), _signed_part(certificate))
    except (InvalidSignature, binascii.Error, ValueError):
        raise _refused(
            where, FieldProblem.of("signature", "exchange_signature_bad", "the signature does not hold: altered")
        ) from None
    return certificate, own, signed


def record_countersigned(uow: UnitOfWork, *, actor: Actor, data: bytes, where: str) -> dict[str, Any]:
    """Keep the certificate this instance signed, as the partner countersigned it: signed by both from now on,
    which opens the period's payments here. Refused unless this instance's own signature is the one it gave."""
    require_role(actor, Role.FINANCE_OFFICER, Role.AUDITOR, action="recording a countersigned certificate")
    certificate, own, signed = _partner_signed(uow, data, where=where)
    with uow:
        kept = uow.settlements.latest(
            "certificate", agreement_id=str(certificate.get("agreement")), period=str(certificate.get("period"))
        )
        mine = json.loads(kept.body)["signatures"].get(own) if kept is not None else None
    if mine is None or signed.get(own) != mine or kept is None or kept.ledger_hash != certificate.get("ledger_hash"):
        raise _refused(where, FieldProblem.of(
            "signatures", "exchange_certificate_not_ours", "does not carry the signature {own} gave a certificate",
            own=own,
        ))  # fmt: skip
    _audit(uow, actor, "exchange.settlement_recorded", certificate, own=own)
    return certificate


def countersign(
    uow: UnitOfWork, *, actor: Actor, data: bytes, where: str, key: Ed25519PrivateKey, today: date, now: datetime
) -> dict[str, Any]:
    """Check the partner's signature on its certificate and that this instance's ledger still hashes to it, then
    add this instance's signature: the certificate signed by both."""
    certificate, own, signed = _partner_signed(uow, data, where=where)
    ours = make_digest(uow, actor=actor, agreement_id=str(certificate.get("agreement")),
                       period=str(certificate.get("period")), key=key, today=today, now=now)  # fmt: skip
    if ledger_hash(ours["body"]["entries"]) != certificate.get("ledger_hash"):
        raise Conflict.of(
            "conflict.exchange_ledger_changed",
            "this instance's ledger of {agreement} for {period} no longer hashes to the certificate's: reconcile again",
            agreement=certificate.get("agreement"),
            period=certificate.get("period"),
        )
    certificate["signatures"] = {**signed, own: _signature(certificate, key)}
    _audit(uow, actor, "exchange.settlement_countersigned", certificate, own=own)
    return certificate
