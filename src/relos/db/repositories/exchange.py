"""The exchange's storage: the instance's party, partner keys, and the documents sent and received."""

from __future__ import annotations

import builtins
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from relos.db.repositories.columns import read_columns
from relos.db.tables.exchange import AddressRow, InboxRow, InstanceRow, OutboxRow, PeerKeyRow
from relos.services.exchange.ports import PartnerAddress, PeerKey, StoredDocument


def _peer(r: PeerKeyRow) -> PeerKey:
    return PeerKey(r.key_id, r.party, r.public_key, r.added_at, r.added_by, r.revoked_at, r.revoked_by)


def _sent(r: OutboxRow) -> StoredDocument:
    return StoredDocument(
        r.document_id, r.channel, r.seq, r.type, r.record_id, r.agreement_id, r.hash, r.body, r.created_at,
        acknowledged_at=r.acknowledged_at,
    )  # fmt: skip


def _received(r: InboxRow) -> StoredDocument:
    return StoredDocument(
        r.document_id, r.channel, r.seq, r.type, r.record_id, r.agreement_id, r.hash, r.body, r.received_at,
        state=r.state, outcome=r.outcome,
    )  # fmt: skip


#: Which party this instance acts for (its one row).
_OWN_PARTY = select(InstanceRow.party).where(InstanceRow.id == 1)


