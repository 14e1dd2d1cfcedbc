"""Use cases of signing in to the web application: sign in (with the lock-out), sign out, and
turning a session cookie back into the acting user.

Sign-in failures are answered alike whether the user is unknown, disabled, locked or the password
wrong, so that the form tells an attacker nothing; each failure of a known user is counted and
recorded, per client address: the MAX_FAILED_SIGN_INS-th in a row from one address locks the account
for LOCKOUT_PERIOD for that address only, the MAX_FAILED_SIGN_INS_PER_ACCOUNT-th from all addresses
together within LOCKOUT_PERIOD locks it for every address (relos.domain.users).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import uuid4

from relos.domain.actor import Actor
from relos.domain.errors import NotAuthenticated, Said
from relos.domain.users import FAILURES_REMEMBERED, SESSION_LIFETIME, SignInLocks, SignInState
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


#: The address a sign-in names when its client's is not known.
UNKNOWN_ADDRESS = "unknown"


def sign_in(uow: UnitOfWork, *, user_id: str, password: str, now: datetime, address: str = "") -> SignedIn:
    """A session for the user, or NotAuthenticated (with the failure counted and recorded). `address` is the
    client's (its IP address): failures from it lock the account for it only, up to the account's ceiling."""
    user_id = user_id.strip().lower()[:64]
    address = address.strip()[:64] or UNKNOWN_ADDRESS
    with uow:
        uow.lock(f"user:{user_id}")
        stored = uow.users.get(user_id)
        if stored is None:
            verify_password(None, password)  # same work as for a known user
            raise NotAuthenticated(SIGN_IN_FAILED)
        user = stored.user
        locks = SignInLocks(uow.users.address_sign_in_state(user_id, address), stored.sign_in)
        if locks.locked_at(now) or user.disabled:
            verify_password(None, password)  # same work: the answer's timing tells nothing either
            raise NotAuthenticated(SIGN_IN_FAILED)
        if not verify_password(stored.password_hash, password):
            _count_failure(uow, stored.user.actor(), locks, address=address, now=now)
            uow.commit()
            raise NotAuthenticated(SIGN_IN_FAILED)
        if locks.from_address != SignInState():
            uow.users.set_address_sign_in_state(user_id, address, SignInState())
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


def _count_failure(uow: UnitOfWork, actor: Actor, locks: SignInLocks, *, address: str, now: datetime) -> None:
    """Count a wrong password from `address` on both counters, forget the account's stale address counters,
    and record the failure, or the lock it begins (for this address, or for every address)."""
    after = locks.after_failure(now)
    uow.users.forget_address_sign_in_states(actor.user_id, counted_before=now - FAILURES_REMEMBERED)
    uow.users.set_address_sign_in_state(actor.user_id, address, after.from_address)
    uow.users.set_sign_in_state(actor.user_id, after.account)
    everywhere = after.account.locked_at(now)
    uow.audit.record(
        actor=actor,
        action="user.locked" if after.locked_at(now) else "user.sign_in_failed",
        entity="user",
        entity_id=actor.user_id,
        before={
            "failed_sign_ins": locks.from_address.failed_sign_ins,
            "failed_sign_ins_from_all_addresses": locks.account.failed_sign_ins,
        },
        after={
            "address": address,
            "failed_sign_ins": after.from_address.failed_sign_ins,
            "failed_sign_ins_from_all_addresses": after.account.failed_sign_ins,
            "locked_until": after.account.locked_until if everywhere else after.from_address.locked_until,
            "locked_for": "every address" if everywhere else "this address",
        },
        subject_party=actor.party,
    )


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
