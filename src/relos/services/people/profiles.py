"""Use cases changing a user's particulars: the roles they hold, and the language their pages and documents
are in.

An administrator sets the roles of their own party's users (the local operator anyone's); a party's last active
administrator keeps the administrator role, as they cannot be disabled either (services.people.users): nobody
would be left to manage the party's users. Anyone sets their own language; an administrator also their
party's users'. Both are audited."""

from __future__ import annotations

from relos.domain.actor import Actor, Role
from relos.domain.errors import Conflict, FieldProblem, InvalidInput, NotFound
from relos.domain.users import LANGUAGES, User
from relos.services.people.authority import require_party_member, require_role
from relos.services.people.ports import StoredUser
from relos.services.unit_of_work import UnitOfWork


def role_problems(roles: list[str]) -> list[FieldProblem]:
    """What is wrong with a list of roles (each problem names the field `roles`)."""
    known = {r.value for r in Role}
    problems = [
        FieldProblem.of("roles", "not_one_5", "{r!r} is not one of {known}", r=r, known=", ".join(sorted(known)))
        for r in roles
        if r not in known
    ]
    if not roles:
        problems.append(FieldProblem.of("roles", "user_needs_least_one_role", "a user needs at least one role"))
    return problems


def _visible(uow: UnitOfWork, actor: Actor, user_id: str) -> StoredUser:
    stored = uow.users.get(user_id)
    if stored is None:
        raise NotFound("user", user_id)
    require_party_member(actor, stored.user.party, kind="user", key=user_id)
    return stored


def _reread(uow: UnitOfWork, user_id: str) -> User:
    updated = uow.users.get(user_id)
    assert updated is not None
    return updated.user


def set_user_roles(uow: UnitOfWork, *, actor: Actor, user_id: str, roles: list[str]) -> User:
    """Give a user of the administrator's party exactly `roles`. Refused (Conflict) when it would take the
    administrator role from the party's last active administrator."""
    require_role(actor, Role.ADMINISTRATOR, action="setting a user's roles")
    problems = role_problems(roles)
    if problems:
        raise InvalidInput(problems)
    wanted = frozenset(Role(r) for r in roles)
    with uow:
        uow.lock(f"user:{user_id}")
        stored = _visible(uow, actor, user_id)
        user = stored.user
        if user.roles == wanted:
            return user
        if Role.ADMINISTRATOR in user.roles and Role.ADMINISTRATOR not in wanted and not user.disabled:
            uow.lock(f"administrators:{user.party}")
            others = [
                s.user
                for s in uow.users.list(party=user.party)
                if Role.ADMINISTRATOR in s.user.roles and not s.user.disabled and s.user.user_id != user_id
            ]
            if not others:
                raise Conflict.of(
                    "conflict.last_active_administrator_make_another",
                    "{user_id} is the last active administrator of {party}: make another user administrator first",
                    user_id=user_id,
                    party=user.party,
                )
        uow.users.set_roles(user_id, wanted)
        uow.audit.record(
            actor=actor,
            action="user.roles_set",
            entity="user",
            entity_id=user_id,
            before={"roles": sorted(r.value for r in user.roles)},
            after={"roles": sorted(r.value for r in wanted)},
            subject_party=user.party,
        )
        uow.commit()
        return _reread(uow, user_id)


def set_user_language(uow: UnitOfWork, *, actor: Actor, user_id: str, language: str) -> User:
    """Set the language of a user's pages (en or ru): your own, or (administrators) one of your party's users'."""
    if actor.user_id != user_id:
        require_role(actor, Role.ADMINISTRATOR, action="setting another user's language")
    if language not in LANGUAGES:
        raise InvalidInput.of(
            "language",
            "not_one",
            "{language!r} is not one of {LANGUAGES}",
            language=language,
            LANGUAGES=", ".join(LANGUAGES),
        )
    with uow:
        uow.lock(f"user:{user_id}")
        stored = _visible(uow, actor, user_id)
        if stored.user.language == language:
            return stored.user
        uow.users.set_language(user_id, language)
        uow.audit.record(
            actor=actor,
            action="user.language_set",
            entity="user",
            entity_id=user_id,
            before={"language": stored.user.language},
            after={"language": language},
            subject_party=stored.user.party,
        )
        uow.commit()
        return _reread(uow, user_id)
