"""Deployments, their versions and cap overrides, between table rows and the deployment model."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from relos.db.repositories.columns import read_columns
from relos.db.repositories.deployment_context import (
    IN_CONTEXT,
    IN_CONTEXT_MARKED,
    WITH_HISTORY,
    agreement_of,
    facility_of,
    history_of,
)
from relos.db.repositories.deployment_rows import (
    COLUMNS,
    HISTORY,
    LONGEST,
    MARKERS,
    READ,
    READ_MARKED,
    VERSION,
    WRITE,
    deployment_from,
    list_statement,
    occupancy_query,
    row_values,
)
from relos.db.repositories.presence_index import WarmPresence, host_index, occupancy
from relos.db.tables.deployments import CapOverrideRow, DeploymentRow, DeploymentVersionRow
from relos.db.uow import PRESENCE_WRITTEN
from relos.domain.deployments.model import CapOverride, Deployment, DeploymentStatus, Occupancy
from relos.services.deployments.ports import DeploymentVersion, HostPresence, InContext, VersionEntry


class SqlDeploymentRepository:
    def __init__(self, session: Session) -> None:
        self._s = session
        # The version of each deployment `get` read in this transaction: `save` adds a version row when it moved.
        self._read: dict[str, int] = {}
        # What `get` read last of each deployment, with its row's version on PostgreSQL (for `again`).
        self._last: dict[str, tuple[Deployment, str | None]] = {}
        # The host's presence `again` checked, for the next `presence` of that host (nothing written meanwhile).
        self._checked: dict[str, HostPresence] = {}
        self._postgres = session.get_bind().dialect.name == "postgresql"

    def add(self, deployment: Deployment, *, document: str, recorded_by: str, now: datetime) -> None:
        self._written()
        row = DeploymentRow(
            id=deployment.id,
            created_at=deployment.created_at,
            reference=deployment.reference,
            title=deployment.title,
            **row_values(deployment, now),
        )
        self._s.add(row)
        self._s.flush()
        self._add_version(deployment, document=document, recorded_by=recorded_by, now=now)

    def save(self, deployment: Deployment, *, document: str | None, recorded_by: str, now: datetime) -> None:
        stored = self._read.get(deployment.id)
        if stored is None:
            stored = self._s.execute(VERSION, {"key": deployment.id}).scalar_one_or_none()
            if stored is None:
                raise KeyError(deployment.id)
        self._written()
        new_version = deployment.version != stored
        if new_version and document is None:
            raise ValueError("a new version needs its document")
        self._s.flush()  # anything the ORM holds goes first, as before
        self._s.execute(WRITE, {"key": deployment.id, **row_values(deployment, now)})
        held = self._s.identity_map.get(self._s.identity_key(DeploymentRow, deployment.id))
        if held is not None:  # an ORM row of it read earlier in the transaction: read again on next use
            self._s.expire(held)
        self._read[deployment.id] = deployment.version
        if new_version:
            assert document is not None
            self._add_version(deployment, document=document, recorded_by=recorded_by, now=now)

    def save_decided(self, decided: Sequence[tuple[Deployment, datetime]]) -> None:
        """As `save` for each, versions unmoved: one UPDATE sent for all (psycopg pipelines an executemany)."""
        if not decided:
            return
        for deployment, _ in decided:
            stored = self._read.get(deployment.id)
            if stored is None:
                stored = self._s.execute(VERSION, {"key": deployment.id}).scalar_one_or_none()
                if stored is None:
                    raise KeyError(deployment.id)
            if deployment.version != stored:
                raise ValueError("a new version needs its document")
        self._written()
        self._s.flush()  # anything the ORM holds goes first, as in `save`
        self._s.execute(WRITE, [{"key": d.id, **row_values(d, now)} for d, now in decided])
        for deployment, _ in decided:
            held = self._s.identity_map.get(self._s.identity_key(DeploymentRow, deployment.id))
            if held is not None:
                self._s.expire(held)
            self._read[deployment.id] = deployment.version

    def _add_version(self, d: Deployment, *, document: str, recorded_by: str, now: datetime) -> None:
        self._s.add(
            DeploymentVersionRow(
                deployment_id=d.id,
                version=d.version,
                document=document,
                reason=d.amendment_reason,
                recorded_by=recorded_by,
                recorded_at=now,
            )
        )
        self._s.flush()

    def get(self, deployment_id: str) -> Deployment | None:
        # always read afresh: a use case reads again after taking its lock, and must see what committed meanwhile
        row = read_columns(self._s, READ_MARKED if self._postgres else READ, {"key": deployment_id}).one_or_none()
        if row is None:
            self._last.pop(deployment_id, None)
            return None
        return self._remember(row, row[len(COLUMNS)] if self._postgres else None)

    def get_in_context(self, deployment_id: str) -> InContext | None:
        statement = IN_CONTEXT_MARKED if self._postgres else IN_CONTEXT
        rows = read_columns(self._s, statement, {"key": deployment_id}).all()
        if not rows:
            self._last.pop(deployment_id, None)
            return None
        found = self._remember(rows[0], rows[0][-1] if self._postgres else None)
        return InContext(found, agreement_of(found.agreement_id, rows), facility_of(rows[0]))

    def _remember(self, row: Any, marker: str | None) -> Deployment:
        """The deployment in `row`, kept as `get` read it last (with its row's `marker`, for `again`)."""
        found = deployment_from(row)
        self._read[found.id] = found.version
        self._last[found.id] = (found, marker)
        return found

    def row_marker(self, deployment_id: str) -> str | None:
        return last[1] if (last := self._last.get(deployment_id)) is not None else None

    def read_before(self, deployment: Deployment, marker: str | None) -> None:
        if marker is not None and self._postgres:  # SQLite: nothing read in another transaction is kept
            self._last[deployment.id] = (deployment, marker)
            self._read[deployment.id] = deployment.version

    def again_all(self, deployment_ids: Sequence[str], host_party: str) -> dict[str, Deployment | None]:
        """As `again` for several deployments of one host: the host's presence and the rows' versions in one
        statement, whatever their number; a row read again only when it changed."""
        if not self._postgres or self._s.info.get(PRESENCE_WRITTEN):
            return {key: self.again(key, host_party) for key in deployment_ids}
        index = host_index(self._s, host_party)
        kept, markers = index.refresh(
            self._s, host_party, lambda: self.overrides(host_party=host_party), watch=deployment_ids
        )
        if kept:
            self._checked[host_party] = WarmPresence(index)
        if markers is None:  # the host has no presence row: the versions are asked on their own
            markers = dict(self._s.execute(MARKERS, {"keys": list(deployment_ids)}).tuples().all())
        found: dict[str, Deployment | None] = {}
        for key in deployment_ids:
            last = self._last.get(key)
            unchanged = last is not None and last[1] is not None and markers.get(key) == last[1]
            found[key] = last[0] if last is not None and unchanged else self.get(key)
        return found

    def again(self, deployment_id: str, host_party: str) -> Deployment | None:
        """The deployment as committed now, asked after its host's lock was taken, when `get` read it before: the
        host's presence is checked in the same statement (and kept for the next `presence`). PostgreSQL: that
        statement reads the row's version too, and the row is read again only when it changed since `get`.
        SQLite: a writing transaction holds the database's write lock from its first statement, so nothing
        can have changed since `get`."""
        last = self._last.get(deployment_id)
        if last is None or self._s.info.get(PRESENCE_WRITTEN):
            return self.get(deployment_id)
        if not self._postgres:
            return last[0]
        index = host_index(self._s, host_party)
        kept, markers = index.refresh(
            self._s, host_party, lambda: self.overrides(host_party=host_party), watch=[deployment_id]
        )
        if kept:
            self._checked[host_party] = WarmPresence(index)
        marker = markers.get(deployment_id) if markers is not None else None
        return last[0] if marker is not None and marker == last[1] else self.get(deployment_id)

    def host_of(self, deployment_id: str) -> str | None:
        return self._s.execute(
            select(DeploymentRow.host_party).where(DeploymentRow.id == deployment_id)
        ).scalar_one_or_none()

    def list(
        self,
        *,
        agreement_id: str | None = None,
        status: DeploymentStatus | None = None,
        party: str | None = None,
        facility_id: str | None = None,
        after: str | None = None,
        limit: int | None = None,
        sort: str = "start",
        descending: bool = True,
    ) -> builtins.list[Deployment]:
        given = {"after": after, "agreement": agreement_id, "status": status.value if status else None, "party": party,
                 "facility": facility_id}  # fmt: skip
        shape = {name: value is not None for name, value in given.items()}
        query = list_statement(sort, descending, limited=limit is not None, **shape)
        params = {name: value for name, value in given.items() if value is not None} | {"limit": limit}
        rows = read_columns(self._s, query, params)
        return [deployment_from(r) for r in rows]

    def get_with_history(self, deployment_id: str) -> tuple[Deployment, builtins.list[VersionEntry]] | None:
        rows = read_columns(self._s, WITH_HISTORY, {"key": deployment_id}).all()
        if not rows:
            return None
        found = deployment_from(rows[0])
        self._read[found.id] = found.version
        return found, history_of(rows)

    def history(self, deployment_id: str) -> builtins.list[VersionEntry]:
        return [VersionEntry(*row) for row in self._s.execute(HISTORY, {"key": deployment_id})]

    def versions(self, deployment_id: str) -> builtins.list[DeploymentVersion]:
        rows = self._s.execute(
            select(DeploymentVersionRow)
            .where(DeploymentVersionRow.deployment_id == deployment_id)
            .order_by(DeploymentVersionRow.version)
        ).scalars()
        return [
            DeploymentVersion(r.deployment_id, r.version, r.document, r.reason, r.recorded_by, r.recorded_at)
            for r in rows
        ]

    def occupying(
        self,
        *,
        host_party: str,
        start: datetime,
        end: datetime,
        visiting_party: str | None = None,
        facility_id: str | None = None,
    ) -> builtins.list[Occupancy]:
        # The longest window bounds how early an overlapping one can start: the start indexes do the rest.
        longest = self._s.execute(LONGEST, {"host": host_party}).scalar()
        params = {
            "host": host_party,
            "visitor": visiting_party,
            "facility": facility_id,
            "earliest": start - timedelta(seconds=float(longest or 0) + 1),
            "start": start,
            "end": end,
        }
        found: dict[str, Occupancy] = {}
        for row in self._s.execute(occupancy_query(visiting_party is not None, facility_id is not None), params):
            if row[0] not in found:
                found[row[0]] = occupancy(row)
        return list(found.values())

    def presence(self, host_party: str) -> HostPresence:
        checked = self._checked.get(host_party)  # forgotten by the next write
        if not self._s.info.get(PRESENCE_WRITTEN):  # the index holds what was committed, and this transaction wrote
            if checked is not None:  # checked by `again` under the host's lock, nothing written since
                return checked
            index = host_index(self._s, host_party)
            if index.refresh(self._s, host_party, lambda: self.overrides(host_party=host_party))[0]:
                return WarmPresence(index)
        return _ReadPresence(self, host_party)

    def _written(self) -> None:
        self._s.info[PRESENCE_WRITTEN] = True
        self._checked.clear()

    def add_override(self, override: CapOverride) -> None:
        if override.recorded_at is None:
            raise ValueError("a cap override is kept with the instant it was recorded")
        self._written()
        self._s.add(
            CapOverrideRow(
                id=override.id,
                agreement_id=override.agreement_id,
                visiting_party=override.visiting_party,
                host_party=override.host_party,
                start_at=override.start,
                end_at=override.end,
                warships=override.warships,
                aircraft=override.aircraft,
                personnel=override.personnel,
                authority=override.authority,
                reference=override.reference,
                recorded_by=override.recorded_by,
                recorded_at=override.recorded_at,
            )
        )
        self._s.flush()

    def overrides(
        self,
        *,
        host_party: str,
        visiting_party: str | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
        revoked_too: bool = False,
    ) -> builtins.list[CapOverride]:
        query = select(CapOverrideRow).where(CapOverrideRow.host_party == host_party)
        if not revoked_too:
            query = query.where(CapOverrideRow.revoked_at.is_(None))
        if visiting_party is not None:
            query = query.where(CapOverrideRow.visiting_party == visiting_party)
        if start is not None:
            query = query.where(CapOverrideRow.end_at > start)
        if end is not None:
            query = query.where(CapOverrideRow.start_at < end)
        rows = self._s.execute(query.order_by(CapOverrideRow.start_at)).scalars()
        return [_override(r) for r in rows]

    def override(self, override_id: str) -> CapOverride | None:
        row = self._s.get(CapOverrideRow, override_id)
        return None if row is None else _override(row)

    def revoke_override(self, override: CapOverride) -> None:
        row = self._s.get(CapOverrideRow, override.id)
        if row is None:
            raise KeyError(override.id)
        self._written()
        row.revoked_at = override.revoked_at
        row.revoked_by = override.revoked_by
        row.revocation_reason = override.revocation_reason
        self._s.flush()


class _ReadPresence:
    """A host's presence read from the database by the unit of work's own transaction (which wrote to it)."""

    def __init__(self, deployments: SqlDeploymentRepository, host: str) -> None:
        self._deployments, self._host = deployments, host

    def occupying(
        self, *, start: datetime, end: datetime, visiting_party: str | None = None, facility_id: str | None = None
    ) -> builtins.list[Occupancy]:
        return self._deployments.occupying(
            host_party=self._host, start=start, end=end, visiting_party=visiting_party, facility_id=facility_id
        )

    def overrides(self, *, visiting_party: str) -> builtins.list[CapOverride]:
        return self._deployments.overrides(host_party=self._host, visiting_party=visiting_party)

    def loads(self, *, now: datetime, visiting_party: str, facility_id: str, excluding: str) -> None:
        return None  # read from the database window by window (`occupying`)


def _override(r: CapOverrideRow) -> CapOverride:
    return CapOverride(
        id=r.id,
        agreement_id=r.agreement_id,
        visiting_party=r.visiting_party,
        host_party=r.host_party,
        start=r.start_at,
        end=r.end_at,
        authority=r.authority,
        reference=r.reference,
        warships=r.warships,
        aircraft=r.aircraft,
        personnel=r.personnel,
        recorded_by=r.recorded_by,
        recorded_at=r.recorded_at,
        revoked_at=r.revoked_at,
        revoked_by=r.revoked_by,
        revocation_reason=r.revocation_reason,
    )
