"""The ports the deployment use cases need; relos.db implements them (`UnitOfWork.deployments`)."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from relos.domain.deployments.model import CapOverride, Deployment, DeploymentStatus, Occupancy
from relos.domain.deployments.presence import StepFunction
from relos.domain.facilities import Facility
from relos.services.agreements.ports import StoredAgreement


@dataclass(frozen=True)
class DeploymentVersion:
    deployment_id: str
    version: int
    document: str  # canonical JSON of that version
    reason: str
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class VersionEntry:
    """A version as a deployment's history lists it: who recorded it, when and why (not its document)."""

    version: int
    reason: str
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True)
class InContext:
    """A deployment with what it is under and where: its agreement and its facility, each None when there is none
    of that id (any longer)."""

    deployment: Deployment
    agreement: StoredAgreement | None
    facility: Facility | None


class PresenceLoads(Protocol):
    """The loads already in the host's territory, at every instant, as a request is checked against them: those
    `occupying` would give for any window, within that window (relos.domain.deployments.admission.checks_of)."""

    def party(self, name: str) -> StepFunction:
        """The total `name` (warships, aircraft, personnel) of the visiting party's forces."""

    def facility(self, name: str) -> StepFunction:
        """The total `name` of the forces at the facility, whoever's."""


class HostPresence(Protocol):
    """What occupies one host's territory, as `DeploymentRepository.presence` read it."""

    def occupying(
        self, *, start: datetime, end: datetime, visiting_party: str | None = None, facility_id: str | None = None
    ) -> list[Occupancy]:
        """As DeploymentRepository.occupying, of this host."""

    def overrides(self, *, visiting_party: str) -> list[CapOverride]:
        """The cap overrides in effect (not revoked) for `visiting_party` in this host's territory."""

    def loads(self, *, now: datetime, visiting_party: str, facility_id: str, excluding: str) -> PresenceLoads | None:
        """The loads of `visiting_party`'s forces and of those at `facility_id`, deployment `excluding` left out, as
        they stand `now`; None when this presence keeps none (then `occupying` is asked)."""


class DeploymentRepository(Protocol):
    def add(self, deployment: Deployment, *, document: str, recorded_by: str, now: datetime) -> None: ...

    def save(self, deployment: Deployment, *, document: str | None, recorded_by: str, now: datetime) -> None:
        """Store the deployment's new state; `document` is given when `deployment.version` is new."""

    def save_decided(self, decided: Sequence[tuple[Deployment, datetime]]) -> None:
        """`save` each deployment (with the instant it was decided) whose version did not move, in one round
        trip where the database allows; one whose version moved is refused (ValueError: it needs its document)."""

    def get(self, deployment_id: str) -> Deployment | None: ...

    def host_of(self, deployment_id: str) -> str | None:
        """The host party alone (to name a lock before the deployment is read under it)."""

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
        """By start (`sort` "start") or reference ("reference"), latest or last first unless not `descending`,
        then by id. `party`: deployments it sends or hosts. `after`: only those following that deployment in
        this order (keyset paging); `limit`: at most that many."""

    def versions(self, deployment_id: str) -> builtins.list[DeploymentVersion]: ...

    def history(self, deployment_id: str) -> builtins.list[VersionEntry]:
        """The versions, oldest first, without their documents."""
        ...

    def get_with_history(self, deployment_id: str) -> tuple[Deployment, builtins.list[VersionEntry]] | None:
        """As `get`, with its `history` read in the same statement."""

    def occupying(
        self,
        *,
        host_party: str,
        start: datetime,
        end: datetime,
        visiting_party: str | None = None,
        facility_id: str | None = None,
    ) -> builtins.list[Occupancy]:
        """Every deployment that may occupy capacity in [start, end) in the host's territory: approved,
        departed or closed ones whose window or actual stay meets it, and every one present (arrived), whatever
        its window (an overstay counts until departure). With `visiting_party` and/or `facility_id`, those
        sent by that party OR at that facility."""

    def get_in_context(self, deployment_id: str) -> InContext | None:
        """As `get`, with the deployment's agreement and facility read in the same statement."""

    def row_marker(self, deployment_id: str) -> str | None:
        """What tells whether the deployment's row changed since `get` read it in this transaction (PostgreSQL: its
        row version); None when there is none."""

    def read_before(self, deployment: Deployment, marker: str | None) -> None:
        """`deployment` as another transaction of this process read it, with its `row_marker`: `again` reads it
        again only when its row changed since (without a marker, `again` reads it afresh)."""

    def again_all(self, deployment_ids: Sequence[str], host_party: str) -> dict[str, Deployment | None]:
        """As `again`, for several deployments of one host at once."""

    def again(self, deployment_id: str, host_party: str) -> Deployment | None:
        """The deployment as committed now, asked under its host's lock after `get` read it before the lock: read
        again only when its row changed since (checked in one statement with the host's presence)."""

    def presence(self, host_party: str) -> HostPresence:
        """What occupies the host's territory, for an admission decision: as `occupying` and `overrides` would
        read it now (a server process keeps it in memory, checked against the database in one statement)."""

    def add_override(self, override: CapOverride) -> None:
        """Keep the override, dated by its `recorded_at` (which it must carry)."""

    def overrides(
        self,
        *,
        host_party: str,
        visiting_party: str | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
        revoked_too: bool = False,
    ) -> builtins.list[CapOverride]:
        """Cap overrides in effect for that host (and visiting party) meeting [start, end); with `revoked_too`,
        the revoked ones as well."""

    def override(self, override_id: str) -> CapOverride | None: ...

    def revoke_override(self, override: CapOverride) -> None:
        """Store the revocation (`revoked_at`, `revoked_by`, `revocation_reason`) of a recorded override."""
