"""The cap check a submitted deployment's page shows beside what an approval would find: for its warships,
aircraft and personnel, the most of the visiting party's forces already in the host's territory at one instant
of its window (approved or arrived, from `services.presence.timeline`), this request, the two together at that
instant, and the cap in effect (the agreement's, or the one an override raises). The request is present over
its whole window, so the most together is the most already there plus the request. It lays out numbers; the
approval is decided by the service (a refused one says why)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from fastapi import Request

from relos.domain.errors import RelosError
from relos.services.agreements.register import list_agreements
from relos.services.deployments import presence
from relos.web import session as web
from relos.web.deployments.presence import TOTALS, step_table


def cap_check(request: Request, session: web.WebSession, d: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per total (warships, aircraft, personnel): present, request, together, cap, over; [] when the
    presence in the window cannot be read for this user."""
    uow = web.database(request).uow
    now = web.clock(request).now()
    agreement = next(
        (
            v.summary()
            for v in list_agreements(uow(), actor=session.actor, at=now.date())
            if v.agreement.id == d["agreement_id"]
        ),
        None,
    )
    if agreement is None:
        return []
    try:
        found = presence.timeline(
            uow(),
            actor=session.actor,
            host_party=d["host_party"],
            visiting_party=d["visiting_party"],
            start=datetime.fromisoformat(d["start"]),
            end=datetime.fromisoformat(d["end"]),
            now=now,
        )
        overrides = presence.list_overrides(
            uow(), actor=session.actor, host_party=d["host_party"], visiting_party=d["visiting_party"]
        )
    except RelosError:
        return []
    rows = step_table(found["visiting_parties"].get(d["visiting_party"], {}), agreement["caps"], overrides)
    out = []
    for name in TOTALS:
        asked = int(d["totals"][name])
        caps = [r[f"{name}_cap"] for r in rows if r[f"{name}_cap"] is not None] or [agreement["caps"].get(name)]
        present = max((r[name] for r in rows), default=0)
        cap = min((c for c in caps if c is not None), default=None)
        over = [r[name] + asked > r[f"{name}_cap"] for r in rows if r[f"{name}_cap"] is not None]
        out.append(
            {
                "name": name,
                "present": present,
                "request": asked,
                "together": present + asked,
                "cap": cap,
                "over": any(over) if rows else cap is not None and asked > cap,
            }
        )
    return out
