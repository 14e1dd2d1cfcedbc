"""The tamper-evident audit log: each entry's hash covers its content and the hash before it."""

from __future__ import annotations

import functools
import json
from collections.abc import Collection, Mapping
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, TextClause, and_, bindparam, insert, or_, select, text, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from relos.db.audit_chain import CURRENT_VERSION, GENESIS, canonical_json, entry_hash, row_problem
from relos.db.tables.audit import AuditEntryRow, AuditHeadRow
from relos.domain.actor import Actor
from relos.services.people.ports import AuditEntry, ChainReport, RecordDiscrepancy

__all__ = ["GENESIS", "SqlAuditLog", "canonical_json"]

#: At most this many entries are appended with the head in one statement (more go in batches, as a bulk import's).
_IN_ONE_STATEMENT = 50


_COLUMNS = (
    "seq",
    "at",
    "entity",
    "entity_id",
    "payload",
    "prev_hash",
    "hash",
    "agreement_id",
    "subject_party",
    "version",
)
_HEAD = select(AuditHeadRow.seq, AuditHeadRow.hash).where(AuditHeadRow.id == 1).with_for_update()
_HEAD_TABLE = cast(Table, AuditHeadRow.__table__)
_MOVED = update(_HEAD_TABLE).where(_HEAD_TABLE.c.id == 1).values(seq=bindparam("head_seq"), hash=bindparam("head_hash"))


@functools.cache
def _appended_with_head(count: int) -> TextClause:
    """PostgreSQL: `count` entries appended and the head moved in one statement. Written as text, built once
    per count: SQLAlchemy caches no compiled form of a multi-row INSERT, and compiling it anew each time cost
    more than the round trip it saves. The parameters are typed as the table's columns."""
    table = cast(Table, AuditEntryRow.__table__)
    rows = ", ".join("(" + ", ".join(f":{c}_{i}" for c in _COLUMNS) + ")" for i in range(count))
    sql = (
        f"WITH appended AS (INSERT INTO {table.name} ({', '.join(_COLUMNS)}) VALUES {rows}) "
        f"UPDATE {AuditHeadRow.__tablename__} SET seq = :head_seq, hash = :head_hash WHERE id = 1"
    )
    typed = [bindparam(f"{c}_{i}", type_=table.c[c].type) for i in range(count) for c in _COLUMNS]
    head = _HEAD_TABLE.c
    return text(sql).bindparams(
        *typed, bindparam("head_seq", type_=head.seq.type), bindparam("head_hash", type_=head.hash.type)
    )


