"""Use cases of user administration: create, list and disable users, change a password.

Administrators manage the users of their own party; auditors may list them; users of other
parties do not exist for them (NotFound). The local operator manages everyone.
"""

from __future__ import annotations

from datetime import datetime

from relos.domain.actor import Actor, Role
from relos.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from relos.domain.users import SignInState, User, password_problems, user_problems
from relos.services.people._passwords import hash_password
from relos.services.people.authority import require_party_member, require_role
from relos.services.people.ports import StoredUser
from relos.services.unit_of_work import UnitOfWork


def create_user(
    uow: UnitOfWork,
    *,
    actor: Actor,
    user_id: str,
    party: str,
    roles: list[str],
    password: str,
    display_name: str = "",
    language: str = "en",
) -> User:
    """Add a user of `party`; an administrator may add users of their own party only."""
    require_role(actor, Role.ADMINISTRATOR, action="creating a user")
    if not actor.is_operator and party != actor.party:
        raise Forbidden.of(
            "forbidden.creating_user_administrator_creates_users",
            "creating a user: an administrator of {party} creates users of {party} only",
            party=actor.party,
        )
    problems = user_problems(
        user_id=user_id, party=party, roles=roles, language=language, display_name=display_name
    ) + password_problems(password, user_id=user_id)
    if problems:
        raise InvalidInput(problems)
    user = User(
        user_id=user_id,
        party=party,
        roles=frozenset(Role(r) for r in roles),
        display_name=display_name,
        language=language,
    )
    password_hash = hash_password(password)
    with uow:
        uow.lock(f"user:{user_id}")
        own = uow.exchange.own_party()
        if own is not None and party != own:  # each party runs its own instance (docs/exchange.md)
            raise Conflict.of(
                "conflict.exchange_user_of_other_party",
                "this instance is {own}'s: users of {party} work in {party}'s own instance",
                own=own,
                party=party,
            )
        if uow.users.get(user_id) is not None:
            raise InvalidInput.of("user_id", "taken", "{user_id!r} is taken", user_id=user_id)
        uow.users.add(user, password_hash=password_hash)
        uow.audit.record(
            actor=actor,
            action="user.created",
            entity="user",
            entity_id=user_id,
            before=None,
            after=user.summary(),
            subject_party=party,
        )
        uow.commit()
    return user


def list_users(uow: UnitOfWork, *, actor: Actor) -> list[User]:
    """The users of the actor's party (every user for the operator)."""
    require_role(actor, Role.ADMINISTRATOR, Role.AUDITOR, action="listing users")
    with uow:
        return [s.user for s in uow.users.list(party=actor.party)]


def _visible_user(uow: UnitOfWork, actor: Actor, user_id: str) -> StoredUser:
    stored = uow.users.get(user_id)
    if stored is None:
        raise NotFound("user", user_id)
    require_party_member(actor, stored.user.party, kind="user", key=user_id)
    return stored


def get_user(uow: UnitOfWork, *, actor: Actor, user_id: str) -> User:
    """One user: yourself, or (administrators and auditors) a user of your party."""
    if actor.user_id != user_id:
        require_role(actor, Role.ADMINISTRATOR, Role.AUDITOR, action="reading another user")
    with uow:
        return _visible_user(uow, actor, user_id).user


def set_user_disabled(uow: UnitOfWork, *, actor: Actor, user_id: str, disabled: bool = True) -> User:
    """Disable (or enable again) a user: a disabled user's sessions and tokens stop working at once.

    A party's last active administrator cannot be disabled, by themselves or anyone: nobody would be left to
    manage the party's users (enable or create another administrator first)."""
    require_role(actor, Role.ADMINISTRATOR, action="disabling a user" if disabled else "enabling a user")
    with uow:
        uow.lock(f"user:{user_id}")
        stored = _visible_user(uow, actor, user_id)
        if stored.user.disabled == disabled:
            return stored.user
        if disabled and Role.ADMINISTRATOR in stored.user.roles:
            party = stored.user.party
            uow.lock(f"administrators:{party}")  # two administrators disabling each other: one at a time
            others = [
                s.user
                for s in uow.users.list(party=party)
                if Role.ADMINISTRATOR in s.user.roles and not s.user.disabled and s.user.user_id != user_id
            ]
            if not others:
                raise Conflict.of(
                    "conflict.last_active_administrator_enable_create",
                    "{user_id} is the last active administrator of {party}: enable or create another "
                    "administrator first",
                    user_id=user_id,
                    party=party,
                )
        uow.users.set_disabled(user_id, disabled)
        uow.audit.record(
            actor=actor,
            action="user.disabled" if disabled else "user.enabled",
            entity="user",
            entity_id=user_id,
            before={"disabled": stored.user.disabled},
            after={"disabled": disabled},
            subject_party=stored.user.party,
        )
        uow.commit()
        updated = uow.users.get(user_id)
        assert updated is not None
        return updated.user


def change_password(uow: UnitOfWork, *, actor: Actor, user_id: str, password: str, now: datetime) -> None:
    """Set a new password: your own, or (administrators) one of your party's users; unlocks the
    account and ends its web sessions (API tokens stay: revoke them separately)."""
    if actor.user_id != user_id:
        require_role(actor, Role.ADMINISTRATOR, action="setting another user's password")
    problems = password_problems(password, user_id=user_id)
    if problems:
        raise InvalidInput(problems)
    password_hash = hash_password(password)
    with uow:
        uow.lock(f"user:{user_id}")
        stored = _visible_user(uow, actor, user_id)
        uow.users.set_password_hash(user_id, password_hash)
        uow.users.set_sign_in_state(user_id, SignInState())
        uow.users.forget_address_sign_in_states(user_id)
        ended = uow.credentials.revoke_all(user_id, kind="session", at=now)
        uow.audit.record(
            actor=actor,
            action="user.password_set",
            entity="user",
            entity_id=user_id,
            before=None,
            after={"at": now, "sessions_ended": ended},
            subject_party=stored.user.party,
        )
        uow.commit()
