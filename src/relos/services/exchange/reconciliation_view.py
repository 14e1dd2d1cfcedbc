"""What the reconciliation page shows for an agreement and a period, in a party's instance: this instance's
ledger digest against the partner's last digest received, every difference with the exchanged documents behind
it, and where the settlement certificate stands (not signed, signed here, signed by both). The page keeps a
partner's digest uploaded to it (`take_digest`), signs the certificate against it (`sign`), and takes the
partner's certificate to countersign, or its countersignature of ours (`take_certificate`)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from relos.domain.actor import Actor, Role
from relos.domain.deployments.admission import iso
from relos.domain.errors import Conflict, NotFound
from relos.services.exchange import results, settlement
from relos.services.exchange.outbox import own_party_or_refuse
from relos.services.exchange.ports import KeptSettlement
from relos.services.exchange.reconcile import Difference, compared, make_digest, reconcile
from relos.services.ledger.statements import parse_period
from relos.services.people.authority import require_role, require_visible
from relos.services.unit_of_work import UnitOfWork

#: Who works the page: finance officers sign; auditors read and sign digests as the services allow.
ROLES = (Role.FINANCE_OFFICER, Role.AUDITOR)


@dataclass(frozen=True)
class View:
    """The page's content. `theirs_at` None: no digest of the partner's received for the period yet;
    `differences` then empty and `compared` False. `certificate` the last kept for the period."""

    party: str
    partner: str
    agreement_id: str
    period: str
    start: date
    end: date
    counts: dict[str, int]
    balances: dict[str, Any]
    theirs_at: datetime | None = None
    compared: bool = False
    differences: list[Difference] = field(default_factory=list)
    certificate: KeptSettlement | None = None
    certificate_signers: list[str] = field(default_factory=list)
    #: what each document behind a difference is (its type: `order.invoice`), by its id
    document_types: dict[str, str] = field(default_factory=dict)

    @property
    def agreed(self) -> bool:
        return self.compared and not self.differences


def view(
    uow: UnitOfWork, *, actor: Actor, agreement_id: str, period: str, key: Ed25519PrivateKey, today: date,
    now: datetime,
) -> View:  # fmt: skip
    """This instance's digest of the agreement for the period against the partner's last one received."""
    require_role(actor, *ROLES, action="reconciling the ledgers")
    start, end, label = parse_period(period)
    ours = make_digest(uow, actor=actor, agreement_id=agreement_id, period=label, key=key, today=today, now=now)
    entries = ours["body"]["entries"]
    with uow:
        party = own_party_or_refuse(uow)
        theirs = uow.settlements.latest("digest", agreement_id=agreement_id, period=label)
        certificate = uow.settlements.latest("certificate", agreement_id=agreement_id, period=label)
    found = View(
        party, str(ours["receiver"]), agreement_id, label, start, end,
        {k: len(v) for k, v in entries.items() if k != "balances"}, entries["balances"],
        certificate=certificate,
        certificate_signers=sorted(json.loads(certificate.body)["signatures"]) if certificate else [],
    )  # fmt: skip
    if theirs is None:
        return found
    result = compared(uow, actor=actor, theirs=json.loads(theirs.body), key=key, today=today, now=now, record=False)
    with uow:
        types = {d.document_id: d.type for x in result.differences for d in uow.exchange.documents_about(x.record)}
    return View(**{**found.__dict__, "theirs_at": theirs.at, "compared": True, "differences": result.differences,
                   "document_types": types})  # fmt: skip


def take_digest(
    uow: UnitOfWork, *, actor: Actor, data: bytes, where: str, key: Ed25519PrivateKey, today: date, now: datetime
) -> tuple[str, str]:
    """Check and keep the partner's digest (reconciling it, audited): its agreement and period."""
    found = reconcile(uow, actor=actor, data=data, where=where, key=key, today=today, now=now)
    return found.agreement, found.period


def sign(
    uow: UnitOfWork, *, actor: Actor, agreement_id: str, period: str, key: Ed25519PrivateKey, today: date,
    now: datetime,
) -> dict[str, Any]:  # fmt: skip
    """Sign the settlement certificate against the partner's last digest of the period (refused while they
    differ, or before one was received)."""
    require_role(actor, Role.FINANCE_OFFICER, action="signing a settlement certificate")
    label = parse_period(period)[2]
    with uow:
        theirs = uow.settlements.latest("digest", agreement_id=agreement_id, period=label)
    if theirs is None:
        raise Conflict.of(
            "conflict.exchange_no_partner_digest",
            "no digest of the partner's for {agreement_id} and {period} has been received here: take it first",
            agreement_id=agreement_id, period=label,
        )  # fmt: skip
    return settlement.certify(uow, actor=actor, data=theirs.body.encode(), where="digest", key=key, today=today,
                              now=now)  # fmt: skip


