"""Who decides what, between two parties' instances: in a party's own instance, only that party's decisions are
taken (the host's on its territory, the visitor's on its requests); the partner's come as signed documents
(relos.services.exchange.inbox), never typed in here. The joint instance decides everything, as before."""

from __future__ import annotations

from relos.domain.errors import Forbidden
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
