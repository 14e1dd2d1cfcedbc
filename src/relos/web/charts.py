"""Charts drawn on the server as SVG (no script: they show under the pages' strict CSP): the geometry of a step
chart of a total against the cap in effect (presence) and of bars split by age (the ledger's ageing). Templates
in templates/charts/ draw what these compute; each chart has a title, a description, and the same facts in a
table beside it. Nothing here decides anything: the figures are the services'."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

WIDTH, HEIGHT = 360, 160
LEFT, RIGHT, TOP, BOTTOM = 44, 14, 12, 28
AGEING_WIDTH = 640
AGE_BUCKETS = ("0-30", "31-90", "91-180", "181-365", "over-365")


@dataclass(frozen=True)
class Segment:
    """One step drawn: [x1, x2) at height y, with the figures it stands for."""

    x1: float
    x2: float
    y: float
    start: str
    until: str
    value: int | None


@dataclass(frozen=True)
class StepChart:
    width: int
    height: int
    top: float
    bottom: float
    left: float
    right: float
    maximum: int
    values: tuple[Segment, ...]
    caps: tuple[Segment, ...]
    raised: tuple[Segment, ...]  # the stretches where an override raises the cap (shaded)
    over: tuple[Segment, ...]  # the stretches where the total exceeds its cap
    value_path: str
    cap_path: str
    y_ticks: tuple[tuple[float, int], ...]
    x_ticks: tuple[tuple[float, str], ...]


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text)


def step_chart(steps: Sequence[Mapping[str, Any]], start: str, end: str) -> StepChart:
    """The geometry of a total's steps (`from`, `until`, `value`, `cap`, `raised`) over [start, end)."""
    t0, t1 = _instant(start), _instant(end)
    span = (t1 - t0).total_seconds() or 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    caps: list[int] = [int(s["cap"]) for s in steps if s["cap"] is not None]
    maximum = max([1, *caps, *(int(s["value"]) for s in steps)])

    def x(text: str) -> float:
        return round(LEFT + plot_w * (_instant(text) - t0).total_seconds() / span, 2)

    def y(v: int) -> float:
        return round(TOP + plot_h * (1 - v / maximum), 2)

    values = tuple(
        Segment(x(s["from"]), x(s["until"]), y(s["value"]), s["from"], s["until"], s["value"]) for s in steps
    )
    cap_segments = tuple(
        Segment(x(s["from"]), x(s["until"]), y(s["cap"]), s["from"], s["until"], s["cap"])
        for s in steps
        if s["cap"] is not None
    )
    raised = tuple(
        Segment(x(s["from"]), x(s["until"]), TOP, s["from"], s["until"], s["cap"]) for s in steps if s["raised"]
    )
    over = tuple(
        Segment(x(s["from"]), x(s["until"]), y(s["value"]), s["from"], s["until"], s["value"])
        for s in steps
        if s["cap"] is not None and s["value"] > s["cap"]
    )
    ticks = sorted({0, maximum, *caps})
    days = max(1, round(span / 86_400))
    every = 30 if days > 45 else 7
    x_ticks = tuple(
        (round(LEFT + plot_w * d / days, 2), (t0.date() + timedelta(days=d)).isoformat())
        for d in range(0, days + 1, every)
    )
    return StepChart(
        WIDTH, HEIGHT, TOP, TOP + plot_h, LEFT, LEFT + plot_w, maximum, values, cap_segments, raised, over,
        _path(values), _path(cap_segments), tuple((y(v), v) for v in ticks), x_ticks,
    )  # fmt: skip


def _path(segments: Sequence[Segment]) -> str:
    """A step line through the segments; a gap (no cap there) starts the line afresh."""
    parts: list[str] = []
    last: Segment | None = None
    for s in segments:
        if last is None or last.x2 != s.x1:
            parts.append(f"M{s.x1},{s.y}")
        else:
            parts.append(f"V{s.y}")
        parts.append(f"H{s.x2}")
        last = s
    return " ".join(parts)


@dataclass(frozen=True)
class Bar:
    """One part of an ageing bar: the bucket, its amount, and where it is drawn."""

    bucket: str
    amount: str
    x: float
    width: float


@dataclass(frozen=True)
class AgeingBar:
    debtor: str
    creditor: str
    currency: str
    total: str
    y: float
    parts: tuple[Bar, ...]


@dataclass(frozen=True)
class AgeingChart:
    width: int
    height: int
    left: float
    bar_height: float
    bars: tuple[AgeingBar, ...]
    buckets: tuple[str, ...]


def ageing_chart(rows: Sequence[Mapping[str, Any]]) -> AgeingChart:
    """Each (debtor, creditor, currency) row as a bar the width of its total, split by age; bars in one
    currency share a scale (amounts in different currencies are not compared)."""
    left, bar_h, gap = 150.0, 22.0, 12.0
    plot_w = AGEING_WIDTH - left - RIGHT
    largest: dict[str, Decimal] = {}
    for r in rows:
        largest[r["currency"]] = max(largest.get(r["currency"], Decimal(0)), Decimal(r["total"]))
    bars: list[AgeingBar] = []
    for i, r in enumerate(rows):
        scale = plot_w / float(largest[str(r["currency"])] or 1)
        x, parts = left, []
        for b in AGE_BUCKETS:
            width = round(float(Decimal(r[b])) * scale, 2)
            if width > 0:
                parts.append(Bar(b, r[b], round(x, 2), width))
            x += width
        bars.append(
            AgeingBar(r["debtor"], r["creditor"], r["currency"], r["total"], TOP + i * (bar_h + gap), tuple(parts))
        )
    height = int(TOP + len(rows) * (bar_h + gap) + BOTTOM)
    return AgeingChart(AGEING_WIDTH, height, left, bar_h, tuple(bars), AGE_BUCKETS)
