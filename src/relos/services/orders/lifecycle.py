"""Use cases of support orders: create, sign, accept, amend and cancel orders. Showing and listing them is
services.orders.reads, re-exported here for the callers that use them beside these; price lists are
services.orders.price_lists."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from uuid6 import uuid7

from relos.domain import default_titles
from relos.domain.actor import Actor, Role
from relos.domain.agreements import Agreement
from relos.domain.errors import FieldProblem, InvalidInput, RuleViolated, Violation
from relos.domain.facilities import is_open_to
from relos.domain.ledger.obligations import ReimbursementMethod
from relos.domain.orders import lifecycle
from relos.domain.orders.catalogue import category_of
from relos.domain.orders.model import OrderLine, SupportOrder
from relos.domain.orders.pricing import list_price
from relos.domain.orders.rules import note_problem, quantity_problem, served_deployment_problem
from relos.domain.references import RecordKind
from relos.services.exchange.authority import require_deciding_instance
from relos.services.orders import results
from relos.services.orders._units import normalise_unit
from relos.services.orders.common import (
    canonical,
    money_in,
    order_document,
    order_json,
    quantity_in,
    remember,
    replayed,
    require_in_force,
    visible_agreement,
    visible_order,
)
from relos.services.orders.reads import SORTS as SORTS
from relos.services.orders.reads import get_order as get_order
from relos.services.orders.reads import list_orders as list_orders
from relos.services.people.authority import require_own_party, require_role
from relos.services.references import allocate, given_title
from relos.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class LineInput:
    """One order line as a user gives it; without `unit_price` the price list's price is taken."""

    category: str
    item_code: str
    description: str
    quantity: object
    unit: str
    method: str
    unit_price: object | None = None
    currency: str | None = None
    price_reason: str = ""


def _now() -> datetime:
    return datetime.now(UTC)


# -- orders -------------------------------------------------------------------------------------
def priced_lines(
    uow: UnitOfWork, *, lines: list[LineInput], supplying_party: str, facility_id: str, on: date
) -> tuple[OrderLine, ...]:
    """The lines as given, each priced from the supplier's price list on `on` (its list price beside the price
    given), or InvalidInput naming every line's problem."""
    problems: list[FieldProblem] = []
    lists = uow.orders.price_lists(supplying_party)
    built: list[OrderLine] = []
    for i, given in enumerate(lines):
        at = f"lines[{i}]"
        category = category_of(given.category)
        if category is None:
            problems.append(
                FieldProblem.of(
                    f"{at}.category",
                    "not_category_support",
                    "{category!r} is not a category of support",
                    category=given.category,
                )
            )
        try:
            method = ReimbursementMethod(given.method)
        except ValueError:
            method = None
            allowed = ", ".join(m.value for m in ReimbursementMethod)
            problems.append(
                FieldProblem.of(
                    f"{at}.method",
                    "not_method",
                    "{method!r} is not a method ({allowed})",
                    method=given.method,
                    allowed=allowed,
                )
            )
        quantity = quantity_in(given.quantity, field=f"{at}.quantity", problems=problems)
        bad_quantity = quantity_problem(quantity, field=f"{at}.quantity") if quantity is not None else None
        if bad_quantity:
            problems.append(bad_quantity)
        unit = given.unit
        if category is not None:
            unit, hint = normalise_unit(category, given.unit, quantity)
            if hint:
                problems.append(FieldProblem(f"{at}.unit", hint))
        given = replace(given, unit=unit)
        listed = list_price(
            lists,
            supplying_party=supplying_party,
            facility_id=facility_id,
            item_code=given.item_code,
            unit=given.unit,
            on=on,
        )
        if given.unit_price is None:
            if listed is None:
                problems.append(
                    FieldProblem.of(
                        f"{at}.unit_price",
                        "no_price_list_carries_item",
                        "no price list of {supplying_party} carries this item",
                        supplying_party=supplying_party,
                    )
                )
                continue
            price = listed.price
        else:
            currency = given.currency or (listed.price.currency if listed else None)
            found = money_in(given.unit_price, currency, field=f"{at}.unit_price", problems=problems)
            if found is None:
                continue
            price = found
        if listed is not None and listed.price.currency != price.currency:
            problems.append(
                FieldProblem.of(
                    f"{at}.currency",
                    "list_prices_item",
                    "the list prices this item in {currency}",
                    currency=listed.price.currency,
                )
            )
        if category is None or method is None or quantity is None:
            continue
        built.append(
            OrderLine(
                line_no=i + 1,
                category=category,
                item_code=given.item_code,
                description=given.description,
                quantity=quantity,
                unit=given.unit,
                unit_price=price,
                method=method,
                list_price=listed.price if listed else None,
                price_list_id=listed.price_list_id if listed else None,
                price_reason=given.price_reason,
            )
        )
    if problems:
        raise InvalidInput(problems, source="order")
    return tuple(built)


