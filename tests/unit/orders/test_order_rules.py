"""The rules of support orders, pure: lines, exclusions, pricing, signatures, lifecycle, duties."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from relos.domain.agreements import Agreement
from relos.domain.errors import Conflict, Forbidden, InvalidInput, RuleViolated
from relos.domain.ledger.money import Money
from relos.domain.ledger.obligations import ReimbursementMethod
from relos.domain.orders import lifecycle
from relos.domain.orders.catalogue import Category
from relos.domain.orders.model import (
    Delivery,
    DeliveryLine,
    OrderHistory,
    OrderLine,
    OrderStatus,
    Receipt,
    SupportOrder,
)
from relos.domain.orders.pricing import PriceList, PriceListItem, list_price
from relos.domain.orders.rules import completeness_problems, line_problems
from relos.domain.orders.terms import order_terms

AT = datetime(2026, 3, 1, tzinfo=UTC)
AGREEMENT = Agreement(
    id="pact",
    short_name="PACT",
    parties=("IND", "RUS"),
    signed=date(2025, 1, 1),
    term_years=5,
    document={
        "reimbursement": {"methods": ["cash", "replacement_in_kind"], "in_kind_settlement_months": 6},
        "exclusions": {"excluded_items": ["ammunition", "guided_missile"], "reason": "not logistic support"},
    },
)
TERMS, _ = order_terms(AGREEMENT)


def line(**changes: object) -> OrderLine:
    base = OrderLine(
        line_no=1,
        category=Category.POL,
        item_code="F-76",
        description="Naval distillate fuel",
        quantity=Decimal(1000),
        unit="L",
        unit_price=Money(Decimal("95.50"), "RUB"),
        method=ReimbursementMethod.CASH,
        list_price=Money(Decimal("95.50"), "RUB"),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def order(*lines: OrderLine, **changes: object) -> SupportOrder:
    base = SupportOrder(
        id="o1",
        agreement_id="pact",
        requesting_party="IND",
        requesting_unit="INS Tabar",
        supplying_party="RUS",
        facility_id="RU-VVO",
        lines=lines or (line(),),
        requested_by="requester",
        created_at=AT,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def signed_and_accepted() -> OrderHistory:
    o = lifecycle.sign(OrderHistory(order()), party="IND", user_id="ind.signer", at=AT)
    o = lifecycle.sign(OrderHistory(o), party="RUS", user_id="rus.signer", at=AT)
    return OrderHistory(lifecycle.accept(OrderHistory(o), user_id="rus.log"))


def test_rejects_negative_quantity() -> None:
    problems = line_problems([line(quantity=Decimal(-3))], TERMS)
    assert [(p.field, p.message) for p in problems] == [("lines[0].quantity", "must be positive, got -3")]


def test_rejects_unit_not_allowed_for_category() -> None:
    problems = line_problems([line(unit="bed_night")], TERMS)
    assert problems[0].field == "lines[0].unit" and "petroleum_oils_lubricants" in problems[0].message


def test_rejects_method_the_agreement_does_not_allow() -> None:
    problems = line_problems([line(method=ReimbursementMethod.EVE)], TERMS)
    assert problems[0].field == "lines[0].method"


def test_refuses_excluded_item_with_reason() -> None:
    bad = line(category=Category.SPARE_PARTS, item_code="ammunition/5.56", description="Rifle rounds", unit="each")
    with pytest.raises(RuleViolated) as err:
        lifecycle.check_new_order(order(bad), TERMS)
    assert "excludes ammunition" in str(err.value) and "not logistic support" in str(err.value)


def test_refuses_excluded_item_named_in_description() -> None:
    bad = line(category=Category.SPARE_PARTS, item_code="X-1", description="Guided missile seeker", unit="each")
    with pytest.raises(RuleViolated, match="guided missile"):
        lifecycle.check_new_order(order(bad), TERMS)


def test_price_departing_from_list_needs_a_reason() -> None:
    cheap = line(unit_price=Money(Decimal("90.00"), "RUB"))
    assert completeness_problems(order(cheap))[0].field == "lines[0].price_reason"
    assert completeness_problems(order(replace(cheap, price_reason="bulk discount"))) == []


def test_item_on_no_price_list_needs_a_reason() -> None:
    assert completeness_problems(order(line(list_price=None)))[0].field == "lines[0].price_reason"


def test_facility_price_list_wins_over_national() -> None:
    national = PriceList(
        "n", "RUS", None, date(2026, 1, 1), None, "national", (PriceListItem("F-76", "L", Money(Decimal(90), "RUB")),)
    )
    port = PriceList(
        "p",
        "RUS",
        "RU-VVO",
        date(2026, 1, 1),
        date(2026, 7, 1),
        "port",
        (PriceListItem("F-76", "L", Money(Decimal(99), "RUB")),),
    )
    found = list_price(
        [national, port], supplying_party="RUS", facility_id="RU-VVO", item_code="F-76", unit="L", on=date(2026, 3, 1)
    )
    assert found is not None and found.price_list_id == "p"
    later = list_price(
        [national, port], supplying_party="RUS", facility_id="RU-VVO", item_code="F-76", unit="L", on=date(2026, 8, 1)
    )
    assert later is not None and later.price_list_id == "n"


def test_order_binds_only_when_signed_by_both_parties() -> None:
    once = lifecycle.sign(OrderHistory(order()), party="IND", user_id="ind.signer", at=AT)
    assert once.status is OrderStatus.DRAFT
    with pytest.raises(Conflict):
        lifecycle.accept(OrderHistory(once), user_id="rus.log")
    twice = lifecycle.sign(OrderHistory(once), party="RUS", user_id="rus.signer", at=AT)
    assert twice.status is OrderStatus.SIGNED


def test_incomplete_order_cannot_be_signed() -> None:
    with pytest.raises(InvalidInput, match="requesting_unit"):
        lifecycle.sign(OrderHistory(order(requesting_unit="")), party="IND", user_id="s", at=AT)


def test_requester_cannot_sign_own_order() -> None:
    with pytest.raises(Forbidden):
        lifecycle.sign(OrderHistory(order()), party="IND", user_id="requester", at=AT)


def test_refuses_delivery_beyond_remaining_quantity() -> None:
    history = signed_and_accepted()
    first = Delivery("d1", "o1", date(2026, 3, 2), (DeliveryLine(1, Decimal(600)),), "rus.log")
    after = lifecycle.check_delivery(history, first)
    assert after.status is OrderStatus.PARTLY_DELIVERED
    history = OrderHistory(after, (first,))
    too_much = Delivery("d2", "o1", date(2026, 3, 3), (DeliveryLine(1, Decimal(401)),), "rus.log")
    with pytest.raises(InvalidInput, match="more than the 400 L left"):
        lifecycle.check_delivery(history, too_much)


def test_requester_cannot_receipt_own_order() -> None:
    history = signed_and_accepted()
    d = Delivery("d1", "o1", date(2026, 3, 2), (DeliveryLine(1, Decimal(1000)),), "rus.log")
    history = OrderHistory(lifecycle.check_delivery(history, d), (d,))
    receipt = Receipt("r1", "d1", "o1", date(2026, 3, 2), d.lines, "requester", "INS Tabar")
    with pytest.raises(Forbidden, match="requested"):
        lifecycle.check_receipt(history, receipt)
    lifecycle.check_receipt(history, replace(receipt, receipted_by="ind.supply"))


def test_signer_cannot_bill_the_order() -> None:
    history = signed_and_accepted()
    d = Delivery("d1", "o1", date(2026, 3, 2), (DeliveryLine(1, Decimal(1000)),), "rus.log")
    r = Receipt("r1", "d1", "o1", date(2026, 3, 2), d.lines, "ind.supply", "INS Tabar")
    history = OrderHistory(lifecycle.check_delivery(history, d), (d,), (r,))
    with pytest.raises(Forbidden, match="signed for RUS"):
        lifecycle.bill(history, user_id="rus.signer")
    assert lifecycle.bill(history, user_id="rus.finance").status is OrderStatus.BILLED


def test_amendment_makes_a_new_version_that_must_be_signed_again() -> None:
    history = signed_and_accepted()
    amended = lifecycle.amend(history, lines=(line(quantity=Decimal(2000)),), reason="more fuel", terms=TERMS)
    assert (amended.version, amended.status) == (2, OrderStatus.DRAFT)
    assert amended.signed_by("IND") is None and len(amended.signatures) == 2


def test_cannot_cancel_after_a_delivery() -> None:
    history = signed_and_accepted()
    d = Delivery("d1", "o1", date(2026, 3, 2), (DeliveryLine(1, Decimal(1)),), "rus.log")
    with pytest.raises(Conflict):
        lifecycle.cancel(OrderHistory(lifecycle.check_delivery(history, d), (d,)), reason="no longer needed")


def test_only_a_settled_order_is_closed() -> None:
    with pytest.raises(Conflict, match="only a settled order"):
        lifecycle.close(order(status=OrderStatus.BILLED))
    assert lifecycle.close(order(status=OrderStatus.SETTLED)).status is OrderStatus.CLOSED


def test_in_kind_period_comes_from_the_agreement_else_twelve_months() -> None:
    assert (TERMS.in_kind_months, TERMS.in_kind_months_stated) == (6, True)
    bare, _ = order_terms(replace(AGREEMENT, document={}))
    assert (bare.in_kind_months, bare.in_kind_months_stated) == (12, False)
