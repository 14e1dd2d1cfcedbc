"""The ledger page's ageing chart: what each debtor owes each creditor on the application's day, per agreement,
by age of the open items (services.dashboard.dues.ageing_by_agreement), with the geometry of its bars
(web/charts.py). Drawn by templates/ledger/_ageing.html beside a table of the same figures."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from relos.services.dashboard.dues import ageing_by_agreement
from relos.web import session as web
from relos.web.charts import ageing_chart


def ledger_ageing(request: Request, session: web.WebSession, agreement_id: str | None = None) -> list[dict[str, Any]]:
    """Each agreement's ageing (only `agreement_id`'s when given) with its chart."""
    found = ageing_by_agreement(
        web.database(request).uow(read_only=True), actor=session.actor, today=web.clock(request).today()
    )
    return [{**a, "chart": ageing_chart(a["rows"])} for a in found if agreement_id in (None, "", a["agreement_id"])]