def take_certificate(
    uow: UnitOfWork, *, actor: Actor, data: bytes, where: str, key: Ed25519PrivateKey, today: date, now: datetime
) -> dict[str, Any]:
    """The partner's certificate: countersigned here; or ours countersigned by the partner: kept as signed by
    both."""
    require_role(actor, Role.FINANCE_OFFICER, action="countersigning a settlement certificate")
    with uow:
        own = own_party_or_refuse(uow)
    try:
        signed = json.loads(data.decode("utf-8")).get("signatures") or {}
    except (UnicodeDecodeError, ValueError, AttributeError):
        signed = {}
    if isinstance(signed, dict) and own in signed:
        return settlement.record_countersigned(uow, actor=actor, data=data, where=where)
    return settlement.countersign(uow, actor=actor, data=data, where=where, key=key, today=today, now=now)


def certificate_file(uow: UnitOfWork, *, actor: Actor, agreement_id: str, period: str) -> bytes | None:
    """The last certificate kept for the period, as its file (None when there is none)."""
    require_role(actor, *ROLES, action="reading a settlement certificate")
    with uow:
        kept = uow.settlements.latest("certificate", agreement_id=agreement_id, period=parse_period(period)[2])
    return kept.body.encode() if kept is not None else None


# -- the same, as the API's records ----------------------------------------------------------------------
def _certificate(kept: KeptSettlement | None, signers: list[str], *, own: str, agreement_id: str,
                 period: str) -> results.Certificate:  # fmt: skip
    if kept is None:
        state = "not_signed"
    elif kept.signed_by_both:
        state = "signed_by_both"
    else:
        state = "signed_here" if own in signers else "signed_by_partner"
    return {
        "agreement_id": agreement_id, "period": period, "state": state, "signed_by": signers,
        "ledger_hash": kept.ledger_hash if kept else None, "kept_at": iso(kept.at) if kept else None,
    }  # fmt: skip


def reconciliation(
    uow: UnitOfWork, *, actor: Actor, agreement_id: str, period: str, key: Ed25519PrivateKey, today: date,
    now: datetime,
) -> results.Reconciliation:  # fmt: skip
    """`view` as a record: the comparison with the partner's last digest, every difference with the documents
    behind it (their types), and the certificate's state."""
    v = view(uow, actor=actor, agreement_id=agreement_id, period=period, key=key, today=today, now=now)
    return {
        "party": v.party, "partner": v.partner, "agreement_id": v.agreement_id, "period": v.period,
        "start": v.start.isoformat(), "end": v.end.isoformat(), "counts": dict(v.counts),
        "balances": dict(v.balances), "partner_digest_at": iso(v.theirs_at) if v.theirs_at else None,
        "compared": v.compared, "agreed": v.agreed,
        "differences": [
            {"kind": d.kind, "record": d.record, "field": d.field, "ours": d.ours, "theirs": d.theirs,
             "documents": [{"id": i, "type": v.document_types.get(i, "")} for i in d.documents]}
            for d in v.differences
        ],
        "certificate": _certificate(v.certificate, v.certificate_signers, own=v.party, agreement_id=agreement_id,
                                    period=v.period),
    }  # fmt: skip


def certificate_status(uow: UnitOfWork, *, actor: Actor, agreement_id: str, period: str) -> results.Certificate:
    """Where the settlement certificate of the agreement for the period stands here (finance officers, auditors;
    an agreement this party is not party to is not found)."""
    require_role(actor, *ROLES, action="reading a settlement certificate")
    label = parse_period(period)[2]
    with uow:
        own = own_party_or_refuse(uow)
        stored = uow.agreements.get(agreement_id)
        if stored is None or own not in stored.agreement.parties:
            raise NotFound("agreement", agreement_id)
        require_visible(actor, stored.agreement.parties, kind="agreement", key=agreement_id)
        kept = uow.settlements.latest("certificate", agreement_id=agreement_id, period=label)
    signers = sorted(json.loads(kept.body)["signatures"]) if kept else []
    return _certificate(kept, signers, own=own, agreement_id=agreement_id, period=label)
