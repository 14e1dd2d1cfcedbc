"""The port the exchange use cases need; relos.db implements it (`UnitOfWork.exchange`)."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol


@dataclass(frozen=True)
class PeerKey:
    """A partner's public key (raw Ed25519, hexadecimal), named by `key_id` (SHA-256 of the raw key)."""

    key_id: str
    party: str
    public_key: str
    added_at: datetime
    added_by: str
    revoked_at: datetime | None = None
    revoked_by: str | None = None


@dataclass(frozen=True)
class StoredDocument:
    """A document as it crossed: `body` is its signed canonical JSON. `channel` is the partner (the receiver of
    a sent one, the sender of a received one). `state` and `outcome` only for received ones; `acknowledged_at`
    only for sent ones."""

    document_id: str
    channel: str
    seq: int
    type: str
    record_id: str
    agreement_id: str
    hash: str
    body: str
    at: datetime
    state: str = ""
    outcome: str = ""
    acknowledged_at: datetime | None = None


@dataclass(frozen=True)
class PartnerAddress:
    """Where `party`'s instance takes bundles over HTTPS, and how often this instance's server syncs with it."""

    party: str
    url: str
    every_seconds: int
    set_at: datetime
    set_by: str


class ExchangeRepository(Protocol):
    def own_party(self) -> str | None:
        """The party this instance belongs to; None in the joint mode."""

    def set_own_party(self, party: str, *, at: datetime) -> None: ...

    def peer_keys(self, party: str | None = None) -> builtins.list[PeerKey]:
        """Every partner key (of `party` alone when given), revoked ones too, by party then when added."""

    def peer_key(self, key_id: str) -> PeerKey | None: ...

    def add_peer_key(self, key: PeerKey) -> None: ...

    def revoke_peer_key(self, key_id: str, *, at: datetime, by: str) -> None: ...

    def addresses(self) -> builtins.list[PartnerAddress]: ...

    def set_address(self, address: PartnerAddress) -> None:
        """Add or replace the partner's address."""

    def last_sent(self, channel: str) -> StoredDocument | None: ...

    def add_sent(self, document: StoredDocument) -> None: ...

    def sent_about(self, channel: str, record_id: str) -> builtins.list[StoredDocument]:
        """The documents already sent on `channel` about `record_id`, in sequence order."""

    def documents_about(self, record_id: str) -> builtins.list[StoredDocument]:
        """Every document sent or received about `record_id`, oldest first."""

    def unacknowledged(self, channel: str) -> builtins.list[StoredDocument]:
        """Sent on `channel` and not yet acknowledged, in sequence order."""

    def acknowledge(self, channel: str, *, upto: int, at: datetime) -> int:
        """Mark the documents sent on `channel` up to number `upto` acknowledged; how many were newly so."""

    def received(self, channel: str, seq: int) -> StoredDocument | None: ...

    def last_taken(self, channel: str) -> StoredDocument | None:
        """The received document of the highest number on `channel` that is not waiting (applied or refused)."""

    def add_received(self, document: StoredDocument) -> None: ...

    def settle_received(self, document_id: str, *, state: str, outcome: str) -> None:
        """A waiting document taken at last: its new state and outcome."""

    def waiting(self, channel: str) -> builtins.list[StoredDocument]:
        """Received early (a gap before them), in sequence order."""

    def channels(self) -> builtins.list[str]:
        """Every partner something was sent to or received from."""

    def inbox(self, channel: str, *, state: str | None = None) -> builtins.list[StoredDocument]: ...

    def outbox(self, channel: str) -> builtins.list[StoredDocument]: ...


@dataclass(frozen=True)
class KeptSettlement:
    """A partner's statement digest received (`kind` digest) or a settlement certificate (`kind` certificate),
    for an agreement and a period [start, end); `body` is the signed JSON as it crossed."""

    id: str
    kind: str
    partner: str
    agreement_id: str
    period: str
    start: date
    end: date
    ledger_hash: str
    signed_by_both: bool
    body: str
    at: datetime


class SettlementRepository(Protocol):
    def keep(self, kept: KeptSettlement) -> None:
        """Add a digest, or a certificate (replacing one of the same agreement, period and ledger hash)."""

    def latest(self, kind: str, *, agreement_id: str, period: str) -> KeptSettlement | None:
        """The last one kept of that kind for the agreement and period (as written)."""

    def kept(self, kind: str, agreement_id: str | None = None) -> builtins.list[KeptSettlement]:
        """Every one kept of that kind (of the agreement), newest first."""

    def covering(self, agreement_id: str, day: date) -> builtins.list[KeptSettlement]:
        """The certificates signed by both whose period holds `day`."""
