"""Which lifecycle forms an order's page offers the signed-in user: a courtesy that hides steps the
user's roles and party could not take. It decides nothing: the services check every step again, and a
refusal comes back on the page."""

from __future__ import annotations

from dataclasses import dataclass

from relos.domain.actor import Actor, Role
from relos.services.orders.results import Order

OFFICIALS = (Role.HOST_APPROVER, Role.LOGISTICS_OFFICER)
CANCELLABLE = frozenset({"draft", "signed", "accepted"})
DELIVERABLE = frozenset({"accepted", "partly_delivered"})


@dataclass(frozen=True)
class Actions:
    sign: bool
    accept: bool
    cancel: bool
    deliver: bool
    receipt: frozenset[str]  # ids of deliveries the user could receipt

    @property
    def any(self) -> bool:
        return self.sign or self.accept or self.cancel or self.deliver or bool(self.receipt)


def available_actions(actor: Actor, order: Order) -> Actions:
    status, party = order["status"], actor.party
    requesting, supplying = order["requesting_party"], order["supplying_party"]
    official = actor.has_any(OFFICIALS)
    signed_now = {s["party"] for s in order["signatures"] if s["version"] == order["version"]}
    logistics = Role.LOGISTICS_OFFICER in actor.roles
    return Actions(
        sign=status == "draft" and official and party in (requesting, supplying) and party not in signed_now,
        accept=status == "signed" and official and party == supplying,
        cancel=status in CANCELLABLE
        and not order["deliveries"]
        and (official or (Role.REQUESTER in actor.roles and party == requesting)),
        deliver=status in DELIVERABLE and logistics and party == supplying,
        receipt=frozenset(
            d["id"] for d in order["deliveries"] if d["receipt"] is None and logistics and party == requesting
        ),
    )
