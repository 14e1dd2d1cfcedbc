"""The statement's queries over claims: what happened in a period, and what is still open at a
day, aggregated by the database (so a statement reads its period and its open items, not history).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from relos.db.tables.ledger import ConversionRow, InvoiceRow, ObligationRow, PaymentRow, ReversalRow, SatisfactionRow
from relos.domain.ledger.money import Money
from relos.domain.ledger.obligations import InKindSatisfaction, Obligation, ReimbursementMethod
from relos.services.ledger.ports import InvoiceLine, ObligationLine, PaymentLine

Ob, Inv, Pay, Sat, Conv = ObligationRow, InvoiceRow, PaymentRow, SatisfactionRow, ConversionRow


def reversed_by(as_of: date | None) -> Any:
    """A correction cancelled the payment by `as_of` (at any time when None): a payment reversed after the
    statement's day still counts as paid on it, as the ledger's balances on that day say."""
    cond = [ReversalRow.reversed_transaction_id == Pay.transaction_id]
    if as_of is not None:
        cond.append(ReversalRow.reversed_on <= as_of)
    return exists().where(*cond)


OB_COLS = (
    Ob.id,
    Ob.agreement_id,
    Ob.creditor,
    Ob.debtor,
    Ob.method,
    Ob.value_minor,
    Ob.currency,
    Ob.incurred_on,
    Ob.due_on,
)
OB_TAIL = (Ob.delivery_id, Ob.order_id)


def _ob(row: Any) -> Obligation:
    oid, agreement, creditor, debtor, method, minor, cur, incurred, due, delivery, order = row
    return Obligation(
        oid,
        agreement,
        creditor,
        debtor,
        ReimbursementMethod(method),
        Money.from_minor(minor, cur),
        incurred,
        due,
        delivery,
        order,
    )


class ClaimQueries:
    """Mixed into SqlClaimRepository; `_s` is its session."""

    _s: Session

    def period_obligations(self, *, agreement_id: str, start: date, end: date) -> list[ObligationLine]:
        q = select(
            Ob.id,
            Ob.order_id,
            Ob.delivery_id,
            Ob.creditor,
            Ob.debtor,
            Ob.method,
            Ob.value_minor,
            Ob.currency,
            Ob.incurred_on,
            Ob.due_on,
        ).where(Ob.agreement_id == agreement_id, Ob.incurred_on >= start, Ob.incurred_on < end)
        return [ObligationLine(*row) for row in self._s.execute(q.order_by(Ob.incurred_on, Ob.id))]

    def open_in_kind(self, *, agreement_id: str, as_of: date) -> list[tuple[Obligation, int]]:
        """In-kind obligations incurred by `as_of`, not converted by then, with what was satisfied by then."""
        sat = (
            select(Sat.obligation_id, func.sum(Sat.value_minor).label("done"))
            .where(Sat.satisfied_on <= as_of)
            .group_by(Sat.obligation_id)
            .subquery()
        )
        conv = select(Conv.obligation_id).where(Conv.converted_on <= as_of)
        done = func.coalesce(sat.c.done, 0)
        q = (
            select(*OB_COLS, *OB_TAIL, done)
            .outerjoin(sat, sat.c.obligation_id == Ob.id)
            .where(
                Ob.agreement_id == agreement_id,
                Ob.method != ReimbursementMethod.CASH.value,
                Ob.incurred_on <= as_of,
                Ob.id.not_in(conv),
                done < Ob.value_minor,
            )
            .order_by(Ob.incurred_on, Ob.id)
        )
        return [(_ob(r[:-1]), int(r[-1])) for r in self._s.execute(q)]

    def period_invoices(self, *, agreement_id: str, start: date, end: date, as_of: date) -> list[InvoiceLine]:
        # What was paid on each invoice by `as_of` (corrections excluded). PostgreSQL sums the payments
        # once and hash-joins them; SQLite does better with a correlated sum over the covering index.
        cols = (
            Inv.id,
            Inv.order_id,
            Inv.creditor,
            Inv.debtor,
            Inv.issued_on,
            Inv.due_on,
            Inv.amount_minor,
            Inv.currency,
        )
        if self._s.get_bind().dialect.name == "postgresql":
            paid_by = (
                select(Pay.invoice_id, func.sum(Pay.amount_minor).label("paid"))
                .where(Pay.agreement_id == agreement_id, Pay.paid_on <= as_of, ~reversed_by(as_of))
                .group_by(Pay.invoice_id)
                .subquery()
            )
            paid: Any = func.coalesce(paid_by.c.paid, 0)
            base = select(*cols, paid).outerjoin(paid_by, paid_by.c.invoice_id == Inv.id)
        else:
            paid = (
                select(func.coalesce(func.sum(Pay.amount_minor), 0))
                .where(Pay.invoice_id == Inv.id, Pay.paid_on <= as_of, ~reversed_by(as_of))
                .scalar_subquery()
            )
            base = select(*cols, paid)
        base = base.where(Inv.agreement_id == agreement_id)
        older = base.where(Inv.issued_on < start, Inv.amount_minor > paid)
        current = base.where(Inv.issued_on >= start, Inv.issued_on < end)
        rows = list(self._s.execute(older)) + list(self._s.execute(current))
        found = [
            InvoiceLine(i, o, c, d, on, due, minor, cur, int(paid_minor))
            for i, o, c, d, on, due, minor, cur, paid_minor in rows
        ]
        return sorted(found, key=lambda i: (i.issued_on, i.id))

    def period_payments(
        self, *, agreement_id: str, start: date, end: date, as_of: date | None = None
    ) -> list[PaymentLine]:
        reversed_ = reversed_by(as_of)
        q = select(
            Pay.id, Pay.invoice_id, Pay.payer, Pay.payee, Pay.paid_on, Pay.amount_minor, Pay.currency, reversed_
        ).where(Pay.agreement_id == agreement_id, Pay.paid_on >= start, Pay.paid_on < end)
        return [
            PaymentLine(pid, inv, payer, payee, on, minor, cur, bool(rev))
            for pid, inv, payer, payee, on, minor, cur, rev in self._s.execute(q.order_by(Pay.paid_on, Pay.id))
        ]

    def period_satisfactions(self, *, agreement_id: str, start: date, end: date) -> list[InKindSatisfaction]:
        q = (
            select(
                Sat.id, Sat.obligation_id, Sat.delivery_ref, Sat.method, Sat.satisfied_on, Sat.value_minor, Sat.currency
            )
            .join(Ob, Ob.id == Sat.obligation_id)
            .where(Ob.agreement_id == agreement_id, Sat.satisfied_on >= start, Sat.satisfied_on < end)
            .order_by(Sat.satisfied_on, Sat.id)
        )
        return [
            InKindSatisfaction(sid, ob, ref, ReimbursementMethod(m), on, Money.from_minor(minor, cur))
            for sid, ob, ref, m, on, minor, cur in self._s.execute(q)
        ]

    def period_conversions(self, *, agreement_id: str, start: date, end: date) -> dict[str, tuple[date, int]]:
        q = (
            select(Conv.obligation_id, Conv.converted_on, Conv.amount_minor)
            .join(Ob, Ob.id == Conv.obligation_id)
            .where(Ob.agreement_id == agreement_id, Conv.converted_on >= start, Conv.converted_on < end)
        )
        return {ob: (on, int(minor)) for ob, on, minor in self._s.execute(q)}

    def obligation_sums(self, *, agreement_id: str, start: date, end: date) -> list[tuple[str, str, date, int]]:
        """(debtor, currency, day, total minor units) of obligations incurred in [start, end)."""
        q = (
            select(Ob.debtor, Ob.currency, Ob.incurred_on, func.sum(Ob.value_minor))
            .where(Ob.agreement_id == agreement_id, Ob.incurred_on >= start, Ob.incurred_on < end)
            .group_by(Ob.debtor, Ob.currency, Ob.incurred_on)
        )
        return [(d, c, on, int(total)) for d, c, on, total in self._s.execute(q)]
