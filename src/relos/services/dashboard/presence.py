"""Presence against the caps in effect: a visiting party's warships, aircraft and personnel in a host's
territory (services.deployments.presence.timeline: the service decides who sees what) cut into steps where a
total or a cap changes, each beside the cap in effect there — the agreement's, or the one an override in effect
raises (relos.domain.deployments.admission.cap_limits) — and the totals present at one instant."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise

from relos.domain.actor import Actor
from relos.domain.deployments.admission import Limit, iso
from relos.domain.deployments.model import CAP_NAMES
from relos.services.agreements.register import get_agreement
from relos.services.dashboard import results
from relos.services.deployments import presence
from relos.services.deployments import results as deployments
from relos.services.unit_of_work import UnitOfWork


def presence_against_caps(
    uow: UnitOfWork,
    *,
    actor: Actor,
    agreement_id: str,
    host_party: str,
    visiting_party: str,
    start: datetime,
    end: datetime,
    now: datetime,
) -> results.PresenceAgainstCaps:
    """The visiting party's totals over [start, end) beside the caps in effect, and at `now` (which lies in
    the period, or the totals at `now` are read as of its start)."""
    agreement = get_agreement(uow, actor=actor, agreement_id=agreement_id, at=now.date()).agreement
    found = presence.timeline(
        uow, actor=actor, host_party=host_party, visiting_party=visiting_party, start=start, end=end, now=now
    )
    overrides = [
        o
        for o in presence.list_overrides(uow, actor=actor, host_party=host_party, visiting_party=visiting_party)
        if o["in_effect"] and o["agreement_id"] == agreement_id
    ]
    limits = _limits(agreement.caps.as_dict(), overrides)
    mine = found["visiting_parties"].get(visiting_party)
    steps = {name: cap_steps(list(mine[name]) if mine else [], limits[name], start, end) for name in CAP_NAMES}  # type: ignore[literal-required]
    at = now if start <= now < end else start
    return {
        "agreement_id": agreement_id,
        "host_party": host_party,
        "visiting_party": visiting_party,
        "at": iso(at),
        "start": iso(start),
        "end": iso(end),
        "now": [_use(name, steps[name], at) for name in CAP_NAMES],
        "steps": steps,
        "overrides": [
            {
                "id": o["id"],
                "start": o["start"],
                "end": o["end"],
                "warships": o["limits"]["warships"],
                "aircraft": o["limits"]["aircraft"],
                "personnel": o["limits"]["personnel"],
                "reference": o["reference"],
            }
            for o in overrides
            if datetime.fromisoformat(o["start"]) < end and datetime.fromisoformat(o["end"]) > start
        ],
        "breaches": len(found["breaches"]),
    }


def _limits(caps: dict[str, int | None], overrides: list[deployments.CapOverride]) -> dict[str, Limit]:
    return {
        name: Limit(
            name,
            caps[name],
            tuple(
                (datetime.fromisoformat(o["start"]), datetime.fromisoformat(o["end"]), v)
                for o in overrides
                if (v := o["limits"][name]) is not None  # type: ignore[literal-required]
            ),
        )
        for name in CAP_NAMES
    }


def cap_steps(
    steps: list[deployments.PresenceStep], limit: Limit, start: datetime, end: datetime
) -> list[results.CapStep]:
    """[start, end) cut where the total or the limit changes: value, cap in effect, whether an override raises
    it; neighbouring stretches alike are one."""
    edges = {start, end}
    edges |= {t for s in steps for k in ("from", "until") if start < (t := datetime.fromisoformat(s[k])) < end}  # type: ignore[literal-required]
    edges |= {t for a, b, _ in limit.raised for t in (a, b) if start < t < end}
    out: list[results.CapStep] = []
    for a, b in pairwise(sorted(edges)):
        value = next(
            (s["value"] for s in steps if datetime.fromisoformat(s["from"]) <= a < datetime.fromisoformat(s["until"])),
            0,
        )
        cap = limit.at(a)
        raised = any(x <= a < y for x, y, _ in limit.raised)
        if out and (out[-1]["value"], out[-1]["cap"], out[-1]["raised"]) == (value, cap, raised):
            out[-1]["until"] = iso(b)
            continue
        out.append({"from": iso(a), "until": iso(b), "value": value, "cap": cap, "raised": raised})
    return out


def _use(name: str, steps: list[results.CapStep], at: datetime) -> results.CapUse:
    step = next(
        (s for s in steps if datetime.fromisoformat(s["from"]) <= at < datetime.fromisoformat(s["until"])), None
    )
    value = step["value"] if step else 0
    cap = step["cap"] if step else None
    return {
        "name": name,
        "present": value,
        "cap": cap,
        "raised": bool(step and step["raised"]),
        "over": cap is not None and value > cap,
    }


def period_from(now: datetime, days: int) -> tuple[datetime, datetime]:
    """[midnight UTC of `now`'s day, `days` days later)."""
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + timedelta(days=days)
