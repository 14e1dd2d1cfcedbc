"""The reconciliation's storage: the partner's statement digests received and the settlement certificates."""

from __future__ import annotations

import builtins
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from relos.db.tables.settlements import SettlementRow
from relos.services.exchange.ports import KeptSettlement


def _kept(r: SettlementRow) -> KeptSettlement:
    return KeptSettlement(
        r.id, r.kind, r.partner, r.agreement_id, r.period, r.period_start, r.period_end, r.ledger_hash,
        r.signed_by_both, r.body, r.at,
    )  # fmt: skip


class SqlSettlementRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def keep(self, kept: KeptSettlement) -> None:
        if kept.kind == "certificate":
            self._session.execute(
                delete(SettlementRow).where(
                    SettlementRow.kind == "certificate", SettlementRow.agreement_id == kept.agreement_id,
                    SettlementRow.period == kept.period, SettlementRow.ledger_hash == kept.ledger_hash,
                )
            )  # fmt: skip
        self._session.add(
            SettlementRow(
                id=kept.id, kind=kept.kind, partner=kept.partner, agreement_id=kept.agreement_id, period=kept.period,
                period_start=kept.start, period_end=kept.end, ledger_hash=kept.ledger_hash,
                signed_by_both=kept.signed_by_both, body=kept.body, at=kept.at,
            )
        )  # fmt: skip
        self._session.flush()

    def latest(self, kind: str, *, agreement_id: str, period: str) -> KeptSettlement | None:
        row = self._session.execute(
            select(SettlementRow)
            .where(SettlementRow.kind == kind, SettlementRow.agreement_id == agreement_id,
                   SettlementRow.period == period)
            .order_by(SettlementRow.at.desc(), SettlementRow.id.desc())
            .limit(1)
        ).scalar_one_or_none()  # fmt: skip
        return _kept(row) if row is not None else None

    def kept(self, kind: str, agreement_id: str | None = None) -> builtins.list[KeptSettlement]:
        query = select(SettlementRow).where(SettlementRow.kind == kind)
        if agreement_id is not None:
            query = query.where(SettlementRow.agreement_id == agreement_id)
        rows = self._session.execute(query.order_by(SettlementRow.at.desc(), SettlementRow.id.desc())).scalars()
        return [_kept(r) for r in rows]

    def covering(self, agreement_id: str, day: date) -> builtins.list[KeptSettlement]:
        rows = self._session.execute(
            select(SettlementRow).where(
                SettlementRow.kind == "certificate", SettlementRow.signed_by_both.is_(True),
                SettlementRow.agreement_id == agreement_id, SettlementRow.period_start <= day,
                SettlementRow.period_end > day,
            )
        ).scalars()  # fmt: skip
        return [_kept(r) for r in rows]
