"""The rules an order obeys, as small functions returning lists of problems.

- ``line_problems``: each line is well formed (known category, unit allowed for it, positive
  quantity, price in a known currency and in its minor units, a method the agreement allows).
- ``exclusion_violations``: no line is for an item the agreement excludes (the reason is named).
- ``pricing_problems``: a price that departs from the list carries a reason.
- ``completeness_problems``: every element an order needs to bind is present.
- ``note_problem``: a note (of an order, a delivery, a receipt) is kept whole, up to ``NOTE_MAX_CHARS``.
- ``duties_conflict``: who requests, signs, receipts and bills are different people.
- ``not_in_force_violation``: support is ordered and delivered only while the agreement is in force.
- ``served_deployment_problem``: the deployment an order serves is the requesting party's, under the same
  agreement, and still going (not rejected, cancelled, departed or closed).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from relos.domain.agreements import AgreementStatus, Status
from relos.domain.deployments.model import Deployment, DeploymentStatus
from relos.domain.errors import FieldProblem, Said, Violation
from relos.domain.ledger.money import Money
from relos.domain.orders.catalogue import UNITS
from relos.domain.orders.model import OrderHistory, OrderLine, SupportOrder
from relos.domain.orders.terms import OrderTerms

MAX_LINES = 500
#: The longest note an order, a delivery or a receipt keeps (characters); a longer one is refused, never cut.
NOTE_MAX_CHARS = 2_000


def quantity_problem(quantity: Decimal, *, field: str) -> FieldProblem | None:
    if quantity <= 0:
        return FieldProblem.of(field, "must_positive_got_2", "must be positive, got {quantity}", quantity=quantity)
    if quantity.as_tuple().exponent < -6:  # type: ignore[operator]
        return FieldProblem.of(field, "more_6_decimals", "{quantity} has more than 6 decimals", quantity=quantity)
    return None


def line_problems(lines: Sequence[OrderLine], terms: OrderTerms) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if not lines:
        problems.append(FieldProblem.of("lines", "order_needs_least_one_line", "an order needs at least one line"))
    if len(lines) > MAX_LINES:
        problems.append(
            FieldProblem.of("lines", "most_lines_per_order", "at most {MAX_LINES} lines per order", MAX_LINES=MAX_LINES)
        )
    numbers = [ln.line_no for ln in lines]
    if len(set(numbers)) != len(numbers):
        problems.append(FieldProblem.of("lines", "line_numbers_must_unique", "line numbers must be unique"))
    for i, ln in enumerate(lines):
        at = f"lines[{i}]"
        if not ln.item_code.strip():
            problems.append(FieldProblem.of(f"{at}.item_code", "must_not_empty", "must not be empty"))
        if not ln.description.strip():
            problems.append(FieldProblem.of(f"{at}.description", "must_not_empty", "must not be empty"))
        if ln.unit not in UNITS[ln.category]:
            allowed = ", ".join(sorted(UNITS[ln.category]))
            problems.append(
                FieldProblem.of(
                    f"{at}.unit",
                    "not_unit",
                    "{unit!r} is not a unit for {category} ({allowed})",
                    unit=ln.unit,
                    category=ln.category.value,
                    allowed=allowed,
                )
            )
        q = quantity_problem(ln.quantity, field=f"{at}.quantity")
        if q:
            problems.append(q)
        if not ln.unit_price.is_positive():
            problems.append(
                FieldProblem.of(
                    f"{at}.unit_price",
                    "must_positive_got_3",
                    "must be positive, got {unit_price}",
                    unit_price=ln.unit_price,
                )
            )
        elif not ln.unit_price.is_in_minor_units():
            problems.append(
                FieldProblem.of(
                    f"{at}.unit_price",
                    "more_decimals",
                    "{unit_price} has more decimals than {currency}",
                    unit_price=ln.unit_price,
                    currency=ln.unit_price.currency,
                )
            )
        if ln.method not in terms.methods:
            problems.append(
                FieldProblem.of(
                    f"{at}.method",
                    "does_not_allow",
                    "{agreement_id} does not allow {method}",
                    agreement_id=terms.agreement_id,
                    method=ln.method.value,
                )
            )
    return problems


def exclusion_violations(lines: Iterable[OrderLine], terms: OrderTerms) -> list[Violation]:
    found: list[Violation] = []
    for i, ln in enumerate(lines):
        why = terms.exclusion_of(category=ln.category, item_code=ln.item_code, description=ln.description)
        if why:
            found.append(Violation("excluded_item", why, {"line": i, "item_code": ln.item_code}))
    return found


def pricing_problems(lines: Iterable[OrderLine]) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    for i, ln in enumerate(lines):
        if not ln.departs_from_list or ln.price_reason.strip():
            continue
        where = f"lines[{i}].price_reason"
        if ln.list_price is None:
            problems.append(
                FieldProblem.of(
                    where,
                    "unlisted_price_needs_reason",
                    "no price list carries this item; a price of {unit_price} needs a recorded reason",
                    unit_price=ln.unit_price,
                )
            )
        else:
            problems.append(
                FieldProblem.of(
                    where,
                    "price_needs_recorded_reason",
                    "the list price is {list_price}; a price of {unit_price} needs a recorded reason",
                    list_price=ln.list_price,
                    unit_price=ln.unit_price,
                )
            )
    return problems


def completeness_problems(order: SupportOrder) -> list[FieldProblem]:
    """Every element an order must carry before it can be signed (the audits' first finding)."""
    problems: list[FieldProblem] = []
    required = {
        "agreement_id": order.agreement_id,
        "requesting_party": order.requesting_party,
        "requesting_unit": order.requesting_unit,
        "supplying_party": order.supplying_party,
        "facility_id": order.facility_id,
        "requested_by": order.requested_by,
    }
    problems.extend(
        FieldProblem.of(name, "required_2", "is required") for name, value in required.items() if not str(value).strip()
    )
    if order.requesting_party == order.supplying_party:
        problems.append(
            FieldProblem.of(
                "supplying_party",
                "supplier_other_party_not_requester",
                "the supplier is the other party, not the requester",
            )
        )
    if not order.lines:
        problems.append(FieldProblem.of("lines", "order_needs_least_one_line", "an order needs at least one line"))
    if len(order.currencies) > 1:
        problems.append(
            FieldProblem.of(
                "lines",
                "one_currency_per_order_got",
                "one currency per order, got {currencies}",
                currencies=", ".join(order.currencies),
            )
        )
    problems.extend(pricing_problems(order.lines))
    return problems


def note_problem(note: str, *, field: str = "note") -> FieldProblem | None:
    """What is wrong with a note: longer than NOTE_MAX_CHARS (it is stored whole or not at all)."""
    if len(note) > NOTE_MAX_CHARS:
        return FieldProblem.of(
            field,
            "most_characters_got",
            "at most {NOTE_MAX_CHARS:,} characters, got {note_count:,}",
            NOTE_MAX_CHARS=NOTE_MAX_CHARS,
            note_count=len(note),
        )
    return None


def order_value(order: SupportOrder) -> dict[str, Money]:
    totals: dict[str, Money] = {}
    for ln in order.lines:
        cur = ln.unit_price.currency
        totals[cur] = totals.get(cur, Money.zero(cur)) + ln.value
    return totals


def duties_conflict(history: OrderHistory, *, user_id: str, duty: str) -> Said | None:
    """Why `user_id` may not take `duty` on this order (separation of duties), or None."""
    order = history.order
    held: list[tuple[str, str, str]] = [("requested", "", order.requested_by)]
    held += [("signed", s.party, s.user_id) for s in order.signatures if s.version == order.version]
    held += [("receipted", "", r.receipted_by) for r in history.receipts]
    if order.billed_by:
        held.append(("billed", "", order.billed_by))
    # The same person may sign several times only as re-signing the same party; other duties are distinct.
    for done, party, who in held:
        if who != user_id:
            continue
        if (duty, done) in (("receipt", "receipted"), ("bill", "billed")):
            continue
        what = {"signed": f"signed for {party}", "receipted": "receipted a delivery"}.get(done, done)
        return Said.of(
            "duties_conflict",
            "{user_id} {what} on order {order_id}; the same person may not also {duty} it",
            user_id=user_id,
            what=what,
            done=done,
            party=party,
            order_id=order.id,
            duty=duty,
        )
    return None


def not_in_force_violation(status: AgreementStatus, *, agreement_id: str, action: str) -> Violation | None:
    """Support is ordered and delivered only on days the agreement is in force (an extension counts only
    with both parties' consent: `status_at` knows); payments and settlement of what was delivered go on."""
    if status.status is Status.IN_FORCE:
        return None
    return Violation(
        "not_in_force",
        f"{agreement_id} is not in force on {status.at.isoformat()} ({status.status.value}): "
        f"{action} needs it in force",
        {"agreement_id": agreement_id, "at": status.at.isoformat(), "status": status.status.value},
    )


#: A deployment that support may still be ordered for: planned, approved or present.
SERVABLE = frozenset(
    {DeploymentStatus.DRAFT, DeploymentStatus.SUBMITTED, DeploymentStatus.APPROVED, DeploymentStatus.ARRIVED}
)


def served_deployment_problem(
    deployment: Deployment | None, *, deployment_id: str, agreement_id: str, requesting_party: str
) -> FieldProblem | None:
    """What is wrong with ordering support for `deployment_id`. A deployment of another party or agreement
    reads exactly as a missing one, so that nothing of it leaks."""
    if deployment is None or deployment.agreement_id != agreement_id or deployment.visiting_party != requesting_party:
        return FieldProblem.of(
            "deployment_id",
            "no_deployment_under",
            "no deployment {deployment_id} of {requesting_party} under {agreement_id}",
            deployment_id=deployment_id,
            requesting_party=requesting_party,
            agreement_id=agreement_id,
        )
    if deployment.status not in SERVABLE:
        return FieldProblem.of(
            "deployment_id",
            "deployment_support_serves_no_more",
            "deployment {deployment_id} is {status}: support serves it no more",
            deployment_id=deployment_id,
            reference=deployment.reference or deployment_id,
            status=deployment.status.value,
        )
    return None
