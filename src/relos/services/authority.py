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
        raise Forbidden(f"{action} needs the role of {wanted}")


def require_own_party(actor: Actor, party: str | None, *, action: str) -> None:
    """A user may speak only for their own party (e.g. give its consent)."""
    if actor.is_operator or party is None:
        return
    if party != actor.party:
        raise Forbidden(f"{action}: a user of {actor.party} cannot act for {party}")
