"""Use cases of API tokens for programs: issue (shown once), list, revoke, and authenticate.

Anyone may issue tokens for themselves; an administrator also for the users of their party
(e.g. an account for a planning script). Tokens always expire (at most MAX_TOKEN_LIFETIME).

A token issued with a credential (an API token, or a web session) never outlives it: it expires when
its issuer does, at the latest, and revoking the issuer revokes it (and what it issued in turn);
while its issuer is revoked, expired or its user disabled, it is not valid either. It acts with its
own user's roles, so one issued with a credential for another user is refused when that user holds
a role the issuer's user lacks: a token never outranks its issuer. Tokens issued at the console
(`relos tokens issue`) have no issuer and neither limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import uuid4

from relos.domain.actor import Actor, Role
from relos.domain.errors import FieldProblem, Forbidden, InvalidInput, NotAuthenticated, NotFound
from relos.domain.users import token_lifetime_problems
from relos.services.people.authority import require_party_member, require_role
from relos.services.people.credentials import TOKEN_PREFIX, new_secret, secret_hash
from relos.services.people.ports import Credential
from relos.services.people.sessions import authenticate
from relos.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class IssuedToken:
    """A new token: `secret` is shown to its holder once and never stored."""

    credential: Credential
    secret: str


def issue_token(
    uow: UnitOfWork,
    *,
    actor: Actor,
    user_id: str,
    name: str,
    lifetime: timedelta,
    now: datetime,
    issuer: Credential | None = None,
) -> IssuedToken:
    """A new token for `user_id`; `issuer` is the credential the actor acts with (None at the console): the
    token expires with it at the latest (the answer's `expires_at` says when) and is revoked with it."""
    if user_id != actor.user_id:
        require_role(actor, Role.ADMINISTRATOR, action="issuing a token for another user")
    problems = token_lifetime_problems(lifetime)
    if not name.strip() or len(name) > 200:
        problems.append(FieldProblem.of("name", "give_token_name_1_200", "give the token a name of 1–200 characters"))
    if problems:
        raise InvalidInput(problems)
    with uow:
        stored = uow.users.get(user_id)
        if stored is None:
            raise NotFound("user", user_id)
        require_party_member(actor, stored.user.party, kind="user", key=user_id)
        if stored.user.disabled:
            raise InvalidInput.of("user_id", "disabled", "{user_id} is disabled", user_id=user_id)
        expires_at = now + lifetime
        if issuer is not None:
            current = uow.credentials.get(issuer.credential_id)
            if current is None or not current.valid_at(now):
                raise NotAuthenticated.of(
                    "notauthenticated.credential_issuing_token_no_longer",
                    "the credential issuing the token is no longer valid",
                )
            expires_at = min(expires_at, current.expires_at)
            beyond = stored.user.roles - actor.roles
            if beyond:
                names = ", ".join(sorted(r.value for r in beyond))
                raise Forbidden.of(
                    "forbidden.issuing_token_would_hold_roles",
                    "issuing a token for {user_id}: it would hold roles you do not ({names}); a token never "
                    "outranks the credential issuing it (issue it with `relos tokens issue` at the console)",
                    user_id=user_id,
                    names=names,
                )
        secret = new_secret(TOKEN_PREFIX)
        credential = Credential(
            credential_id=str(uuid4()),
            user_id=user_id,
            kind="token",
            name=name.strip(),
            created_at=now,
            expires_at=expires_at,
            revoked_at=None,
            issued_by=issuer.credential_id if issuer is not None else None,
        )
        uow.credentials.add(credential, secret_hash=secret_hash(secret))
        uow.audit.record(
            actor=actor,
            action="token.issued",
            entity="token",
            entity_id=credential.credential_id,
            before=None,
            after={
                "user_id": user_id,
                "name": credential.name,
                "expires_at": credential.expires_at,
                "issued_by": credential.issued_by,
            },
            subject_party=stored.user.party,
        )
        uow.commit()
        return IssuedToken(credential, secret)


def list_tokens(uow: UnitOfWork, *, actor: Actor, user_id: str | None = None) -> list[Credential]:
    """Your own tokens; administrators and auditors: those of your party's users (or one of them)."""
    with uow:
        if user_id is None or user_id != actor.user_id:
            require_role(actor, Role.ADMINISTRATOR, Role.AUDITOR, action="listing other users' tokens")
        if user_id is not None:
            stored = uow.users.get(user_id)
            if stored is None:
                raise NotFound("user", user_id)
            require_party_member(actor, stored.user.party, kind="user", key=user_id)
            return uow.credentials.list(user_ids=[user_id])
        if actor.is_operator:
            return uow.credentials.list()
        party_users = [s.user.user_id for s in uow.users.list(party=actor.party)]
        return uow.credentials.list(user_ids=party_users)


def revoke_token(uow: UnitOfWork, *, actor: Actor, token_id: str, now: datetime) -> Credential:
    """Revoke a token: your own, or (administrators) one of your party's users'. Harmless twice. The tokens
    it issued (and theirs) are revoked with it."""
    with uow:
        uow.lock(f"token:{token_id}")
        credential = uow.credentials.get(token_id)
        if credential is None or credential.kind != "token":
            raise NotFound("token", token_id)
        owner = uow.users.get(credential.user_id)
        if owner is None:
            raise NotFound("token", token_id)
        require_party_member(actor, owner.user.party, kind="token", key=token_id)
        if credential.user_id != actor.user_id:
            require_role(actor, Role.ADMINISTRATOR, action="revoking another user's token")
        if credential.revoked_at is not None:
            return credential
        uow.credentials.revoke(token_id, at=now)
        uow.audit.record(
            actor=actor,
            action="token.revoked",
            entity="token",
            entity_id=token_id,
            before={"revoked_at": None},
            after={"revoked_at": now},
            subject_party=owner.user.party,
        )
        uow.commit()
        revoked = uow.credentials.get(token_id)
        assert revoked is not None
        return revoked


def authenticate_token(uow: UnitOfWork, *, secret: str, now: datetime) -> Actor:
    """The user an API token stands for; NotAuthenticated when unknown, expired or revoked."""
    return authenticate(uow, secret=secret, kind="token", now=now)[0]
