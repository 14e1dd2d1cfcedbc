"""Users and credentials, between table rows and the people model."""

from __future__ import annotations

import builtins
from collections.abc import Collection
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Row, bindparam, delete, select, update
from sqlalchemy.orm import Session

from relos.db.repositories.columns import read_columns
from relos.db.tables.people import CredentialRow, SignInFailureRow, UserRow
from relos.domain.actor import Role
from relos.domain.users import SignInState, User
from relos.services.people.ports import Credential, StoredUser

#: Where, in the session's `info`, SqlCredentialRepository.find leaves the user it read with a credential, for the
#: next SqlUserRepository.get of that user in the same transaction to take instead of reading it again.
_FOUND_USERS = "relos.found_users"


class SqlUserRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, user_id: str) -> StoredUser | None:
        found: dict[str, StoredUser] | None = self._session.info.get(_FOUND_USERS)
        if found and user_id in found:
            return found.pop(user_id)  # read with its credential a moment ago, in this transaction
        row = self._session.get(UserRow, user_id)
        return _stored(row) if row else None

    def list(self, *, party: str | None = None) -> builtins.list[StoredUser]:
        query = select(UserRow).order_by(UserRow.user_id)
        if party is not None:
            query = query.where(UserRow.party == party)
        return [_stored(row) for row in self._session.execute(query).scalars()]

    def add(self, user: User, *, password_hash: str) -> None:
        self._session.info.pop(_FOUND_USERS, None)
        self._session.add(
            UserRow(
                user_id=user.user_id,
                party=user.party,
                roles=" ".join(sorted(r.value for r in user.roles)),
                display_name=user.display_name,
                language=user.language,
                password_hash=password_hash,
                disabled=user.disabled,
                failed_sign_ins=0,
                locked_until=None,
                created_at=datetime.now(UTC),
            )
        )
        self._session.flush()

    def _set(self, user_id: str, **values: object) -> None:
        self._session.info.pop(_FOUND_USERS, None)
        self._session.execute(update(UserRow).where(UserRow.user_id == user_id).values(**values))

    def set_disabled(self, user_id: str, disabled: bool) -> None:
        self._set(user_id, disabled=disabled)

    def set_sign_in_state(self, user_id: str, state: SignInState) -> None:
        self._set(
            user_id,
            failed_sign_ins=state.failed_sign_ins,
            locked_until=state.locked_until,
            failures_counted_since=state.counted_since,
        )

    def address_sign_in_state(self, user_id: str, address: str) -> SignInState:
        row = self._session.get(SignInFailureRow, (user_id, address))
        return SignInState(row.failed_sign_ins, row.locked_until, row.counted_since) if row else SignInState()

    def set_address_sign_in_state(self, user_id: str, address: str, state: SignInState) -> None:
        row = self._session.get(SignInFailureRow, (user_id, address))
        if state.counted_since is None:
            if row is not None:
                self._session.delete(row)
        elif row is None:
            self._session.add(
                SignInFailureRow(
                    user_id=user_id,
                    address=address,
                    failed_sign_ins=state.failed_sign_ins,
                    counted_since=state.counted_since,
                    locked_until=state.locked_until,
                )
            )
        else:
            row.failed_sign_ins, row.counted_since = state.failed_sign_ins, state.counted_since
            row.locked_until = state.locked_until
        self._session.flush()

    def forget_address_sign_in_states(self, user_id: str, *, counted_before: datetime | None = None) -> None:
        query = delete(SignInFailureRow).where(SignInFailureRow.user_id == user_id)
        if counted_before is not None:
            query = query.where(SignInFailureRow.counted_since < counted_before)
        self._session.execute(query.execution_options(synchronize_session=False))

    def set_password_hash(self, user_id: str, password_hash: str) -> None:
        self._set(user_id, password_hash=password_hash)

    def set_roles(self, user_id: str, roles: frozenset[Role]) -> None:
        self._set(user_id, roles=" ".join(sorted(r.value for r in roles)))

    def set_language(self, user_id: str, language: str) -> None:
        self._set(user_id, language=language)


def _stored(row: UserRow | SimpleNamespace) -> StoredUser:
    user = User(
        user_id=row.user_id,
        party=row.party,
        roles=frozenset(Role(r) for r in row.roles.split()),
        display_name=row.display_name,
        language=row.language,
        disabled=row.disabled,
    )
    state = SignInState(row.failed_sign_ins, row.locked_until, row.failures_counted_since)
    return StoredUser(user, row.password_hash, state, row.created_at)


