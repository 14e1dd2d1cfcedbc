"""/api/v1/orders (support orders, their deliveries and receipts) and /api/v1/price-lists."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request, Response

from relos.api.deps import ActorDep, ClockDep, UowDep
from relos.api.paging import DEFAULT_LIMIT, PAGED, Cursor, Limit, page
from relos.api.schemas.orders import (
    AmendIn,
    DeliveryIn,
    LineIn,
    OrderIn,
    PriceListIn,
    ReasonIn,
    ReceiptIn,
    SignIn,
)
from relos.services.orders import deliveries, price_lists, results
from relos.services.orders import lifecycle as service
from relos.services.orders.lifecycle import LineInput
from relos.services.orders.price_lists import PriceItemInput

router = APIRouter(tags=["orders"])
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=128)]


def _lines(lines: list[LineIn]) -> list[LineInput]:
    return [LineInput(**line.model_dump()) for line in lines]


@router.post("/price-lists", status_code=201)
def add_price_list(body: PriceListIn, uow: UowDep, actor: ActorDep, clock: ClockDep) -> results.PriceList:
    return price_lists.add_price_list(
        uow,
        actor=actor,
        supplying_party=body.supplying_party,
        facility_id=body.facility_id,
        valid_from=body.valid_from,
        valid_until=body.valid_until,
        source=body.source,
        items=[PriceItemInput(**i.model_dump()) for i in body.items],
        now=clock.now(),
    )


@router.get("/orders", responses=PAGED)
def list_orders(
    request: Request,
    response: Response,
    uow: UowDep,
    actor: ActorDep,
    agreement_id: str | None = None,
    status: str | None = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> list[results.OrderSummary]:
    """Oldest first, a page at a time (relos.api.paging)."""
    rows = service.list_orders(
        uow, actor=actor, agreement_id=agreement_id, status=status, after=cursor, limit=limit + 1
    )
    return page(request, response, rows, limit)


@router.post("/orders", status_code=201)
def create_order(
    body: OrderIn, uow: UowDep, actor: ActorDep, clock: ClockDep, idempotency_key: IdempotencyKey = None
) -> results.Order:
    return service.create_order(
        uow,
        actor=actor,
        agreement_id=body.agreement_id,
        requesting_party=body.requesting_party,
        requesting_unit=body.requesting_unit,
        facility_id=body.facility_id,
        deployment_id=body.deployment_id,
        needed_by=body.needed_by,
        note=body.note,
        title=body.title,
        lines=_lines(body.lines),
        idempotency_key=idempotency_key,
        now=clock.now(),
    )


@router.get("/orders/{order_id}")
def get_order(order_id: str, uow: UowDep, actor: ActorDep) -> results.OrderWithVersions:
    return service.get_order(uow, actor=actor, order_id=order_id)


@router.post("/orders/{order_id}/signatures")
def sign_order(order_id: str, body: SignIn, uow: UowDep, actor: ActorDep, clock: ClockDep) -> results.Order:
    return service.sign_order(uow, actor=actor, order_id=order_id, party=body.party, now=clock.now())


@router.post("/orders/{order_id}/acceptance")
def accept_order(order_id: str, uow: UowDep, actor: ActorDep, clock: ClockDep) -> results.Order:
    return service.accept_order(uow, actor=actor, order_id=order_id, now=clock.now())


@router.post("/orders/{order_id}/amendments")
def amend_order(order_id: str, body: AmendIn, uow: UowDep, actor: ActorDep, clock: ClockDep) -> results.Order:
    return service.amend_order(
        uow, actor=actor, order_id=order_id, lines=_lines(body.lines), reason=body.reason, now=clock.now()
    )


@router.post("/orders/{order_id}/cancellation")
def cancel_order(order_id: str, body: ReasonIn, uow: UowDep, actor: ActorDep, clock: ClockDep) -> results.Order:
    return service.cancel_order(uow, actor=actor, order_id=order_id, reason=body.reason, now=clock.now())


@router.post("/orders/{order_id}/deliveries", status_code=201)
def record_delivery(
    order_id: str,
    body: DeliveryIn,
    uow: UowDep,
    actor: ActorDep,
    clock: ClockDep,
    idempotency_key: IdempotencyKey = None,
) -> results.RecordedDelivery:
    """422 (`recorded_in_future`) for a delivery dated in the future."""
    return deliveries.record_delivery(
        uow,
        actor=actor,
        order_id=order_id,
        delivered_on=body.delivered_on,
        lines=[(ln.line_no, ln.quantity) for ln in body.lines],
        note=body.note,
        idempotency_key=idempotency_key,
        now=clock.now(),
        tolerance=clock.tolerance,
    )


@router.post("/orders/{order_id}/deliveries/{delivery_id}/receipt", status_code=201)
def receipt_delivery(
    order_id: str,
    delivery_id: str,
    body: ReceiptIn,
    uow: UowDep,
    actor: ActorDep,
    clock: ClockDep,
    idempotency_key: IdempotencyKey = None,
) -> results.ReceiptedDelivery:
    """422 (`recorded_in_future`) for a receipt dated in the future."""
    return deliveries.receipt_delivery(
        uow,
        actor=actor,
        order_id=order_id,
        delivery_id=delivery_id,
        receipted_on=body.receipted_on,
        lines=None if body.lines is None else [(ln.line_no, ln.quantity) for ln in body.lines],
        receiving_unit=body.receiving_unit,
        note=body.note,
        idempotency_key=idempotency_key,
        now=clock.now(),
        tolerance=clock.tolerance,
    )
