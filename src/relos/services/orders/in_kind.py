"""Use cases of returns in kind: the debtor's deliveries in kind (RIK) or of equal value (EVE) satisfy an open
obligation, posted to the ledger and settling the order when nothing is left owing.

A settlement in kind dated in the future is refused (relos.domain.recorded, rule ``recorded_in_future``, judged at
`now` with the clock `tolerance`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from uuid6 import uuid7

from relos.domain.actor import Actor, Role
from relos.domain.errors import Conflict, FieldProblem, InvalidInput, NotFound
from relos.domain.ledger.obligations import InKindSatisfaction, Obligation, satisfaction_transaction
from relos.domain.orders import lifecycle
from relos.domain.orders.model import OrderHistory
from relos.domain.recorded import DEFAULT_TOLERANCE
from relos.services.exchange.authority import require_deciding_instance
from relos.services.ledger.settling import settle_if_done
from relos.services.orders import results
from relos.services.orders.common import happened, ledger_call, money_in, remember, replayed, visible_order
from relos.services.people.authority import require_own_party, require_role
from relos.services.unit_of_work import UnitOfWork


def satisfy_in_kind(
    uow: UnitOfWork,
    *,
    actor: Actor,
    obligation_id: str,
    value: object,
    currency: str,
    satisfied_on: date,
    delivery_ref: str,
    idempotency_key: str | None = None,
    now: datetime | None = None,
    tolerance: timedelta = DEFAULT_TOLERANCE,
) -> results.InKindSatisfaction:
    """The debtor delivers in kind (RIK) or of equal value (EVE) against an open obligation; refused when dated
    in the future (at `now`, default the real clock)."""
    require_role(actor, Role.LOGISTICS_OFFICER, action="recording a delivery in kind")
    at = now or datetime.now(UTC)
    problems: list[FieldProblem] = []
    amount = money_in(value, currency, field="value", problems=problems)
    if not delivery_ref.strip():
        problems.append(
            FieldProblem.of(
                "delivery_ref", "name_delivery_kind_document_id", "name the delivery in kind (its document or id)"
            )
        )
    happened("satisfied_on", satisfied_on, now=at, tolerance=tolerance, problems=problems)
    if problems or amount is None:
        raise InvalidInput(problems, source="delivery in kind")
    request = {
        "obligation_id": obligation_id,
        "value": str(amount),
        "on": satisfied_on.isoformat(),
        "ref": delivery_ref,
    }
    with uow:
        ob = uow.claims.get_obligation(obligation_id)
        if ob is None:
            raise NotFound("obligation", obligation_id)
        uow.lock(f"order:{ob.order_id}")
        first = replayed(
            uow,
            key=idempotency_key,
            actor=actor,
            action="obligation.satisfy",
            request=request,
            result=results.InKindSatisfaction,
        )
        if first is not None:
            return first
        history = visible_order(uow, actor, ob.order_id)
        lifecycle.require_open(history.order, action="a delivery in kind")
        require_own_party(actor, ob.debtor, action="recording a delivery in kind")
        require_deciding_instance(uow, party=ob.debtor, action="recording a delivery in kind")
        sat = InKindSatisfaction(str(uuid7()), ob.id, delivery_ref, ob.method, satisfied_on, amount)
        result = post_satisfaction(
            uow, actor=actor, history=history, obligation=ob, sat=sat, txn_id=str(uuid7()), now=at
        )
        remember(uow, key=idempotency_key, actor=actor, action="obligation.satisfy", request=request, result=result)
        uow.commit()
        return result


def post_satisfaction(
    uow: UnitOfWork, *, actor: Actor, history: OrderHistory, obligation: Obligation, sat: InKindSatisfaction,
    txn_id: str, now: datetime,
) -> results.InKindSatisfaction:  # fmt: skip
    """Post a return in kind against `obligation` (refused once converted to a cash debt) as recorded at `now`,
    settle the order when nothing is left owing and audit it, inside the caller's transaction: the debtor's own,
    or one its instance sent."""
    ob = obligation
    if uow.claims.conversions([ob.id]):
        raise Conflict.of(
            "conflict.obligation_was_converted_cash_debt",
            "obligation {ob_id} was converted to a cash debt; it is settled in cash now",
            ob_id=ob.id,
        )
    prior = uow.claims.satisfactions([ob.id])
    txn = ledger_call(lambda: satisfaction_transaction(ob, sat, prior=prior, transaction_id=txn_id))
    uow.ledger.post(txn, kind="satisfaction", order_id=ob.order_id, recorded_by=actor.user_id, now=now)
    uow.claims.add_satisfaction(sat, transaction_id=txn_id)
    settle_if_done(uow, history.order, now=now)
    result: results.InKindSatisfaction = {
        "id": sat.id,
        "obligation_id": ob.id,
        "value": str(sat.value.amount),
        "currency": sat.value.currency,
        "satisfied_on": sat.satisfied_on.isoformat(),
        "delivery_ref": sat.delivery_id,
        "transaction_id": txn_id,
    }
    uow.audit.record(
        actor=actor,
        action="obligation.satisfied",
        entity="obligation",
        entity_id=ob.id,
        before=None,
        after=result,
        agreement_id=ob.agreement_id,
    )
    return result