class SqlAuditLog:
    """Entries are queued by `record` and appended to the chain when the unit of work commits."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._pending: list[dict[str, Any]] = []

    def record(
        self,
        *,
        actor: Actor,
        action: str,
        entity: str,
        entity_id: str,
        before: Mapping[str, Any] | None,
        after: Mapping[str, Any] | None,
        agreement_id: str | None = None,
        subject_party: str | None = None,
    ) -> None:
        if agreement_id is None and entity == "agreement":
            agreement_id = entity_id
        scope = {"agreement_id": agreement_id} if agreement_id is not None else {}
        if subject_party is not None:
            scope["subject_party"] = subject_party
        self._pending.append(
            {
                "actor": actor.user_id,
                "party": actor.party,
                "action": action,
                "entity": entity,
                "entity_id": entity_id,
                "before": json.loads(canonical_json(before)) if before is not None else None,
                "after": json.loads(canonical_json(after)) if after is not None else None,
                **scope,
            }
        )

    def discard(self) -> None:
        self._pending.clear()

    @property
    def pending(self) -> bool:
        """Entries are queued for the next commit."""
        return bool(self._pending)

    def flush(self) -> None:
        """Append the queued entries; the head row is locked so concurrent appends queue up."""
        if not self._pending:
            return
        self._session.flush()  # the changes the entries describe go first
        head = self._session.execute(_HEAD).one_or_none()
        if head is None:
            self._session.execute(insert(AuditHeadRow).values(id=1, seq=0, hash=GENESIS))
            seq, prev = 0, GENESIS
        else:
            seq, prev = head.seq, head.hash
        now = datetime.now(UTC)
        rows = []
        for item in self._pending:
            seq += 1
            payload = canonical_json({**item, "at": now, "seq": seq})
            row = {
                "seq": seq,
                "at": now,
                "entity": item["entity"],
                "entity_id": item["entity_id"],
                "payload": payload,
                "prev_hash": prev,
                "agreement_id": item.get("agreement_id"),
                "subject_party": item.get("subject_party"),
                "version": CURRENT_VERSION,
            }
            row["hash"] = prev = entry_hash(
                version=CURRENT_VERSION,
                prev_hash=prev,
                seq=seq,
                at=now,
                entity=item["entity"],
                entity_id=item["entity_id"],
                agreement_id=item.get("agreement_id"),
                subject_party=item.get("subject_party"),
                payload=payload,
            )
            rows.append(row)
        # Core statements: appending needs none of the ORM's bookkeeping. On PostgreSQL a few entries and the head
        # go in one statement (one round trip fewer while the head, which every writer waits for, is locked).
        moved = {"head_seq": seq, "head_hash": prev}
        if len(rows) <= _IN_ONE_STATEMENT and self._session.get_bind().dialect.name == "postgresql":
            flat = {f"{c}_{i}": row[c] for i, row in enumerate(rows) for c in _COLUMNS}
            self._session.execute(_appended_with_head(len(rows)), flat | moved)
        else:
            self._session.execute(insert(AuditEntryRow), rows)
            self._session.execute(_MOVED, moved)
        self._pending.clear()

    def entries(
        self,
        *,
        entity: str | None = None,
        entity_id: str | None = None,
        limit: int = 100,
        visible_agreements: Collection[str] | None = None,
        visible_party: str | None = None,
        before_seq: int | None = None,
    ) -> list[AuditEntry]:
        query = select(AuditEntryRow).order_by(AuditEntryRow.seq.desc()).limit(limit)
        if visible_agreements is not None:
            seen: ColumnElement[bool] = AuditEntryRow.agreement_id.in_(list(visible_agreements))
            if visible_party is not None:
                own = and_(AuditEntryRow.agreement_id.is_(None), AuditEntryRow.subject_party == visible_party)
                seen = or_(seen, own)
            query = query.where(seen)
        if before_seq is not None:
            query = query.where(AuditEntryRow.seq < before_seq)
        if entity is not None:
            query = query.where(AuditEntryRow.entity == entity)
        if entity_id is not None:
            query = query.where(AuditEntryRow.entity_id == entity_id)
        return [_entry(row) for row in self._session.execute(query).scalars()]

    def verify(self) -> ChainReport:
        prev, expected, count, newest = GENESIS, 1, 0, 1
        rows = self._session.execute(select(AuditEntryRow).order_by(AuditEntryRow.seq)).scalars()
        for row in rows:
            count += 1
            problem = row_problem(row, expected, prev, newest)
            if problem:
                return ChainReport(False, count, row.seq if row.seq == expected else expected, problem)
            prev, expected, newest = row.hash, row.seq + 1, max(newest, row.version)
        head = self._session.get(AuditHeadRow, 1)
        last = expected - 1
        if head is not None and (head.seq != last or head.hash != prev):
            return ChainReport(
                False,
                count,
                last + 1,
                f"the chain ends at entry {last} but its head records entry {head.seq}: "
                "entries were removed from the end",
            )
        if head is None and count:
            return ChainReport(False, count, 1, "the chain's head record is missing")
        return ChainReport(True, count, head_hash=prev)

    def hash_at(self, seq: int) -> str | None:
        """The stored hash of entry `seq`, None when there is no such entry."""
        return self._session.execute(select(AuditEntryRow.hash).where(AuditEntryRow.seq == seq)).scalar_one_or_none()

    def length(self) -> int:
        """How many entries the chain holds (its head's sequence number)."""
        head = self._session.get(AuditHeadRow, 1)
        return head.seq if head is not None else 0

    def touched_since(self, seq: int, entities: Collection[str]) -> set[tuple[str, str]]:
        """Each (entity, entity id) of the `entities` kinds an entry after number `seq` is about (a range of the
        chain's key: as quick as the entries after `seq` are few)."""
        e = AuditEntryRow
        query = select(e.entity, e.entity_id).where(e.seq > seq, e.entity.in_(list(entities))).distinct()
        return {(entity, entity_id) for entity, entity_id in self._session.execute(query)}

    def replay(self) -> list[RecordDiscrepancy]:
        """Each audited record whose current row disagrees with what its audit history says it is."""
        from relos.db.audit_replay import replay_records  # the tables of every audited kind: loaded to replay

        return replay_records(self._session)


def _entry(row: AuditEntryRow) -> AuditEntry:
    data = json.loads(row.payload)
    return AuditEntry(
        seq=row.seq,
        at=row.at,
        actor=data["actor"],
        party=data["party"],
        action=data["action"],
        entity=row.entity,
        entity_id=row.entity_id,
        before=data["before"],
        after=data["after"],
        hash=row.hash,
        agreement_id=data.get("agreement_id"),
        subject_party=data.get("subject_party"),
    )