_CREDENTIALS, _USERS = CredentialRow.__table__, UserRow.__table__
_CREDENTIAL_COLUMNS = (
    "credential_id",
    "user_id",
    "kind",
    "name",
    "created_at",
    "expires_at",
    "revoked_at",
    "issued_by",
)
_USER_COLUMNS = (
    "user_id",
    "party",
    "roles",
    "display_name",
    "language",
    "password_hash",
    "disabled",
    "failed_sign_ins",
    "locked_until",
    "failures_counted_since",
    "created_at",
)
#: A credential with its user, by the hash of its secret, in one statement of plain columns (made once: checking
#: a credential is the first thing nearly every request does, and mapping rows to objects would cost more than it).
_FIND = (
    select(
        *(_CREDENTIALS.c[name] for name in _CREDENTIAL_COLUMNS),
        *(_USERS.c[name].label(f"user_{name}") for name in _USER_COLUMNS),
    )
    .select_from(_CREDENTIALS.outerjoin(_USERS, _USERS.c.user_id == _CREDENTIALS.c.user_id))
    .where(_CREDENTIALS.c.secret_hash == bindparam("secret_hash"))
)


class SqlCredentialRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, credential: Credential, *, secret_hash: str) -> None:
        self._session.add(
            CredentialRow(
                credential_id=credential.credential_id,
                user_id=credential.user_id,
                kind=credential.kind,
                name=credential.name,
                secret_hash=secret_hash,
                created_at=credential.created_at,
                expires_at=credential.expires_at,
                revoked_at=credential.revoked_at,
                issued_by=credential.issued_by,
            )
        )
        self._session.flush()

    def get(self, credential_id: str) -> Credential | None:
        row = self._session.get(CredentialRow, credential_id)
        return _credential(row) if row else None

    def find(self, secret_hash: str) -> Credential | None:
        """The credential whose secret hashes to `secret_hash`; its user, read in the same statement, is what the
        next `users.get` of it in this transaction answers (authentication asks for it next)."""
        found = read_columns(self._session, _FIND, {"secret_hash": secret_hash}).one_or_none()
        if found is None:
            return None
        if found.user_user_id is not None:
            self._session.info.setdefault(_FOUND_USERS, {})[found.user_user_id] = _found_user(found)
        return Credential(*(found[i] for i in range(len(_CREDENTIAL_COLUMNS))))

    def list(self, *, user_ids: Collection[str] | None = None, kind: str = "token") -> builtins.list[Credential]:
        query = select(CredentialRow).where(CredentialRow.kind == kind)
        if user_ids is not None:
            query = query.where(CredentialRow.user_id.in_(list(user_ids)))
        query = query.order_by(CredentialRow.user_id, CredentialRow.created_at)
        return [_credential(row) for row in self._session.execute(query).scalars()]

    def revoke(self, credential_id: str, *, at: datetime) -> None:
        self._session.execute(
            update(CredentialRow)
            .where(CredentialRow.credential_id == credential_id, CredentialRow.revoked_at.is_(None))
            .values(revoked_at=at)
        )
        self._revoke_issued_by([credential_id], at=at)

    def revoke_all(self, user_id: str, *, kind: str, at: datetime) -> int:
        ids = list(
            self._session.execute(
                select(CredentialRow.credential_id).where(
                    CredentialRow.user_id == user_id, CredentialRow.kind == kind, CredentialRow.revoked_at.is_(None)
                )
            ).scalars()
        )
        if ids:
            self._session.execute(
                update(CredentialRow).where(CredentialRow.credential_id.in_(ids)).values(revoked_at=at)
            )
            self._revoke_issued_by(ids, at=at)
        return len(ids)

    def _revoke_issued_by(self, issuers: builtins.list[str], *, at: datetime) -> None:
        """Revoke the tokens these credentials issued, then the ones those issued, and so on."""
        while issuers:
            issued = list(
                self._session.execute(
                    select(CredentialRow.credential_id).where(
                        CredentialRow.issued_by.in_(issuers), CredentialRow.revoked_at.is_(None)
                    )
                ).scalars()
            )
            if issued:
                self._session.execute(
                    update(CredentialRow).where(CredentialRow.credential_id.in_(issued)).values(revoked_at=at)
                )
            issuers = issued


def _found_user(found: Row[Any]) -> StoredUser:
    """The user's columns of `find`'s row (labelled `user_…`) as the user."""
    mapping = found._mapping
    return _stored(SimpleNamespace(**{name: mapping[f"user_{name}"] for name in _USER_COLUMNS}))


def _credential(row: CredentialRow) -> Credential:
    return Credential(
        credential_id=row.credential_id,
        user_id=row.user_id,
        kind=row.kind,
        name=row.name,
        created_at=row.created_at,
        expires_at=row.expires_at,
        revoked_at=row.revoked_at,
        issued_by=row.issued_by,
    )
