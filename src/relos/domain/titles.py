"""Titles of deployments, clearances and support orders: the one line a user reads beside the reference.

A user may choose a title when creating the record (one line of text, at most ``MAX_TITLE`` characters, in
any language); otherwise one is made from what the record says: its lead unit, the place and its dates in
the place's local time, in English — "INS Talwar at Vladivostok, 10–20 Jan 2027". A window is half-open, so
its last day is the day of the last instant before its end.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date, datetime, timedelta, tzinfo

from relos.domain.errors import FieldProblem

#: The longest title, in characters.
MAX_TITLE = 200

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def title_problem(value: object, *, field: str = "title") -> FieldProblem | None:
    """What is wrong with a title a user gave (None, or blank: none chosen, one is made)."""
    if value is None:
        return None
    if not isinstance(value, str):
        return FieldProblem.of(field, "must_text_got", "must be text, got {type}", type=type(value).__name__)
    text = value.strip()
    if len(text) > MAX_TITLE:
        return FieldProblem.of(
            field,
            "most_characters_got_2",
            "at most {MAX_TITLE} characters, got {text_count}",
            MAX_TITLE=MAX_TITLE,
            text_count=len(text),
        )
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in text):
        return FieldProblem.of(
            field, "must_one_line_text_without", "must be one line of text, without control characters"
        )
    return None


def chosen_title(value: object) -> str:
    """The title a user gave, trimmed ("" when none); check it with `title_problem` first."""
    return value.strip() if isinstance(value, str) else ""


def day_text(day: date) -> str:
    """A day as a title writes it: 10 Jan 2027."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def window_text(start: datetime, end: datetime, zone: tzinfo | None = None) -> str:
    """The days of [start, end) in `zone` (default: as given): 10 Jan 2027, 10–20 Jan 2027,
    28 Jan – 3 Feb 2027, 28 Dec 2026 – 3 Jan 2027."""
    last_instant = end - timedelta(microseconds=1) if end > start else start
    first = (start.astimezone(zone) if zone else start).date()
    last = (last_instant.astimezone(zone) if zone else last_instant).date()
    if first == last:
        return day_text(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {_MONTHS[last.month - 1]} {last.year}"
    if first.year == last.year:
        return f"{first.day} {_MONTHS[first.month - 1]} – {day_text(last)}"
    return f"{day_text(first)} – {day_text(last)}"


def lead_and_more(names: Sequence[str]) -> str:
    """The first name, and how many more there are: "INS Talwar and 2 more" ("" when there are none)."""
    given = [n.strip() for n in names if n and n.strip()]
    if not given:
        return ""
    return given[0] if len(given) == 1 else f"{given[0]} and {len(given) - 1} more"


def fitted(text: str) -> str:
    """One line (control characters and runs of spaces made single spaces), cut to MAX_TITLE with "…"."""
    line = " ".join("".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in text).split())
    return line if len(line) <= MAX_TITLE else line[: MAX_TITLE - 1].rstrip() + "…"


def deployment_title(*, ships: Sequence[str], aircraft: Sequence[str], personnel: int, place: str, window: str) -> str:
    """A deployment's: "INS Talwar and 3 more at Vladivostok, 10–20 Jan 2027" — the ships' names, then the
    aircraft's (type and tail number); with neither, the personnel."""
    units = lead_and_more([*ships, *aircraft]) or f"{personnel} personnel"
    return fitted(f"{units} at {place}, {window}")


def port_call_title(*, ships: Sequence[str], place: str, window: str) -> str:
    """A port call's: "Port call of INS Talwar at Vladivostok, 10–20 Jan 2027" (no ship named: "Port call at …")."""
    units = lead_and_more(ships)
    return fitted(f"Port call{f' of {units}' if units else ''} at {place}, {window}")


def flight_title(*, aircraft: Sequence[str], place: str, window: str) -> str:
    """An airspace request's: "Flight of Il-76MD RA-78830 to Chkalovsky, 10–20 Jan 2027" (none named: "Flight to …")."""
    units = lead_and_more(aircraft)
    return fitted(f"Flight{f' of {units}' if units else ''} to {place}, {window}")


def order_title(*, unit: str, items: Sequence[str], place: str, needed_by: date | None) -> str:
    """An order's: "INS Talwar: Diesel fuel and 2 more at Vladivostok, needed by 10 Jan 2027"."""
    what = lead_and_more(items) or "support"
    by = f", needed by {day_text(needed_by)}" if needed_by else ""
    return fitted(f"{unit.strip() or 'Support'}: {what} at {place}{by}")
