"""Dates, times, numbers and money written the way each language writes them (Babel, CLDR data), one way per
language wherever RELOS shows them: pages, notices, statements, PDFs.

- English: ``10 Jan 2027``, ``10 Jan 2027 14:30 UTC``, ``15,572,000.50``, ``15,572,000.50 INR``;
- Russian: ``10.01.2027``, ``10.01.2027 14:30 UTC``, ``15 572 000,50``, ``15 572 000,50 INR``.

Values may come as the objects or as the JSON-ready text use cases return (ISO dates and times, decimal
strings). A day is parsed back from what a person types in the language's own pattern, or in ISO 8601.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time, get_timezone_location
from babel.numbers import format_currency, format_decimal

LANGUAGES = ("en", "ru")
#: Babel's locale for each language.
LOCALES = {"en": "en", "ru": "ru"}
#: A day: English day-month-year with the month's short name (no order to misread), Russian ДД.ММ.ГГГГ.
DAY_PATTERN = {"en": "d MMM y", "ru": "dd.MM.y"}
#: The same patterns for reading back what a person typed (strptime; English month names, any case).
DAY_INPUT = {"en": ("%d %b %Y", "%d %B %Y"), "ru": ("%d.%m.%Y",)}
#: How a day is to be typed, as the form says it.
DAY_HINT = {"en": "10 Jan 2027", "ru": "ДД.ММ.ГГГГ"}
#: Money: grouped digits, the currency's own minor units, then its ISO 4217 code.
MONEY_PATTERN = "#,##0.00\u00a0¤¤"

Day = date | datetime | str
Number = Decimal | int | float | str


def _locale(lang: str) -> str:
    return LOCALES.get(lang, "en")


def as_instant(value: datetime | str) -> datetime:
    """An aware instant from an object or ISO 8601 text (no offset means UTC)."""
    instant = value if isinstance(value, datetime) else datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    return instant if instant.tzinfo else instant.replace(tzinfo=UTC)


def as_day(value: Day) -> date:
    """A calendar day from a date, an instant (its UTC day) or ISO 8601 text."""
    if isinstance(value, datetime):
        return as_instant(value).astimezone(UTC).date()
    if isinstance(value, date):
        return value
    text = value.strip()
    return as_instant(text).astimezone(UTC).date() if "T" in text else date.fromisoformat(text[:10])


def day(value: Day | None, lang: str) -> str:
    """``10 Jan 2027`` / ``10.01.2027``; empty for no value."""
    if value is None or value == "":
        return ""
    return format_date(as_day(value), DAY_PATTERN.get(lang, DAY_PATTERN["en"]), locale=_locale(lang))


def instant(value: datetime | str | None, lang: str, *, zone: str = "UTC", label: bool = True) -> str:
    """``10 Jan 2027 14:30 UTC``: the instant in `zone` (an IANA name; UTC unless told), to the minute, the
    zone named after it unless `label` is false."""
    if value is None or value == "":
        return ""
    local = as_instant(value).astimezone(UTC if zone == "UTC" else ZoneInfo(zone))
    clock = format_time(local.time(), "HH:mm", locale=_locale(lang))
    text = f"{day(local.date(), lang)} {clock}"
    return f"{text} {zone_name(zone, lang, at=local)}" if label else text


def zone_name(zone: str, lang: str, *, at: datetime | None = None) -> str:
    """A time zone as a reader of `lang` knows it: UTC as such; in English its IANA name (``Asia/Vladivostok``);
    otherwise its city in the language and its offset from UTC at `at` (now unless told): ``Владивосток (UTC+10)``."""
    if zone == "UTC" or lang == "en":
        return zone
    place = ZoneInfo(zone)
    offset = (at or datetime.now(UTC)).astimezone(place).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    hours, rest = divmod(abs(minutes), 60)
    sign = "+" if minutes >= 0 else "−"
    shift = f"{sign}{hours}" + (f":{rest:02d}" if rest else "") if minutes else ""
    return f"{get_timezone_location(place, locale=_locale(lang), return_city=True)} (UTC{shift})"


def number(value: Number | None, lang: str, *, digits: int | None = None) -> str:
    """Grouped digits in the language's way; decimals as given (or exactly `digits` of them)."""
    if value is None or value == "":
        return ""
    amount = _decimal(value)
    if digits is not None:
        amount = amount.quantize(Decimal(1).scaleb(-digits))
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(amount, pattern, locale=_locale(lang))
    exponent = amount.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(amount, pattern, locale=_locale(lang), decimal_quantization=False)


def money(amount: Number | None, currency: str, lang: str) -> str:
    """``15,572,000.00 INR`` / ``15 572 000,00 INR``: the currency's own minor units, its ISO code after."""
    if amount is None or amount == "":
        return ""
    return format_currency(_decimal(amount), currency, MONEY_PATTERN, locale=_locale(lang), currency_digits=True)


def parse_day(text: str, lang: str) -> date:
    """A day typed in the language's pattern (``10 Jan 2027``, ``10.01.2027``) or in ISO 8601; ValueError if
    it is neither."""
    cleaned = " ".join(text.split())
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        pass
    for pattern in DAY_INPUT.get(lang, ()) + tuple(p for other in LANGUAGES if other != lang for p in DAY_INPUT[other]):
        try:
            return datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a day ({DAY_HINT.get(lang, DAY_HINT['en'])})")


def parse_instant(text: str, lang: str) -> datetime:
    """An instant typed as a day and a time (``10.01.2027 14:30``; a bare day is midnight) or in ISO 8601;
    no offset means UTC. ValueError if it is neither."""
    cleaned = " ".join(text.replace("UTC", "").split())
    try:
        return as_instant(cleaned.replace(" ", "T", 1) if cleaned[:4].isdigit() else cleaned)
    except ValueError:
        pass
    head, _, clock = cleaned.rpartition(" ")
    if ":" in clock and head:
        at = time.fromisoformat(clock if len(clock) > 4 else "0" + clock)
        return datetime.combine(parse_day(head, lang), at, tzinfo=UTC)
    return datetime.combine(parse_day(cleaned, lang), time(0), tzinfo=UTC)


def _decimal(value: Number) -> Decimal:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 4035.0 from JSON is the whole number 4035
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValueError(f"{value!r} is not a number") from exc
