"""What is recorded as having happened cannot lie in the future.

A deployment's arrival and departure, an order's delivery and receipt, a payment and its reversal, a settlement
in kind, an agreement's signature and the events recorded against it (ratification, entry into force, consent to
an extension, notice of termination, termination by consent, a note) are facts: each is refused (rule
``recorded_in_future``, naming the field) when it lies beyond the present by more than the clock tolerance —
``RELOS_CLOCK_TOLERANCE_MINUTES``, default 5 — which allows for the clocks of two machines that differ a little.
What is planned may lie in the future: a deployment's window, a due date, the day a termination takes effect.

An instant is compared as it is. A fact recorded by its day only (a delivery on 11 January) has no time zone,
so a day counts as begun once it has begun anywhere: at 00:00 in the earliest time zone, UTC+14. A day is
refused while that instant, less the tolerance, is still ahead.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, timezone

from relos.domain.errors import FieldProblem, InvalidInput

#: The rule's name, as a refusal carries it.
RECORDED_IN_FUTURE = "recorded_in_future"
#: How far ahead of this machine's clock a fact may lie (another machine's clock may be a little ahead).
DEFAULT_TOLERANCE = timedelta(minutes=5)
#: The earliest time zone on Earth: a day has begun somewhere once it is 00:00 there.
EARLIEST_ZONE = timezone(timedelta(hours=14))


def day_begins(day: date) -> datetime:
    """The first instant at which `day` is the date somewhere on Earth (00:00 at UTC+14)."""
    return datetime.combine(day, time(0), tzinfo=EARLIEST_ZONE)


def _utc(instant: datetime) -> datetime:
    return instant.replace(tzinfo=UTC) if instant.tzinfo is None else instant.astimezone(UTC)


def _text(instant: datetime) -> str:
    return _utc(instant).isoformat().replace("+00:00", "Z")


def _minutes(tolerance: timedelta) -> str:
    minutes = tolerance.total_seconds() / 60
    return f"{minutes:g} minute" + ("" if minutes == 1 else "s")


def in_future(
    field: str, when: datetime | date, *, now: datetime, tolerance: timedelta = DEFAULT_TOLERANCE
) -> FieldProblem | None:
    """The problem with recording `when` (an instant, or a day) as having happened, seen at `now`: None when it
    has happened (or lies within `tolerance` ahead), else a problem naming `field`, the value given and `now`."""
    now = _utc(now)
    minutes = tolerance.total_seconds() / 60
    if isinstance(when, datetime):
        if _utc(when) - tolerance <= now:
            return None
        return FieldProblem.of(
            field,
            "future_now_what_happened_recorded",
            "{given} is in the future: it is {value} now. What happened is recorded once it has happened (clock "
            "tolerance {value2}); a plan goes in a window or a due date",
            rule=RECORDED_IN_FUTURE,
            given=_text(when),
            value=_text(now),
            value2=_minutes(tolerance),
            minutes=minutes,
        )
    if day_begins(when) - tolerance <= now:
        return None
    return FieldProblem.of(
        field,
        "future_day_not_begun",
        "{given} (a day that has not yet begun anywhere) is in the future: it is {value} now. What happened is "
        "recorded once it has happened (clock tolerance {value2}); a plan goes in a window or a due date",
        rule=RECORDED_IN_FUTURE,
        given=when.isoformat(),
        value=_text(now),
        value2=_minutes(tolerance),
        minutes=minutes,
    )


def refuse_future(
    facts: Iterable[tuple[str, datetime | date | None]],
    *,
    now: datetime,
    tolerance: timedelta = DEFAULT_TOLERANCE,
    source: str | None = None,
) -> None:
    """Raise InvalidInput (rule ``recorded_in_future``) naming every field of `facts` — (field, instant or day;
    None: not given) — that lies in the future at `now`; nothing when all have happened."""
    problems = [
        found
        for field, when in facts
        if when is not None and (found := in_future(field, when, now=now, tolerance=tolerance)) is not None
    ]
    if problems:
        raise InvalidInput(problems, source=source)
