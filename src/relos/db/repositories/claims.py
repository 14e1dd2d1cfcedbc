"""Obligations, in-kind satisfactions, conversions to cash, invoices and payments."""

from __future__ import annotations

import builtins
import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from relos.db.repositories.claim_queries import ClaimQueries
from relos.db.tables.ledger import (
    ConversionRow,
    InvoiceRow,
    ObligationRow,
    PaymentRow,
    ReversalRow,
    SatisfactionRow,
)
from relos.domain.ledger.cash import Invoice, Payment
from relos.domain.ledger.money import Money
from relos.domain.ledger.obligations import InKindSatisfaction, Obligation, ReimbursementMethod


class SqlClaimRepository(ClaimQueries):
    def __init__(self, session: Session) -> None:
        self._s = session

    # -- obligations ---------------------------------------------------------------------------
    def add_obligation(self, obligation: Obligation, *, transaction_id: str) -> None:
        ob = obligation
        self._s.add(
            ObligationRow(
                id=ob.id,
                agreement_id=ob.agreement_id,
                order_id=ob.order_id,
                delivery_id=ob.delivery_id,
                creditor=ob.creditor,
                debtor=ob.debtor,
                method=ob.method.value,
                value_minor=ob.value.to_minor(),
                currency=ob.value.currency,
                incurred_on=ob.incurred_on,
                due_on=ob.due_on,
                transaction_id=transaction_id,
            )
        )
        self._s.flush()

    def obligations(
        self,
        *,
        agreement_id: str | None = None,
        order_id: str | None = None,
        start: date | None = None,
        end: date | None = None,
        in_kind_due_before: date | None = None,
    ) -> builtins.list[Obligation]:
        o = ObligationRow
        filters: list[Any] = []
        if agreement_id is not None:
            filters.append(o.agreement_id == agreement_id)
        if order_id is not None:
            filters.append(o.order_id == order_id)
        if start is not None:
            filters.append(o.incurred_on >= start)
        if end is not None:
            filters.append(o.incurred_on < end)
        if in_kind_due_before is not None:
            filters += [o.method != ReimbursementMethod.CASH.value, o.due_on <= in_kind_due_before]
        rows = self._s.execute(select(o).where(*filters).order_by(o.incurred_on, o.id)).scalars()
        return [_obligation(r) for r in rows]

    def get_obligation(self, obligation_id: str) -> Obligation | None:
        row = self._s.get(ObligationRow, obligation_id)
        return _obligation(row) if row else None

    def add_satisfaction(self, satisfaction: InKindSatisfaction, *, transaction_id: str) -> None:
        sat = satisfaction
        self._s.add(
            SatisfactionRow(
                id=sat.id,
                obligation_id=sat.obligation_id,
                delivery_ref=sat.delivery_id,
                method=sat.method.value,
                satisfied_on=sat.satisfied_on,
                value_minor=sat.value.to_minor(),
                currency=sat.value.currency,
                transaction_id=transaction_id,
            )
        )
        self._s.flush()

    def satisfactions(self, obligation_ids: Iterable[str]) -> builtins.list[InKindSatisfaction]:
        ids = list(obligation_ids)
        found: list[InKindSatisfaction] = []
        for chunk in _chunks(ids):
            rows = self._s.execute(select(SatisfactionRow).where(SatisfactionRow.obligation_id.in_(chunk))).scalars()
            found += [_satisfaction(r) for r in rows]
        return sorted(found, key=lambda s: (s.satisfied_on, s.id))

    def agreement_satisfactions(self, agreement_id: str) -> builtins.list[InKindSatisfaction]:
        rows = self._s.execute(
            select(SatisfactionRow)
            .join(ObligationRow, ObligationRow.id == SatisfactionRow.obligation_id)
            .where(ObligationRow.agreement_id == agreement_id)
            .order_by(SatisfactionRow.satisfied_on, SatisfactionRow.id)
        ).scalars()
        return [_satisfaction(r) for r in rows]

    def agreement_conversions(self, agreement_id: str) -> dict[str, tuple[date, int]]:
        rows = self._s.execute(
            select(ConversionRow)
            .join(ObligationRow, ObligationRow.id == ConversionRow.obligation_id)
            .where(ObligationRow.agreement_id == agreement_id)
        ).scalars()
        return {r.obligation_id: (r.converted_on, r.amount_minor) for r in rows}

    def add_conversion(self, obligation: Obligation, *, on: date, amount_minor: int, transaction_id: str) -> None:
        self._s.add(
            ConversionRow(
                obligation_id=obligation.id,
                converted_on=on,
                amount_minor=amount_minor,
                currency=obligation.value.currency,
                transaction_id=transaction_id,
            )
        )
        self._s.flush()

    def conversions(self, obligation_ids: Iterable[str]) -> dict[str, tuple[date, int]]:
        found: dict[str, tuple[date, int]] = {}
        for chunk in _chunks(list(obligation_ids)):
            rows = self._s.execute(select(ConversionRow).where(ConversionRow.obligation_id.in_(chunk))).scalars()
            found.update({r.obligation_id: (r.converted_on, r.amount_minor) for r in rows})
        return found

    # -- invoices and payments ----------------------------------------------------------------
    def add_invoice(self, invoice: Invoice, *, order_id: str, issued_by: str, transaction_id: str) -> None:
        self._s.add(
            InvoiceRow(
                id=invoice.id,
                agreement_id=invoice.agreement_id,
                order_id=order_id,
                creditor=invoice.creditor,
                debtor=invoice.debtor,
                issued_on=invoice.issued_on,
                due_on=invoice.due_on,
                amount_minor=invoice.amount.to_minor(),
                currency=invoice.amount.currency,
                obligation_ids=json.dumps(list(invoice.obligation_ids)),
                issued_by=issued_by,
                transaction_id=transaction_id,
            )
        )
        self._s.flush()

    def invoices(
        self, *, agreement_id: str | None = None, order_id: str | None = None, end: date | None = None
    ) -> builtins.list[Invoice]:
        i = InvoiceRow
        filters: list[Any] = []
        if agreement_id is not None:
            filters.append(i.agreement_id == agreement_id)
        if order_id is not None:
            filters.append(i.order_id == order_id)
        if end is not None:
            filters.append(i.issued_on < end)
        rows = self._s.execute(select(i).where(*filters).order_by(i.issued_on, i.id)).scalars()
        return [_invoice(r) for r in rows]

    def get_invoice(self, invoice_id: str) -> tuple[Invoice, str] | None:
        row = self._s.get(InvoiceRow, invoice_id)
        return (_invoice(row), row.order_id) if row else None

    def add_payment(
        self, payment: Payment, *, order_id: str, reference: str, recorded_by: str, transaction_id: str
    ) -> None:
        self._s.add(
            PaymentRow(
                id=payment.id,
                agreement_id=payment.agreement_id,
                order_id=order_id,
                invoice_id=payment.invoice_id,
                payer=payment.payer,
                payee=payment.payee,
                paid_on=payment.paid_on,
                amount_minor=payment.amount.to_minor(),
                currency=payment.amount.currency,
                reference=reference,
                recorded_by=recorded_by,
                transaction_id=transaction_id,
            )
        )
        self._s.flush()

    def get_payment(self, payment_id: str) -> tuple[Payment, str, str, bool] | None:
        r = self._s.get(PaymentRow, payment_id)
        if r is None:
            return None
        payment = Payment(
            r.id,
            r.agreement_id,
            r.payer,
            r.payee,
            r.paid_on,
            Money.from_minor(r.amount_minor, r.currency),
            r.invoice_id,
        )
        reversed_ = self._s.get(ReversalRow, r.transaction_id) is not None
        return payment, r.order_id, r.transaction_id, reversed_

    def add_reversal(self, *, reversed_id: str, reversal_id: str, reason: str, on: date, recorded_by: str) -> None:
        self._s.add(
            ReversalRow(
                reversed_transaction_id=reversed_id,
                reversal_transaction_id=reversal_id,
                reason=reason,
                reversed_on=on,
                recorded_by=recorded_by,
            )
        )
        self._s.flush()

    def payments(
        self, *, invoice_ids: Iterable[str] | None = None, agreement_id: str | None = None, end: date | None = None
    ) -> builtins.list[Payment]:
        p = PaymentRow
        filters: list[Any] = [~exists().where(ReversalRow.reversed_transaction_id == p.transaction_id)]
        if agreement_id is not None:
            filters.append(p.agreement_id == agreement_id)
        if end is not None:
            filters.append(p.paid_on < end)
        if invoice_ids is None:
            rows = list(self._s.execute(select(p).where(*filters)).scalars())
        else:
            rows = []
            for chunk in _chunks(list(invoice_ids)):
                rows += list(self._s.execute(select(p).where(p.invoice_id.in_(chunk), *filters)).scalars())
        found = [
            Payment(
                r.id,
                r.agreement_id,
                r.payer,
                r.payee,
                r.paid_on,
                Money.from_minor(r.amount_minor, r.currency),
                r.invoice_id,
            )
            for r in rows
        ]
        return sorted(found, key=lambda x: (x.paid_on, x.id))

    def corrected_payments(self, invoice_id: str) -> builtins.list[tuple[Payment, date]]:
        """The invoice's payments a correction cancelled, each with the correction's day."""
        p, r = PaymentRow, ReversalRow
        q = (
            select(p, r.reversed_on)
            .join(r, r.reversed_transaction_id == p.transaction_id)
            .where(p.invoice_id == invoice_id)
            .order_by(p.paid_on, p.id)
        )
        return [
            (
                Payment(
                    row.id,
                    row.agreement_id,
                    row.payer,
                    row.payee,
                    row.paid_on,
                    Money.from_minor(row.amount_minor, row.currency),
                    row.invoice_id,
                ),
                on,
            )
            for row, on in self._s.execute(q)
        ]


def _chunks(ids: builtins.list[str], size: int = 500) -> Iterable[builtins.list[str]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _obligation(r: ObligationRow) -> Obligation:
    return Obligation(
        id=r.id,
        agreement_id=r.agreement_id,
        creditor=r.creditor,
        debtor=r.debtor,
        method=ReimbursementMethod(r.method),
        value=Money.from_minor(r.value_minor, r.currency),
        incurred_on=r.incurred_on,
        due_on=r.due_on,
        delivery_id=r.delivery_id,
        order_id=r.order_id,
    )


def _invoice(r: InvoiceRow) -> Invoice:
    return Invoice(
        id=r.id,
        agreement_id=r.agreement_id,
        creditor=r.creditor,
        debtor=r.debtor,
        issued_on=r.issued_on,
        due_on=r.due_on,
        amount=Money.from_minor(r.amount_minor, r.currency),
        obligation_ids=tuple(json.loads(r.obligation_ids)),
    )


def _satisfaction(r: SatisfactionRow) -> InKindSatisfaction:
    return InKindSatisfaction(
        r.id,
        r.obligation_id,
        r.delivery_ref,
        ReimbursementMethod(r.method),
        r.satisfied_on,
        Money.from_minor(r.value_minor, r.currency),
    )
