"""How an audit entry is sealed and checked: the canonical JSON, the two hash versions, one row's problems.

Version 1 (entries written before migration 0011) hashes the previous hash, the sequence number and the
canonical JSON content; the content holds the instant, and verification holds every stored column, the instant
included, to that content. Version 2 (every entry written since) hashes every stored field itself: the version,
previous hash, sequence number, instant, entity, record, agreement, subject party and content. A version-1
entry after a version-2 one is a forgery (no entry is ever written under the old scheme again).
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any, Protocol

GENESIS = "0" * 64
CURRENT_VERSION = 2


def canonical_json(value: Any) -> str:
    """The one JSON form records are hashed and exchanged in: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return instant_text(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, tuple):
        return list(value)
    return str(value)


def instant_text(value: datetime) -> str:
    """An instant as the chain writes it: UTC, ISO 8601 with microseconds when it has them, Z."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def chain_hash(prev_hash: str, seq: int, payload: str) -> str:
    """Version 1: the previous hash, the sequence number and the content."""
    return hashlib.sha256(f"{prev_hash}|{seq}|{payload}".encode()).hexdigest()


class SealedEntry(Protocol):
    """What a stored entry holds (the row of relos.db.tables.audit.AuditEntryRow)."""

    seq: int
    at: datetime
    entity: str
    entity_id: str
    payload: str
    prev_hash: str
    hash: str
    agreement_id: str | None
    subject_party: str | None
    version: int


def entry_hash(
    *,
    version: int,
    prev_hash: str,
    seq: int,
    at: datetime,
    entity: str,
    entity_id: str,
    agreement_id: str | None,
    subject_party: str | None,
    payload: str,
) -> str:
    """The hash that seals an entry under `version`."""
    if version == 1:
        return chain_hash(prev_hash, seq, payload)
    fields = {
        "version": version,
        "prev_hash": prev_hash,
        "seq": seq,
        "at": instant_text(at),
        "entity": entity,
        "entity_id": entity_id,
        "agreement_id": agreement_id,
        "subject_party": subject_party,
        "payload": payload,
    }
    return hashlib.sha256(canonical_json(fields).encode()).hexdigest()


def row_problem(row: SealedEntry, expected_seq: int, prev: str, newest_version: int) -> str:
    """What is wrong with `row` as entry `expected_seq` after hash `prev`; "" when nothing.
    `newest_version` is the highest version met before it in the chain."""
    if row.seq != expected_seq:
        return f"entry {expected_seq} is missing (the next stored entry is {row.seq})"
    if row.prev_hash != prev:
        return f"entry {row.seq} does not follow the entry before it (removed, inserted or reordered)"
    if row.version not in (1, CURRENT_VERSION):
        return f"entry {row.seq} was altered: it names a hash version ({row.version}) RELOS never wrote"
    if row.version < newest_version:
        return f"entry {row.seq} was altered: it claims the old hash version after entries sealed by the new one"
    try:
        data = json.loads(row.payload)
    except ValueError:
        return f"entry {row.seq} was altered: its content is not JSON"
    if not isinstance(data, dict):
        return f"entry {row.seq} was altered: its content is not a record"
    columns = {
        "seq": row.seq,
        "entity": row.entity,
        "entity_id": row.entity_id,
        "agreement_id": row.agreement_id,
        "subject_party": row.subject_party,
        "at": instant_text(row.at),
    }
    for name, value in columns.items():
        if data.get(name) != value:
            return f"entry {row.seq} was altered: its columns disagree with its hashed content ({name})"
    sealed = entry_hash(
        version=row.version,
        prev_hash=prev,
        seq=row.seq,
        at=row.at,
        entity=row.entity,
        entity_id=row.entity_id,
        agreement_id=row.agreement_id,
        subject_party=row.subject_party,
        payload=row.payload,
    )
    if sealed != row.hash:
        return f"entry {row.seq} was altered: its content no longer matches its hash"
    return ""