class SqlExchangeRepository:
    def __init__(self, session: Session) -> None:
        self._session = session
        self._own: tuple[str | None] | None = None  # the instance's party, once read in this transaction

    def own_party(self) -> str | None:
        if self._own is None:
            party = read_columns(self._session, _OWN_PARTY).scalar_one_or_none()
            self._own = (party,)
        return self._own[0]

    def set_own_party(self, party: str, *, at: datetime) -> None:
        self._own = (party,)
        self._session.add(InstanceRow(id=1, party=party, since=at))

    def peer_keys(self, party: str | None = None) -> builtins.list[PeerKey]:
        query = select(PeerKeyRow).order_by(PeerKeyRow.party, PeerKeyRow.added_at, PeerKeyRow.key_id)
        if party is not None:
            query = query.where(PeerKeyRow.party == party)
        return [_peer(r) for r in self._session.execute(query).scalars()]

    def peer_key(self, key_id: str) -> PeerKey | None:
        row = self._session.get(PeerKeyRow, key_id)
        return _peer(row) if row is not None else None

    def add_peer_key(self, key: PeerKey) -> None:
        self._session.add(
            PeerKeyRow(
                key_id=key.key_id,
                party=key.party,
                public_key=key.public_key,
                added_at=key.added_at,
                added_by=key.added_by,
            )
        )

    def revoke_peer_key(self, key_id: str, *, at: datetime, by: str) -> None:
        self._session.execute(
            update(PeerKeyRow).where(PeerKeyRow.key_id == key_id).values(revoked_at=at, revoked_by=by)
        )

    def addresses(self) -> builtins.list[PartnerAddress]:
        rows = self._session.execute(select(AddressRow).order_by(AddressRow.party)).scalars()
        return [PartnerAddress(r.party, r.url, r.every_seconds, r.set_at, r.set_by) for r in rows]

    def set_address(self, address: PartnerAddress) -> None:
        a = address
        row = self._session.get(AddressRow, a.party)
        if row is None:
            self._session.add(AddressRow(party=a.party, url=a.url, every_seconds=a.every_seconds, set_at=a.set_at,
                                         set_by=a.set_by))  # fmt: skip
        else:
            row.url, row.every_seconds, row.set_at, row.set_by = a.url, a.every_seconds, a.set_at, a.set_by

    def last_sent(self, channel: str) -> StoredDocument | None:
        row = self._session.execute(
            select(OutboxRow).where(OutboxRow.channel == channel).order_by(OutboxRow.seq.desc()).limit(1)
        ).scalar_one_or_none()
        return _sent(row) if row is not None else None

    def add_sent(self, document: StoredDocument) -> None:
        d = document
        self._session.add(
            OutboxRow(
                document_id=d.document_id, channel=d.channel, seq=d.seq, type=d.type, record_id=d.record_id,
                agreement_id=d.agreement_id, hash=d.hash, body=d.body, created_at=d.at,
            )
        )  # fmt: skip
        self._session.flush()

    def sent_about(self, channel: str, record_id: str) -> builtins.list[StoredDocument]:
        rows = self._session.execute(
            select(OutboxRow)
            .where(OutboxRow.channel == channel, OutboxRow.record_id == record_id)
            .order_by(OutboxRow.seq)
        )
        return [_sent(r) for r in rows.scalars()]

    def documents_about(self, record_id: str) -> builtins.list[StoredDocument]:
        sent = self._session.execute(select(OutboxRow).where(OutboxRow.record_id == record_id)).scalars()
        received = self._session.execute(select(InboxRow).where(InboxRow.record_id == record_id)).scalars()
        return sorted([*map(_sent, sent), *map(_received, received)], key=lambda d: (d.at, d.document_id))

    def unacknowledged(self, channel: str) -> builtins.list[StoredDocument]:
        rows = self._session.execute(
            select(OutboxRow)
            .where(OutboxRow.channel == channel, OutboxRow.acknowledged_at.is_(None))
            .order_by(OutboxRow.seq)
        )
        return [_sent(r) for r in rows.scalars()]

    def acknowledge(self, channel: str, *, upto: int, at: datetime) -> int:
        result = self._session.execute(
            update(OutboxRow)
            .where(OutboxRow.channel == channel, OutboxRow.seq <= upto, OutboxRow.acknowledged_at.is_(None))
            .values(acknowledged_at=at)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    def received(self, channel: str, seq: int) -> StoredDocument | None:
        row = self._session.execute(
            select(InboxRow).where(InboxRow.channel == channel, InboxRow.seq == seq)
        ).scalar_one_or_none()
        return _received(row) if row is not None else None

    def last_taken(self, channel: str) -> StoredDocument | None:
        row = self._session.execute(
            select(InboxRow)
            .where(InboxRow.channel == channel, InboxRow.state != "waiting")
            .order_by(InboxRow.seq.desc())
            .limit(1)
        ).scalar_one_or_none()
        return _received(row) if row is not None else None

    def add_received(self, document: StoredDocument) -> None:
        d = document
        self._session.add(
            InboxRow(
                document_id=d.document_id, channel=d.channel, seq=d.seq, type=d.type, record_id=d.record_id,
                agreement_id=d.agreement_id, hash=d.hash, body=d.body, received_at=d.at, state=d.state,
                outcome=d.outcome,
            )
        )  # fmt: skip
        self._session.flush()

    def settle_received(self, document_id: str, *, state: str, outcome: str) -> None:
        self._session.execute(
            update(InboxRow).where(InboxRow.document_id == document_id).values(state=state, outcome=outcome)
        )

    def waiting(self, channel: str) -> builtins.list[StoredDocument]:
        return self.inbox(channel, state="waiting")

    def channels(self) -> builtins.list[str]:
        sent = select(OutboxRow.channel).distinct()
        received = select(InboxRow.channel).distinct()
        peers = select(PeerKeyRow.party).distinct()
        found = set(self._session.execute(sent).scalars())
        found |= set(self._session.execute(received).scalars())
        found |= set(self._session.execute(peers).scalars())
        return sorted(found)

    def inbox(self, channel: str, *, state: str | None = None) -> builtins.list[StoredDocument]:
        query = select(InboxRow).where(InboxRow.channel == channel).order_by(InboxRow.seq)
        if state is not None:
            query = query.where(InboxRow.state == state)
        return [_received(r) for r in self._session.execute(query).scalars()]

    def outbox(self, channel: str) -> builtins.list[StoredDocument]:
        rows = self._session.execute(select(OutboxRow).where(OutboxRow.channel == channel).order_by(OutboxRow.seq))
        return [_sent(r) for r in rows.scalars()]

    def count_unacknowledged(self) -> int:
        return int(
            self._session.execute(
                select(func.count()).select_from(OutboxRow).where(OutboxRow.acknowledged_at.is_(None))
            ).scalar_one()
        )
