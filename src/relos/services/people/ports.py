"""What people, sign-in and the audit trail need from storage: users, credentials and the hash-chained log."""

from __future__ import annotations

import builtins
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from relos.domain.actor import Actor, Role
from relos.domain.users import SignInState, User


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
    head_hash: str = ""  # the hash of the last entry, when the chain is intact


@dataclass(frozen=True)
class RecordDiscrepancy:
    """A record whose current row says other than its audit history: `field` is `audited`, the row `stored`."""

    entity: str
    entity_id: str
    field: str
    audited: Any
    stored: Any
    seq: int  # the audit entry the audited value comes from


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

    def hash_at(self, seq: int) -> str | None:
        """The stored hash of entry `seq` (None: no such entry)."""

    def length(self) -> int:
        """How many entries the chain holds."""

    def touched_since(self, seq: int, entities: Collection[str]) -> builtins.set[tuple[str, str]]:
        """Each (entity, entity id) of the `entities` kinds an entry after number `seq` is about."""

    def replay(self) -> builtins.list[RecordDiscrepancy]:
        """Each audited record whose current row disagrees with what its audit history says it is."""


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
    issued_by: str | None = None  # the credential that issued this token (None: issued at the console)

    def valid_at(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at


class UserRepository(Protocol):
    def get(self, user_id: str) -> StoredUser | None: ...

    def list(self, *, party: str | None = None) -> builtins.list[StoredUser]: ...

    def add(self, user: User, *, password_hash: str) -> None: ...

    def set_disabled(self, user_id: str, disabled: bool) -> None: ...

    def set_sign_in_state(self, user_id: str, state: SignInState) -> None:
        """The account's lock-out counter of failures from all client addresses together."""

    def address_sign_in_state(self, user_id: str, address: str) -> SignInState:
        """The account's lock-out counter of failures from one client address (empty when none is kept)."""

    def set_address_sign_in_state(self, user_id: str, address: str, state: SignInState) -> None:
        """Keep the counter of that address (an empty state: forget it)."""

    def forget_address_sign_in_states(self, user_id: str, *, counted_before: datetime | None = None) -> None:
        """Forget the account's counters of every address (with `counted_before`: those counting since before it)."""

    def set_password_hash(self, user_id: str, password_hash: str) -> None: ...

    def set_roles(self, user_id: str, roles: frozenset[Role]) -> None: ...

    def set_language(self, user_id: str, language: str) -> None: ...


class CredentialRepository(Protocol):
    def add(self, credential: Credential, *, secret_hash: str) -> None: ...

    def get(self, credential_id: str) -> Credential | None: ...

    def find(self, secret_hash: str) -> Credential | None: ...

    def list(self, *, user_ids: Collection[str] | None = None, kind: str = "token") -> builtins.list[Credential]: ...

    def revoke(self, credential_id: str, *, at: datetime) -> None:
        """Revoke the credential and every token it issued, theirs, and so on."""

    def revoke_all(self, user_id: str, *, kind: str, at: datetime) -> int:
        """Revoke every still valid credential of that kind of the user (and the tokens they issued); how many
        of the user's were."""
