"""Who decides what, between two parties' instances: in a party's own instance, only that party's decisions are
taken (the host's on its territory, the visitor's on its requests); the partner's come as signed documents
(relos.services.exchange.inbox), never typed in here. The joint instance decides everything, as before.

A received document about a deployment or a clearance must come from the party that decides it (the host, or
the visitor) and be addressed to the other one: `require_sender_decides` is that check, shared by the areas'
`take_*` functions (relos.services.deployments.exchanged, relos.services.clearances.exchanged)."""

from __future__ import annotations

from relos.domain.errors import Conflict, Forbidden
from relos.services.unit_of_work import UnitOfWork


def require_deciding_instance(uow: UnitOfWork, *, party: str, action: str) -> None:
    """Forbidden when this instance belongs to a party other than `party`, who decides `action`."""
    own = uow.exchange.own_party()
    if own is not None and own != party:
        raise Forbidden.of(
            "forbidden.exchange_partner_decides",
            "{action}: {party} decides this in its own instance, and its decision comes here as a signed document",
            action=action,
            party=party,
        )


def not_authority(entity: str, *, sender: str, role: str, record_id: str) -> Conflict:
    """The refusal of a document about `entity` ("deployment"/"clearance") `record_id` whose sender is not its
    `role` ("host"/"visitor"): each kind of record names its own rule."""
    if entity == "clearance":
        return Conflict.of(
            "conflict.exchange_not_authority_clearance",
            "{sender} is not the {role} of clearance {record_id}: it does not decide this",
            sender=sender, role=role, record_id=record_id,
        )  # fmt: skip
    return Conflict.of(
        "conflict.exchange_not_authority",
        "{sender} is not the {role} of deployment {record_id}: it does not decide this",
        sender=sender, role=role, record_id=record_id,
    )  # fmt: skip


def require_sender_decides(
    entity: str, record_id: str, *, host: str, visitor: str, sender: str, own: str, sender_is: str
) -> None:
    """Conflict unless `sender` is the `sender_is` ("host"/"visitor") of the record and this instance (`own`) the
    other party."""
    expected = (host, visitor) if sender_is == "host" else (visitor, host)
    if expected != (sender, own):
        raise not_authority(entity, sender=sender, role=sender_is, record_id=record_id)
