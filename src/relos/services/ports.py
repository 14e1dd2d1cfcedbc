"""The ports the use cases need; relos.db implements them (SqlUnitOfWork), tests may fake them."""

from __future__ import annotations

import builtins
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar

from relos.domain.actor import Actor
from relos.domain.agreements import Agreement, AgreementEvent
from relos.domain.facilities import AircraftType, Facility, PlanningFactor, ShipClass
from relos.domain.users import SignInState, User
from relos.services.clearance_ports import ClearanceRepository
from relos.services.deployment_ports import DeploymentRepository
from relos.services.order_ports import ClaimRepository, LedgerRepository, OrderRepository

T = TypeVar("T")


@dataclass(frozen=True)
class StoredAgreement:
    agreement: Agreement
    events: tuple[AgreementEvent, ...]
    source_text: str
    source_name: str
    imported_at: datetime


class AgreementRepository(Protocol):
    def get(self, agreement_id: str) -> StoredAgreement | None: ...

    def list(self) -> builtins.list[StoredAgreement]: ...

    def save(
        self,
        agreement: Agreement,
        *,
        source_text: str,
        source_name: str,
        file_events: builtins.list[AgreementEvent],
    ) -> None:
        """Add or replace the agreement's terms and the events its file carries; recorded events stay."""

    def add_event(self, agreement_id: str, event: AgreementEvent, *, recorded_by: str) -> str: ...


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: datetime
    actor: str
    party: str | None
    action: str
    entity: str
    entity_id: str
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None
    hash: str
    agreement_id: str | None = None
    subject_party: str | None = None


@dataclass(frozen=True)
class ChainReport:
    intact: bool
    entries: int
    first_broken_seq: int | None = None
    reason: str = ""


class AuditLog(Protocol):
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
        """Append an entry in the same transaction as the change it describes.

        `agreement_id` names the agreement the changed record belongs to (taken from `entity_id`
        when the entity is an agreement), `subject_party` the party a record outside any agreement
        belongs to (e.g. a user): auditors of a party read the entries these two let them see.
        """

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
        """Newest first. With `visible_agreements` (and `visible_party`), only the entries of those
        agreements (and of records of that party outside any agreement)."""

    def verify(self) -> ChainReport: ...


class FacilityRepository(Protocol):
    """The facility catalogue (issue 4). Facilities are reference data: every user may read them."""

    def get(self, facility_id: str) -> Facility | None: ...

    def get_many(self, facility_ids: Iterable[str]) -> dict[str, Facility]:
        """The facilities found among `facility_ids`, by id (missing ids are simply absent)."""

    def list(
        self,
        *,
        country: str | None = None,
        name: str | None = None,
        kind: str | None = None,
        agreement: str | None = None,
        open_to: str | None = None,
    ) -> builtins.list[Facility]:
        """Sorted by id. `name`: case-insensitive part of the id or either name. `agreement`: opened under it.
        `open_to`: facilities that party may use under an agreement (it is party to the agreement and the
        facility is not in its own territory); with `agreement`, under that agreement only."""

    def save(self, facility: Facility, *, imported_from: str) -> None:
        """Add or replace (same id), with its access rows (open_under must name stored agreements)."""

    def save_many(self, facilities: Iterable[Facility], *, imported_from: str) -> None:
        """`save` for many at once (one round trip per statement kind)."""

    def imported_from(self, facility_id: str) -> str | None:
        """Where the stored record came from ("bundled:<file>" or the imported file's name)."""

    def origins(self) -> dict[str, str]:
        """Every stored id with where it came from."""

    def count(self) -> int: ...


class ReferenceRepository(Protocol[T]):
    """Ship classes, aircraft types or planning factors: records with a slug id, upserted by id."""

    def get(self, record_id: str) -> T | None: ...

    def list(self) -> builtins.list[T]:
        """All records, sorted by id."""

    def save(self, record: T, *, imported_from: str) -> None: ...

    def save_many(self, records: Iterable[T], *, imported_from: str) -> None: ...

    def imported_from(self, record_id: str) -> str | None: ...

    def origins(self) -> dict[str, str]: ...

    def count(self) -> int: ...


@dataclass(frozen=True)
class StoredUser:
    user: User
    password_hash: str
    sign_in: SignInState
    created_at: datetime


@dataclass(frozen=True)
class Credential:
    """An API token or a web session: only the SHA-256 of its secret is stored."""

    credential_id: str
    user_id: str
    kind: str  # "token" or "session"
    name: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None

    def valid_at(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at


class UserRepository(Protocol):
    def get(self, user_id: str) -> StoredUser | None: ...

    def list(self, *, party: str | None = None) -> builtins.list[StoredUser]: ...

    def add(self, user: User, *, password_hash: str) -> None: ...

    def set_disabled(self, user_id: str, disabled: bool) -> None: ...

    def set_sign_in_state(self, user_id: str, state: SignInState) -> None: ...

    def set_password_hash(self, user_id: str, password_hash: str) -> None: ...


class CredentialRepository(Protocol):
    def add(self, credential: Credential, *, secret_hash: str) -> None: ...

    def get(self, credential_id: str) -> Credential | None: ...

    def find(self, secret_hash: str) -> Credential | None: ...

    def list(self, *, user_ids: Collection[str] | None = None, kind: str = "token") -> builtins.list[Credential]: ...

    def revoke(self, credential_id: str, *, at: datetime) -> None: ...

    def revoke_all(self, user_id: str, *, kind: str, at: datetime) -> int:
        """Revoke every still valid credential of that kind of the user; how many were."""


class UnitOfWork(Protocol):
    @property
    def agreements(self) -> AgreementRepository: ...

    @property
    def users(self) -> UserRepository: ...

    @property
    def credentials(self) -> CredentialRepository: ...

    @property
    def audit(self) -> AuditLog: ...

    @property
    def facilities(self) -> FacilityRepository: ...

    @property
    def ship_classes(self) -> ReferenceRepository[ShipClass]: ...

    @property
    def aircraft_types(self) -> ReferenceRepository[AircraftType]: ...

    @property
    def planning_factors(self) -> ReferenceRepository[PlanningFactor]: ...

    @property
    def orders(self) -> OrderRepository: ...

    @property
    def ledger(self) -> LedgerRepository: ...

    @property
    def claims(self) -> ClaimRepository: ...

    @property
    def clearances(self) -> ClearanceRepository: ...

    @property
    def deployments(self) -> DeploymentRepository: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...

    def lock(self, key: str) -> None:
        """Serialise this transaction with every other one that locks the same key (call it first)."""
