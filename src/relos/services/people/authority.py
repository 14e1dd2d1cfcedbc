"""Authority checks the use cases share: who may see a record, and who may act on it."""

from __future__ import annotations

from collections.abc import Iterable

from relos.domain.actor import Actor, Role
from relos.domain.errors import Forbidden, NotFound


def require_visible(actor: Actor, parties: Iterable[str], *, kind: str, key: str) -> None:
    """A record of an agreement the actor's party is not party to does not exist for that actor."""
    if not actor.may_see(parties):
        raise NotFound(kind, key)


def require_role(actor: Actor, *roles: Role, action: str) -> None:
    """The local operator may do anything; a user needs one of `roles`."""
    if actor.is_operator:
        return
    if not actor.has_any(roles):
        wanted = " or ".join(r.value.replace("_", " ") for r in roles)
        raise Forbidden.of(
            "forbidden.needs_role",
            "{action} needs the role of {wanted}",
            action=action,
            wanted=wanted,
            roles=[r.value for r in roles],
        )


def require_own_party(actor: Actor, party: str | None, *, action: str) -> None:
    """A user may speak only for their own party (e.g. give its consent)."""
    if actor.is_operator or party is None:
        return
    if party != actor.party:
        raise Forbidden.of(
            "forbidden.user_cannot_act",
            "{action}: a user of {party} cannot act for {party2}",
            action=action,
            party=actor.party,
            party2=party,
        )


def require_any_role(actor: Actor, roles: Iterable[Role], *, action: str) -> None:
    """`require_role` for a collection of roles."""
    require_role(actor, *roles, action=action)


def require_different_people(actor: Actor, *earlier_user_ids: str | None, action: str) -> None:
    """Separation of duties: whoever did an earlier step of a record may not do this one.

    E.g. who requested a support order may not approve it, nor receipt its delivery:
    `require_different_people(actor, order.requested_by, action="approving a support order")`.
    The local operator is no exception: a console is not a second person. Missing (None) ids
    are ignored, so a step nobody has taken yet does not block.
    """
    if actor.user_id in {u for u in earlier_user_ids if u is not None}:
        raise Forbidden.of(
            "forbidden.already_took_earlier_step_record",
            "{action}: {user_id} already took an earlier step of this record; another person must",
            action=action,
            user_id=actor.user_id,
        )


def require_party_member(actor: Actor, party: str, *, kind: str, key: str) -> None:
    """A record that belongs to one party (e.g. a user) does not exist for users of another."""
    if not actor.is_operator and actor.party != party:
        raise NotFound(kind, key)
