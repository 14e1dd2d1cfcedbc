"""Reconciling the two parties' ledgers: each instance signs a digest of what its ledger holds of an agreement
for a period — every order, delivery, obligation, invoice and payment with its amount and status, and the netted
balance per currency — and compares the partner's digest with its own, listing every difference: a record
missing on one side, or one whose amount, currency or status differs, each with the exchanged documents behind it.

A digest is a signed document (relos.domain.exchange.envelope, type `statement.digest`, no place on a channel);
it is checked as a bundle's documents are (the partner's known, unrevoked key; addressed to this instance).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from uuid6 import uuid7

from relos.domain.actor import Actor, Role
from relos.domain.errors import FieldProblem, InvalidInput
from relos.domain.exchange.envelope import NO_PREVIOUS, DocumentType, read_envelope
from relos.services.exchange.inbox import verified_key
from relos.services.exchange.outbox import own_party_or_refuse, unsigned
from relos.services.exchange.ports import KeptSettlement
from relos.services.exchange.signing import canonical, document_hash, sign, signature_holds
from relos.services.ledger import results as ledger_results
from relos.services.ledger.statements import ledger_statement, parse_period
from relos.services.people.authority import require_role
from relos.services.unit_of_work import UnitOfWork

_Entries = dict[str, dict[str, dict[str, Any]]]


def entries(statement: ledger_results.Statement) -> _Entries:
    """What the two ledgers must agree on, by kind and record id."""
    netting = statement["netting"]
    return {
        "orders": {o["id"]: {"status": o["status"], "value": o["value"]} for o in statement["orders"]},
        "deliveries": {
            d["id"]: {
                "order_id": d["order_id"],
                "delivered_on": d["delivered_on"],
                "receipted": d["receipt"] is not None,
            }
            for d in statement["deliveries"]
        },
        "obligations": {
            ob["id"]: {
                "amount": ob["value"],
                "currency": ob["currency"],
                "method": ob["method"],
                "debtor": ob["debtor"],
                "status": ob["status"],
            }
            for ob in statement["obligations"]
        },
        "invoices": {
            i["id"]: {"amount": i["amount"], "currency": i["currency"], "outstanding": i["outstanding"]}
            for i in statement["invoices"]
        },
        "payments": {
            p["id"]: {
                "amount": p["amount"],
                "currency": p["currency"],
                "paid_on": p["paid_on"],
                "reversed": p["reversed"],
            }
            for p in statement["payments"]
        },
        "balances": {
            f"{netting['party']}/{netting['counterparty']}": {
                "cash": netting["cash_per_currency"],
                "in_kind": netting["in_kind_per_currency"],
            }
        },
    }


def make_digest(
    uow: UnitOfWork, *, actor: Actor, agreement_id: str, period: str, key: Ed25519PrivateKey, today: date,
    now: datetime,
) -> dict[str, Any]:  # fmt: skip
    """This instance's signed digest of `agreement_id`'s ledger for `period`, addressed to the partner."""
    require_role(actor, Role.FINANCE_OFFICER, Role.AUDITOR, action="signing a statement digest")
    with uow:
        own = own_party_or_refuse(uow)
    statement = ledger_statement(uow, actor=actor, agreement_id=agreement_id, period=period, today=today)
    partner = next(p for p in statement["agreement"]["parties"] if p != own)
    body = {
        "agreement": agreement_id,
        "period": statement["period"]["label"],
        "as_of": statement["as_of"],
        "entries": entries(statement),
    }
    return sign(
        unsigned(kind=DocumentType.STATEMENT_DIGEST, record=str(uuid7()), agreement=agreement_id, sender=own,
                 receiver=partner, seq=0, prev=NO_PREVIOUS, key=key, now=now, body=body),
        key,
    )  # fmt: skip


@dataclass(frozen=True)
class Difference:
    """One thing the two ledgers disagree on: `field` "" when the record is missing on one side (`ours` or
    `theirs` None); `documents` the ids of the exchanged documents about the record."""

    kind: str
    record: str
    field: str
    ours: Any
    theirs: Any
    documents: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reconciliation:
    agreement: str
    period: str
    partner: str
    ours: str  # the hashes of the two digests compared
    theirs: str
    differences: list[Difference]

    @property
    def agreed(self) -> bool:
        return not self.differences


def compare(ours: _Entries, theirs: _Entries) -> list[tuple[str, str, str, Any, Any]]:
    """Every (kind, record, field, ours, theirs) that differs; field "" for a record one side lacks."""
    found = []
    for kind in sorted(set(ours) | set(theirs)):
        mine, yours = ours.get(kind, {}), theirs.get(kind, {})
        for record in sorted(set(mine) | set(yours)):
            if record not in yours or record not in mine:
                found.append((kind, record, "", mine.get(record), yours.get(record)))
                continue
            for name in sorted(set(mine[record]) | set(yours[record])):
                if mine[record].get(name) != yours[record].get(name):
                    found.append((kind, record, name, mine[record].get(name), yours[record].get(name)))
    return found


def _read(data: bytes, *, where: str) -> dict[str, Any]:
    try:
        loaded = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InvalidInput(
            FieldProblem.of(
                "file", "exchange_digest_unreadable", "is not a whole statement digest: {reason}", reason=str(exc)
            ),
            source=where,
        ) from None
    if not isinstance(loaded, dict):
        raise InvalidInput(FieldProblem.of("document", "exchange_not_object", "is not a JSON object"), source=where)
    return loaded


def reconcile(
    uow: UnitOfWork, *, actor: Actor, data: bytes, where: str, key: Ed25519PrivateKey, today: date, now: datetime
) -> Reconciliation:
    """Check the partner's digest (its key, the address), make this instance's for the same agreement and
    period, and list every difference; the comparison is audited with both digests' hashes."""
    theirs = _read(data, where=where)
    envelope = read_envelope(theirs, where=where)
    if envelope.type is not DocumentType.STATEMENT_DIGEST:
        raise InvalidInput(
            FieldProblem.of(
                "type", "exchange_not_digest", "{kind} is not a statement digest", kind=envelope.type.value
            ),
            source=where,
        )
    with uow:
        own = own_party_or_refuse(uow)
        if envelope.receiver != own:
            raise InvalidInput(
                FieldProblem.of(
                    "receiver", "exchange_wrong_receiver", "is addressed to {receiver}, not to this instance's {own}",
                    receiver=envelope.receiver, own=own,
                ),
                source=where,
            )  # fmt: skip
        public = verified_key(uow, envelope.key, envelope.sender, where=where)
    if not signature_holds(theirs, public, where=where):
        raise InvalidInput(
            FieldProblem.of("signature", "exchange_signature_bad", "the signature does not hold: altered"), source=where
        )
    return compared(uow, actor=actor, theirs=theirs, key=key, today=today, now=now, record=True)


