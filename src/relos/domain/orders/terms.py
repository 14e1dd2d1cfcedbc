"""What an agreement's file says about orders and reimbursement, read from ``Agreement.document``.

Keys (docs/agreement-format.md): ``[reimbursement]`` ``methods``, ``pricing_rule``,
``in_kind_settlement_months``, ``payment_days``, ``annual_ceiling`` (``amount``, ``currency``,
``year_starts_month``, optional ``debtor``); ``[exclusions]`` ``excluded_categories``,
``excluded_items`` and ``reason``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from relos.domain.agreements import Agreement
from relos.domain.errors import FieldProblem
from relos.domain.ledger.money import Money
from relos.domain.ledger.obligations import ReimbursementMethod
from relos.domain.orders.catalogue import Category

#: Where the agreement names no in-kind period: the family's default (10 U.S.C. 2345: 12 months).
DEFAULT_IN_KIND_MONTHS = 12


@dataclass(frozen=True)
class AnnualCeilingTerm:
    limit: Money
    year_starts_month: int = 1
    debtor: str | None = None


@dataclass(frozen=True)
class OrderTerms:
    """An agreement's order and reimbursement terms."""

    agreement_id: str
    methods: frozenset[ReimbursementMethod]
    pricing_rule: str
    in_kind_months: int
    in_kind_months_stated: bool  # False: the default was applied, the agreement states none
    payment_days: int | None
    excluded_categories: frozenset[Category]
    excluded_items: tuple[str, ...]
    exclusion_reason: str
    ceiling: AnnualCeilingTerm | None

    def exclusion_of(self, *, category: Category, item_code: str, description: str) -> str | None:
        """Why the agreement excludes this item, or None when it does not."""
        why = f" ({self.exclusion_reason})" if self.exclusion_reason else ""
        if category in self.excluded_categories:
            return f"{self.agreement_id} excludes the category {category.value}{why}"
        code = item_code.lower()
        words = " " + re.sub(r"[^a-z0-9]+", " ", description.lower()) + " "
        for excluded in self.excluded_items:
            name = excluded.lower()
            if code == name or re.match(re.escape(name) + r"[/:.\-]", code):
                return f"{self.agreement_id} excludes {excluded} (item code {item_code}){why}"
            if f" {name.replace('_', ' ')} " in words or f" {name.replace('_', ' ')}s " in words:
                return f"{self.agreement_id} excludes {excluded.replace('_', ' ')} ({description!r}){why}"
        return None


def _strings(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def order_terms(agreement: Agreement) -> tuple[OrderTerms, list[FieldProblem]]:
    """The terms the file states (defaults where it is silent) and the problems found in them."""
    doc: Mapping[str, Any] = agreement.document
    reimb: Mapping[str, Any] = doc.get("reimbursement", {}) or {}
    excl: Mapping[str, Any] = doc.get("exclusions", {}) or {}
    problems: list[FieldProblem] = []
    methods: set[ReimbursementMethod] = set()
    for name in _strings(reimb.get("methods", [m.value for m in ReimbursementMethod])):
        try:
            methods.add(ReimbursementMethod(name))
        except ValueError:
            problems.append(
                FieldProblem.of("reimbursement.methods", "unknown_method", "unknown method {name!r}", name=name)
            )
    months_raw = reimb.get("in_kind_settlement_months")
    months = DEFAULT_IN_KIND_MONTHS
    if months_raw is not None:
        if isinstance(months_raw, int) and not isinstance(months_raw, bool) and months_raw > 0:
            months = months_raw
        else:
            problems.append(
                FieldProblem.of(
                    "reimbursement.in_kind_settlement_months", "must_positive_integer", "must be a positive integer"
                )
            )
    days = reimb.get("payment_days")
    if days is not None and (not isinstance(days, int) or days < 0):
        problems.append(
            FieldProblem.of(
                "reimbursement.payment_days", "must_whole_number_days_0_2", "must be a whole number of days ≥ 0"
            )
        )
        days = None
    categories: set[Category] = set()
    for name in _strings(excl.get("excluded_categories", [])):
        try:
            categories.add(Category(name))
        except ValueError:
            problems.append(
                FieldProblem.of(
                    "exclusions.excluded_categories", "unknown_category", "unknown category {name!r}", name=name
                )
            )
    ceiling, ceiling_problems = _ceiling(reimb.get("annual_ceiling"))
    problems.extend(ceiling_problems)
    terms = OrderTerms(
        agreement_id=agreement.id,
        methods=frozenset(methods),
        pricing_rule=str(reimb.get("pricing_rule", "supplier_own_forces_price")),
        in_kind_months=months,
        in_kind_months_stated=months_raw is not None,
        payment_days=days,
        excluded_categories=frozenset(categories),
        excluded_items=tuple(_strings(excl.get("excluded_items", []))),
        exclusion_reason=str(excl.get("reason", "")),
        ceiling=ceiling,
    )
    return terms, problems


def _ceiling(raw: Any) -> tuple[AnnualCeilingTerm | None, list[FieldProblem]]:
    if raw is None:
        return None, []
    field = "reimbursement.annual_ceiling"
    if not isinstance(raw, Mapping):
        return None, [FieldProblem.of(field, "must_table_amount_currency", "must be a table with amount and currency")]
    try:
        limit = Money.of(str(raw.get("amount")), raw.get("currency"), field=f"{field}.amount")
        amount_ok = limit.amount > 0
    except (ValueError, InvalidOperation) as exc:
        return None, [FieldProblem.of(field, "bad_value", "{reason}", reason=str(exc))]
    if not amount_ok:
        return None, [FieldProblem.of(f"{field}.amount", "must_positive", "must be positive")]
    month = raw.get("year_starts_month", 1)
    if not isinstance(month, int) or not 1 <= month <= 12:
        return None, [
            FieldProblem.of(f"{field}.year_starts_month", "must_month_number_1_12", "must be a month number 1-12")
        ]
    debtor = raw.get("debtor")
    return AnnualCeilingTerm(limit=limit, year_starts_month=month, debtor=str(debtor) if debtor else None), []


def parse_decimal(value: object) -> Decimal | None:
    """A Decimal from user input (int, Decimal or decimal string); None when it is not one."""
    if isinstance(value, bool | float):
        return None
    try:
        result = Decimal(str(value).strip()) if isinstance(value, str | int | Decimal) else None
    except InvalidOperation:
        return None
    return result if result is not None and result.is_finite() else None
