"""The ledger's sums `relos check` holds to its rules (relos.services.operations.ports.LedgerIntegrity), taken
straight from the postings: what a write behind the application's back (its triggers dropped) would leave."""

from __future__ import annotations

from sqlalchemy import Engine, case, func, select

from relos.db.tables.ledger import LedgerAccountRow, LedgerPostingRow, LedgerTransactionRow
from relos.services.operations.ports import BalanceMismatch, Unbalanced


class SqlLedgerIntegrity:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def unbalanced(self) -> list[Unbalanced]:
        p, t = LedgerPostingRow, LedgerTransactionRow
        net = func.coalesce(func.sum(p.amount_minor), 0)
        count = func.count(p.id)
        per_currency = (
            select(t.id, func.coalesce(p.currency, ""), net, count)
            .select_from(t)
            .outerjoin(p, p.transaction_id == t.id)
            .group_by(t.id, p.currency)
            .having((net != 0) | (count < 2))
            .order_by(t.recorded_at, t.id)
        )
        per_transaction = select(p.transaction_id).group_by(p.transaction_id).having(func.count(p.id) >= 2)
        with self._engine.connect() as conn:
            several = {row[0] for row in conn.execute(per_transaction)}
            found = []
            for txn, currency, total, postings in conn.execute(per_currency):
                if int(total) != 0 or txn not in several:
                    found.append(Unbalanced(txn, currency, int(total), int(postings)))
        return found

    def balance_mismatches(self) -> list[BalanceMismatch]:
        a, p = LedgerAccountRow, LedgerPostingRow
        stated = func.sum(p.amount_minor)
        own = func.sum(case((p.currency == a.currency, p.amount_minor), else_=0))
        query = (
            select(a.id, a.agreement_id, a.party, a.kind, a.counterparty, a.currency, stated, own)
            .join(p, p.account_id == a.id)
            .group_by(a.id, a.agreement_id, a.party, a.kind, a.counterparty, a.currency)
            .having(stated != own)
            .order_by(a.id)
        )
        with self._engine.connect() as conn:
            return [
                BalanceMismatch(
                    f"{agreement}/{party}/{kind}/{counterparty} (#{account_id})", currency, int(total), int(mine)
                )
                for account_id, agreement, party, kind, counterparty, currency, total, mine in conn.execute(query)
            ]
