"""Replaying the audit trail against the records it describes: what each record's history says it is now.

An entry describes a record's state when its `after` carries a `status` (a user's: its roles, party, language
or whether disabled): its keys are laid over the state the
entries before it left. When an entry moves the record to another version without restating the version's
particulars (an amendment audits its status and version only), the particulars of the earlier version are
dropped, as the audit no longer says what they are; what the audit does say is held to the current row.
Deployments (status, version and, for the version the audit restates, the window, facility, parties, purpose,
personnel and totals), clearances and support orders (status, version) and users (party, roles, whether
disabled, language: whatever entry states one of them) are replayed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from relos.db.tables.audit import AuditEntryRow
from relos.db.tables.clearances import ClearanceRow
from relos.db.tables.deployments import DeploymentRow
from relos.db.tables.orders import SupportOrderRow
from relos.db.tables.people import UserRow
from relos.services.people.ports import RecordDiscrepancy

#: The keys that stay true of a record across versions (the rest belong to one version).
_ACROSS_VERSIONS = ("status", "version")


def _iso(instant: datetime) -> str:
    return instant.astimezone(UTC).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class _Kind:
    row: Any
    fields: dict[str, Callable[[Any], Any]]
    #: An entry states the record's state when its `after` holds one of these (else it tells of something else).
    marks: tuple[str, ...] = ("status",)
    #: Keys an entry of another record's use case gives the field under (a payment's `order_status`).
    renamed: dict[str, str] | None = None


_KINDS: dict[str, _Kind] = {
    "deployment": _Kind(
        DeploymentRow,
        {
            "status": lambda r: r.status,
            "version": lambda r: r.version,
            "agreement_id": lambda r: r.agreement_id,
            "visiting_party": lambda r: r.visiting_party,
            "host_party": lambda r: r.host_party,
            "facility_id": lambda r: r.facility_id,
            "purpose": lambda r: r.purpose,
            "start": lambda r: _iso(r.start_at),
            "end": lambda r: _iso(r.end_at),
            "personnel": lambda r: r.personnel,
            "totals": lambda r: {"warships": r.warships, "aircraft": r.aircraft, "personnel": r.personnel},
        },
    ),
    "clearance": _Kind(ClearanceRow, {"status": lambda r: r.status, "version": lambda r: r.version}),
    "order": _Kind(
        SupportOrderRow,
        {"status": lambda r: r.status, "version": lambda r: r.version},
        renamed={"order_status": "status"},
    ),
    "user": _Kind(
        UserRow,
        {
            "party": lambda r: r.party,
            "roles": lambda r: sorted(r.roles.split()),
            "disabled": lambda r: bool(r.disabled),
            "language": lambda r: r.language,
        },
        marks=("roles", "disabled", "party", "language"),
    ),
}


def audited_states(session: Session) -> dict[tuple[str, str], dict[str, tuple[Any, int]]]:
    """(entity, id) → field → (value the audit last gave it, the entry that gave it), for the replayed kinds."""
    states: dict[tuple[str, str], dict[str, tuple[Any, int]]] = {}
    query = (
        select(AuditEntryRow.seq, AuditEntryRow.entity, AuditEntryRow.entity_id, AuditEntryRow.payload)
        .where(AuditEntryRow.entity.in_(list(_KINDS)))
        .order_by(AuditEntryRow.seq)
    )
    for seq, entity, entity_id, payload in session.execute(query):
        after = json.loads(payload).get("after")
        kind = _KINDS[entity]
        if isinstance(after, dict) and kind.renamed:
            after = {kind.renamed.get(k, k): v for k, v in after.items()}
        if not isinstance(after, dict) or not any(mark in after for mark in kind.marks):
            continue
        fields = kind.fields
        state = states.setdefault((entity, entity_id), {})
        if "version" in after and "version" in state and state["version"][0] != after["version"]:
            restated = set(after) & set(fields)
            if not restated - set(_ACROSS_VERSIONS):
                state = {k: v for k, v in state.items() if k in _ACROSS_VERSIONS}
                states[(entity, entity_id)] = state
        for key in set(after) & set(fields):
            state[key] = (after[key], seq)
    return states


def replay_records(session: Session) -> list[RecordDiscrepancy]:
    """Every field of a replayed record whose current row says other than the audit; a record the audit
    describes that is gone from its table is reported on its `id`."""
    found: list[RecordDiscrepancy] = []
    for (entity, entity_id), state in audited_states(session).items():
        kind = _KINDS[entity]
        row = session.get(kind.row, entity_id)
        if row is None:
            last = max(seq for _, seq in state.values())
            found.append(RecordDiscrepancy(entity, entity_id, "id", entity_id, None, last))
            continue
        for key, (audited, seq) in sorted(state.items()):
            stored = kind.fields[key](row)
            if stored != audited:
                found.append(RecordDiscrepancy(entity, entity_id, key, audited, stored, seq))
    found.sort(key=lambda d: d.seq)
    return found
