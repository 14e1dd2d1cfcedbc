"""A record's title in the reader's language: a title its creator typed is shown as typed; one RELOS made when
none was chosen (relos.domain.default_titles, stored in English) is made again from the record in the page's
language — its lead unit, the place by its name in that language, its dates written the language's way.

A stored title counts as made by RELOS when it is the English title the record's own parts make (so a title made
before an amendment that changed those parts stays as stored)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from relos.domain import titles
from relos.services import locale_format as fmt
from relos.web.i18n.page import Page

UNIT_WORDS = {"ru": ("{lead} и ещё {more}", "{n} чел.")}


def said_title(record: Mapping[str, Any], page: Page) -> str:
    """The record's title as the page's reader reads it."""
    title = str(record.get("title") or "")
    if page.lang == "en" or not title:
        return title
    try:
        made = _made(record, page)
    except (KeyError, TypeError, ValueError):
        return title
    return made[1] if made is not None and made[0] == title else title


def _made(record: Mapping[str, Any], page: Page) -> tuple[str, str] | None:
    """(the English title RELOS makes of the record, the same in the page's language), or None."""
    facility_id = str(record.get("facility_id") or "")
    facility = page.names.facility_record(facility_id)
    place_en = (facility.name_en if facility else "") or facility_id
    zone = _zone(facility.timezone if facility else "")
    place = page.names.facility(facility_id)
    if "personnel" in record and "ships" in record:
        start, end = _instant(record["start"]), _instant(record["end"])
        ships = [s.get("name") or "" for s in record["ships"]]
        aircraft = [_label(a) for a in record.get("aircraft") or []]
        english = titles.deployment_title(
            ships=ships, aircraft=aircraft, personnel=int(record["personnel"]), place=place_en,
            window=titles.window_text(start, end, *zone),
        )  # fmt: skip
        units = _lead([*ships, *aircraft], page) or UNIT_WORDS["ru"][1].format(n=fmt.number(record["personnel"], "ru"))
        return english, titles.fitted(f"{units} — {place}, {_window(start, end, zone, page)}")
    if record.get("kind") in ("port_call", "airspace"):
        start, end = _instant(record["start"]), _instant(record["end"])
        window_en, window = titles.window_text(start, end, *zone), _window(start, end, zone, page)
        if record["kind"] == "port_call":
            ships = [s.get("name") or "" for s in (record.get("port_call") or {}).get("ships") or []]
            english = titles.port_call_title(ships=ships, place=place_en, window=window_en)
            units = _lead(ships, page)
            return english, titles.fitted(f"Заход в порт{': ' + units if units else ''} — {place}, {window}")
        planes = [_label(a) for a in (record.get("airspace") or {}).get("aircraft") or []]
        english = titles.flight_title(aircraft=planes, place=place_en, window=window_en)
        units = _lead(planes, page)
        return english, titles.fitted(f"Полёт{': ' + units if units else ''} — {place}, {window}")
    if "requesting_unit" in record and any(isinstance(record.get(k), list) for k in ("lines", "items")):
        if isinstance(record.get("lines"), list):  # an order
            items = [ln.get("description") or ln.get("item_code") or "" for ln in record["lines"]]
        else:  # an order as the list shows it
            items = [str(i) for i in record["items"]]
        needed = record.get("needed_by")
        needed_by = date.fromisoformat(needed) if needed else None
        english = titles.order_title(unit=record["requesting_unit"], items=items, place=place_en, needed_by=needed_by)
        unit = str(record["requesting_unit"]).strip() or "Обеспечение"
        what = _lead(items, page) or "обеспечение"
        by = f", к {fmt.day(needed_by, page.lang)}" if needed_by else ""
        return english, titles.fitted(f"{unit}: {what} — {place}{by}")
    return None


def _lead(names: Sequence[str], page: Page) -> str:
    given = [n.strip() for n in names if n and n.strip()]
    if not given:
        return ""
    return given[0] if len(given) == 1 else UNIT_WORDS["ru"][0].format(lead=given[0], more=len(given) - 1)


def _label(aircraft: Mapping[str, Any]) -> str:
    return " ".join(str(p) for p in (aircraft.get("type"), aircraft.get("tail_number")) if p)


def _instant(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def _zone(name: str) -> tuple[tzinfo, ...]:
    try:
        return (ZoneInfo(name),) if name else ()
    except (ZoneInfoNotFoundError, ValueError):
        return ()


def _window(start: datetime, end: datetime, zone: tuple[tzinfo, ...], page: Page) -> str:
    """The days of [start, end) in the place's time zone, the language's way: 10.01.2027 – 20.01.2027."""
    last_instant = end - timedelta(microseconds=1) if end > start else start
    first, last = (
        (start.astimezone(*zone) if zone else start).date(),
        (last_instant.astimezone(*zone) if zone else last_instant).date(),
    )
    if first == last:
        return fmt.day(first, page.lang)
    return f"{fmt.day(first, page.lang)} – {fmt.day(last, page.lang)}"