def require_supplying_facility(uow: UnitOfWork, facility_id: str, *, party: str, agreement: Agreement) -> None:
    """The facility is in the catalogue and the agreement opens it to the requesting party (the catalogue's
    `open_under`; a facility abroad that the supplier operates, e.g. a US base in Djibouti under LEMOA, counts)."""
    facility = uow.facilities.get(facility_id)
    if facility is None:
        raise InvalidInput.of(
            "facility_id",
            "no_facility_catalogue",
            "no facility {facility_id!r} in the catalogue",
            facility_id=facility_id,
        )
    if not is_open_to(facility, party=party, agreement_id=agreement.id, agreement_parties=agreement.parties):
        why = "it is in its own territory" if facility.country == party else "the catalogue does not open it"
        raise RuleViolated(
            [
                Violation(
                    "facility_not_open",
                    f"{facility_id} is not open to {party} under {agreement.id}: {why}",
                    {"facility_id": facility_id, "party": party, "agreement_id": agreement.id},
                )
            ]
        )


def create_order(
    uow: UnitOfWork,
    *,
    actor: Actor,
    agreement_id: str,
    requesting_unit: str,
    facility_id: str,
    lines: list[LineInput],
    requesting_party: str | None = None,
    deployment_id: str | None = None,
    needed_by: date | None = None,
    note: str = "",
    title: str | None = None,
    idempotency_key: str | None = None,
    now: datetime | None = None,
) -> results.Order:
    """A requester drafts an order for its party, optionally with its `title` (else one is made); it binds only
    once both parties have signed. It gets its reference, SUPPLIER-ORD-YEAR-NUMBER, here."""
    require_role(actor, Role.REQUESTER, action="requesting support")
    party = requesting_party or actor.party
    if party is None:
        raise InvalidInput.of(
            "requesting_party", "operator_names_requesting_party", "the operator names the requesting party"
        )
    require_own_party(actor, party, action="requesting support")
    bad_note = note_problem(note)
    if bad_note is not None:
        raise InvalidInput([bad_note], source="order")
    chosen = given_title(title, source="order")
    at = now or _now()
    request = {"agreement_id": agreement_id, "unit": requesting_unit, "facility": facility_id, "lines": repr(lines)}
    if chosen:
        request["title"] = chosen
    with uow:
        if idempotency_key:
            uow.lock(f"idempotency:{idempotency_key}")
        first = replayed(
            uow, key=idempotency_key, actor=actor, action="order.create", request=request, result=results.Order
        )
        if first is not None:
            return first
        stored, terms = visible_agreement(uow, actor, agreement_id)
        if party not in stored.agreement.parties:
            raise InvalidInput.of(
                "requesting_party",
                "not_party_3",
                "{party} is not a party to {agreement_id}",
                party=party,
                agreement_id=agreement_id,
            )
        require_in_force(stored, at.date(), action="ordering support")
        require_deciding_instance(uow, party=party, action="requesting support")
        supplier = stored.agreement.partner_of(party)
        require_supplying_facility(uow, facility_id, party=party, agreement=stored.agreement)
        if deployment_id:
            served = served_deployment_problem(
                uow.deployments.get(deployment_id),
                deployment_id=deployment_id,
                agreement_id=agreement_id,
                requesting_party=party,
            )
            if served is not None:
                raise InvalidInput(served)
        built = priced_lines(uow, lines=lines, supplying_party=supplier, facility_id=facility_id, on=at.date())
        order = SupportOrder(
            id=str(uuid7()),
            agreement_id=agreement_id,
            requesting_party=party,
            requesting_unit=requesting_unit,
            supplying_party=supplier,
            facility_id=facility_id,
            deployment_id=deployment_id or None,
            needed_by=needed_by,
            lines=built,
            requested_by=actor.user_id,
            created_at=at,
            note=note,
        )
        lifecycle.check_new_order(order, terms)
        order = replace(
            order,
            reference=allocate(uow, kind=RecordKind.ORDER, party=supplier, at=at),
            title=chosen or default_titles.of_order(order, uow.facilities.get(facility_id)),
        )
        uow.orders.add(order, document=canonical(order_document(order)), recorded_by=actor.user_id, now=at)
        result = _result(uow, order.id)
        uow.audit.record(
            actor=actor,
            action="order.created",
            entity="order",
            entity_id=order.id,
            before=None,
            after=result,
            agreement_id=order.agreement_id,
        )
        remember(uow, key=idempotency_key, actor=actor, action="order.create", request=request, result=result)
        uow.commit()
        return result


