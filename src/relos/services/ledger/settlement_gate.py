"""In a party's instance a payment opens only once both parties have signed the settlement certificate of a
period holding the invoice's day (relos.services.exchange.settlement): the two ledgers were reconciled and agreed
before money moves. The joint instance pays as before."""

from __future__ import annotations

from relos.domain.errors import Conflict
from relos.domain.ledger.cash import Invoice
from relos.services.unit_of_work import UnitOfWork


def require_settled(uow: UnitOfWork, invoice: Invoice) -> None:
    """Conflict (`conflict.payment_needs_settlement`) in a party's instance while no certificate signed by both
    covers the day `invoice` was issued; inside the caller's transaction."""
    if uow.exchange.own_party() is None or uow.settlements.covering(invoice.agreement_id, invoice.issued_on):
        return
    raise Conflict.of(
        "conflict.payment_needs_settlement",
        "a payment of an invoice of {issued_on} opens only once both parties have signed the settlement certificate "
        "of a period holding that day ({agreement_id}): reconcile the two ledgers and sign it first",
        issued_on=invoice.issued_on.isoformat(),
        agreement_id=invoice.agreement_id,
    )
