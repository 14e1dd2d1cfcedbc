"""Use cases of signing in to the web application: sign in (with the lock-out), sign out, and
turning a session cookie back into the acting user.

Sign-in failures are answered alike whether the user is unknown, disabled, locked or the password
wrong, so that the form tells an attacker nothing; each failure of a known user is counted and
recorded, and the MAX_FAILED_SIGN_INS-th locks the account for LOCKOUT_PERIOD.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import uuid4

from relos.domain.actor import Actor
from relos.domain.errors import NotAuthenticated, Said
from relos.domain.users import SESSION_LIFETIME, SignInState
from relos.services.people._passwords import hash_password, needs_rehash, verify_password
from relos.services.people.credentials import new_secret, secret_hash
from relos.services.people.ports import Credential
from relos.services.unit_of_work import UnitOfWork

SIGN_IN_FAILED = Said.of(
    "sign_in_failed", "sign-in failed: wrong user name or password, or the account is disabled or locked for a while"
)


@dataclass(frozen=True)
class SignedIn:
    """A new session: `secret` goes into the cookie and is not kept anywhere else."""

    actor: Actor
    session_id: str
    secret: str
    expires_at: datetime
    language: str


def sign_in(uow: UnitOfWork, *, user_id: str, password: str, now: datetime) -> SignedIn:
    """A session for the user, or NotAuthenticated (with the failure counted and recorded)."""
    user_id = user_id.strip().lower()[:64]
    with uow:
        uow.lock(f"user:{user_id}")
        stored = uow.users.get(user_id)
        if stored is None:
            verify_password(None, password)  # same work as for a known user
            raise NotAuthenticated(SIGN_IN_FAILED)
        user = stored.user
        if stored.sign_in.locked_at(now) or user.disabled:
            verify_password(None, password)  # same work: the answer's timing tells nothing either
            raise NotAuthenticated(SIGN_IN_FAILED)
        if not verify_password(stored.password_hash, password):
            state = stored.sign_in.after_failure(now)
            uow.users.set_sign_in_state(user_id, state)
            locked = state.locked_at(now)
            uow.audit.record(
                actor=user.actor(),
                action="user.locked" if locked else "user.sign_in_failed",
                entity="user",
                entity_id=user_id,
                before={"failed_sign_ins": stored.sign_in.failed_sign_ins},
                after={"failed_sign_ins": state.failed_sign_ins, "locked_until": state.locked_until},
                subject_party=user.party,
            )
            uow.commit()
            raise NotAuthenticated(SIGN_IN_FAILED)
        if stored.sign_in != SignInState():
            uow.users.set_sign_in_state(user_id, SignInState())
        if needs_rehash(stored.password_hash):
            uow.users.set_password_hash(user_id, hash_password(password))
        secret = new_secret()
        session = Credential(
            credential_id=str(uuid4()),
            user_id=user_id,
            kind="session",
            name="web sign-in",
            created_at=now,
            expires_at=now + SESSION_LIFETIME,
            revoked_at=None,
        )
        uow.credentials.add(session, secret_hash=secret_hash(secret))
        uow.audit.record(
            actor=user.actor(),
            action="user.signed_in",
            entity="user",
            entity_id=user_id,
            before=None,
            after={"session": session.credential_id, "expires_at": session.expires_at},
            subject_party=user.party,
        )
        uow.commit()
        return SignedIn(user.actor(), session.credential_id, secret, session.expires_at, user.language)


#: How many issuers up a token's chain authentication follows (each is checked; deeper chains are refused).
MAX_ISSUER_CHAIN = 16


def authenticate(uow: UnitOfWork, *, secret: str, kind: str, now: datetime) -> tuple[Actor, Credential]:
    """The user a token or session secret stands for; NotAuthenticated when it is unknown, of the
    other kind, expired or revoked, or its user is disabled, or so is any credential up the chain of
    those that issued it. Reads only."""
    invalid = NotAuthenticated.of(
        "notauthenticated.not_valid", "the {value} is not valid", value="API token" if kind == "token" else "session"
    )
    with uow:
        credential = uow.credentials.find(secret_hash(secret))
        if credential is None or credential.kind != kind or not credential.valid_at(now):
            raise invalid
        stored = uow.users.get(credential.user_id)
        if stored is None or stored.user.disabled:
            raise invalid
        issuer_id, depth = credential.issued_by, 0
        while issuer_id is not None:
            issuer = uow.credentials.get(issuer_id)
            depth += 1
            if issuer is None or not issuer.valid_at(now) or depth > MAX_ISSUER_CHAIN:
                raise invalid
            owner = stored if issuer.user_id == stored.user.user_id else uow.users.get(issuer.user_id)
            if owner is None or owner.user.disabled:
                raise invalid
            issuer_id = issuer.issued_by
        return stored.user.actor(), credential


def authenticate_session(uow: UnitOfWork, *, secret: str, now: datetime) -> Actor:
    return authenticate(uow, secret=secret, kind="session", now=now)[0]


def user_language(uow: UnitOfWork, *, actor: Actor) -> str | None:
    with uow:
        stored = uow.users.get(actor.user_id)
        return stored.user.language if stored else None


def sign_out(uow: UnitOfWork, *, secret: str, now: datetime) -> None:
    """End the session (harmless when it already ended)."""
    with uow:
        credential = uow.credentials.find(secret_hash(secret))
        if credential is None or credential.kind != "session" or credential.revoked_at is not None:
            return
        uow.credentials.revoke(credential.credential_id, at=now)
        stored = uow.users.get(credential.user_id)
        party = stored.user.party if stored else None
        actor = stored.user.actor() if stored else Actor(credential.user_id, party, frozenset())
        uow.audit.record(
            actor=actor,
            action="user.signed_out",
            entity="user",
            entity_id=credential.user_id,
            before={"session": credential.credential_id},
            after=None,
            subject_party=party,
        )
        uow.commit()