def _result(uow: UnitOfWork, order_id: str) -> results.Order:
    history = uow.orders.get(order_id)
    assert history is not None
    return order_json(history)


def _transition(
    uow: UnitOfWork, *, actor: Actor, order_id: str, action: str, step: Any, now: datetime, document: bool = False
) -> results.Order:
    """Apply `step` to the order's history and store the result as of `now` (the app's clock)."""
    with uow:
        uow.lock(f"order:{order_id}")
        history = visible_order(uow, actor, order_id)
        before = order_json(history)
        after_order: SupportOrder = step(history)
        doc = canonical(order_document(after_order)) if document else None
        uow.orders.save(after_order, document=doc, recorded_by=actor.user_id, now=now)
        after = _result(uow, order_id)
        uow.audit.record(
            actor=actor,
            action=action,
            entity="order",
            entity_id=order_id,
            before={"status": before["status"], "version": before["version"]},
            after={"status": after["status"], "version": after["version"], "by": actor.user_id},
            agreement_id=after_order.agreement_id,
        )
        uow.commit()
        return after


def sign_order(
    uow: UnitOfWork, *, actor: Actor, order_id: str, party: str | None = None, now: datetime | None = None
) -> results.Order:
    """An authorised official of `party` (the actor's own) signs the current version."""
    require_role(actor, Role.HOST_APPROVER, Role.LOGISTICS_OFFICER, action="signing an order")
    signing_party = party or actor.party
    if signing_party is None:
        raise InvalidInput.of(
            "party", "operator_names_party_official_signs", "the operator names the party the official signs for"
        )
    require_own_party(actor, signing_party, action="signing an order")
    at = now or _now()
    return _transition(
        uow,
        actor=actor,
        order_id=order_id,
        action=f"order.signed.{signing_party}",
        step=lambda h: _signed(uow, h, party=signing_party, user_id=actor.user_id, at=at),
        now=at,
    )


def _signed(uow: UnitOfWork, history: Any, *, party: str, user_id: str, at: datetime) -> SupportOrder:
    """`party`'s signature, given in its own instance (in the partner's it comes as a signed document)."""
    require_deciding_instance(uow, party=party, action="signing an order")
    return lifecycle.sign(history, party=party, user_id=user_id, at=at)


def accept_order(uow: UnitOfWork, *, actor: Actor, order_id: str, now: datetime | None = None) -> results.Order:
    require_role(actor, Role.HOST_APPROVER, Role.LOGISTICS_OFFICER, action="accepting an order")

    def step(h: Any) -> SupportOrder:
        require_own_party(actor, h.order.supplying_party, action="accepting an order")
        require_deciding_instance(uow, party=h.order.supplying_party, action="accepting an order")
        return lifecycle.accept(h, user_id=actor.user_id)

    return _transition(uow, actor=actor, order_id=order_id, action="order.accepted", step=step, now=now or _now())


def cancel_order(
    uow: UnitOfWork, *, actor: Actor, order_id: str, reason: str, now: datetime | None = None
) -> results.Order:
    """The requesting party's requester withdraws it, or an official of either party calls it off."""
    require_role(actor, Role.REQUESTER, Role.HOST_APPROVER, Role.LOGISTICS_OFFICER, action="cancelling an order")

    def step(h: Any) -> SupportOrder:
        if not actor.has_any((Role.HOST_APPROVER, Role.LOGISTICS_OFFICER)):
            require_own_party(actor, h.order.requesting_party, action="withdrawing an order")
        return lifecycle.cancel(h, reason=reason)

    return _transition(uow, actor=actor, order_id=order_id, action="order.cancelled", step=step, now=now or _now())


def amend_order(
    uow: UnitOfWork, *, actor: Actor, order_id: str, lines: list[LineInput], reason: str, now: datetime | None = None
) -> results.Order:
    """A new version of the order's lines (the old versions are kept); both parties sign again."""
    require_role(actor, Role.REQUESTER, action="amending an order")
    at = now or _now()

    def step(h: Any) -> SupportOrder:
        order: SupportOrder = h.order
        require_own_party(actor, order.requesting_party, action="amending an order")
        require_deciding_instance(uow, party=order.requesting_party, action="amending an order")
        _, terms = visible_agreement(uow, actor, order.agreement_id)
        built = priced_lines(
            uow, lines=lines, supplying_party=order.supplying_party, facility_id=order.facility_id, on=at.date()
        )
        return lifecycle.amend(h, lines=built, reason=reason, terms=terms)

    return _transition(uow, actor=actor, order_id=order_id, action="order.amended", step=step, now=at, document=True)