def compared(
    uow: UnitOfWork, *, actor: Actor, theirs: dict[str, Any], key: Ed25519PrivateKey, today: date, now: datetime,
    record: bool,
) -> Reconciliation:  # fmt: skip
    """The partner's digest (already checked) against this instance's own of the same agreement and period. With
    `record`, the comparison is audited and the partner's digest kept as the last received for that period."""
    envelope = read_envelope(theirs, where="digest")
    body = theirs["body"]
    ours = make_digest(uow, actor=actor, agreement_id=envelope.agreement, period=str(body.get("period")), key=key,
                       today=today, now=now)  # fmt: skip
    found = compare(ours["body"]["entries"], body.get("entries") or {})
    with uow:
        differences = [
            Difference(
                kind, record_id, name, mine, yours,
                tuple(d.document_id for d in uow.exchange.documents_about(record_id)),
            )
            for kind, record_id, name, mine, yours in found
        ]  # fmt: skip
        result = Reconciliation(
            envelope.agreement, str(body.get("period")), envelope.sender, document_hash(ours), document_hash(theirs),
            differences,
        )  # fmt: skip
        if not record:
            return result
        start, end, label = parse_period(result.period)
        uow.settlements.keep(KeptSettlement(
            str(uuid7()), "digest", envelope.sender, envelope.agreement, label, start, end, "", False,
            canonical(theirs).decode(), now,
        ))  # fmt: skip
        uow.audit.record(
            actor=actor, action="exchange.reconciled", entity="statement_digest", entity_id=envelope.id, before=None,
            after={"partner": envelope.sender, "period": result.period, "ours": result.ours, "theirs": result.theirs,
                   "differences": len(differences)},
            agreement_id=envelope.agreement,
        )  # fmt: skip
        uow.commit()
    return result
