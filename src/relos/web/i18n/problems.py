"""A refusal's line said in the page's language: its stable code (relos.domain.errors) looked up in the catalogue
(`refusal_codes.po`: `problem.<code>`; a ledger rule named as the code: `rule.<code>`), its particulars filled in
the language's way — numbers and money by Babel, days and instants as the page writes them, parties, facilities
and agreements by their names, a status by its word. Without words for the code the service's English stays (a
test finds every code without words)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from relos.services import locale_format as fmt
from relos.web.i18n import CATALOGUE
from relos.web.i18n.page import Page, english

PLACEHOLDER = re.compile(r"\{(\w+)\}")
DAY = re.compile(r"^\d{4}-\d\d-\d\d$")
INSTANT = re.compile(r"^\d{4}-\d\d-\d\d[T ]\d\d:\d\d")
DECIMAL = re.compile(r"^-?\d+\.\d+$")
PARTIES = frozenset(
    {"party", "party2", "host", "host_party", "visiting_party", "requesting_party", "supplying_party", "requesting"}
)
FACILITIES = frozenset({"facility_id", "facility"})
AGREEMENTS = frozenset({"agreement_id", "a_id"})
#: Particulars that are a code of a kind the catalogue has words for (`<kind>.<code>`); a status is said as its
#: record's (`<record>_status.<code>`, the record named in the refusal's code).
CODED = {"category": "category", "method": "method", "purpose": "purpose"}
RECORDS = ("deployment", "clearance", "order")


def key_of(code: str) -> str | None:
    """The catalogue key that says `code`, or None."""
    for key in (f"problem.{code}", f"rule.{code}"):
        if key in CATALOGUE["en"]:
            return key
    return None


def said(code: str, params: Mapping[str, Any], message: str, page: Page | None = None) -> str:
    """The refusal `code` with its `params` in the page's language; `message` (English) when it has no words."""
    page = page or english()
    key = key_of(code)
    if key is None:
        return message
    text = page.t(key)
    try:
        return text.format(**{name: _value(code, name, params.get(name), page) for name in PLACEHOLDER.findall(text)})
    except (KeyError, IndexError, ValueError):
        return message


def field_label(where: str, page: Page | None = None) -> str | None:
    """The field a refusal names (`reason`, `lines[0].unit_price (line 3)`) by its label in the page's language
    (`field.<name>`, else the form's own label `<name>`), or None when the catalogue has none or the page is in
    English (the page shows the field's name as it is)."""
    page = page or english()
    if page.lang == "en":
        return None
    name = where.split(" (", 1)[0]
    for key in (f"field.{name}", name):
        if re.fullmatch(r"[a-z_]+", name) and page.has(key):
            return page.t(key)
    return None


def json_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """The params as they travel in a flash (JSON): numbers stay numbers, days and instants ISO text."""
    out: dict[str, Any] = {}
    for name, value in params.items():
        if value is None or isinstance(value, bool | int | float | str):
            out[name] = value
        elif isinstance(value, datetime | date):
            out[name] = value.isoformat()
        elif isinstance(value, Decimal):
            out[name] = str(value)
        elif isinstance(value, list | tuple | set | frozenset):
            out[name] = ", ".join(str(v) for v in value)
        else:
            out[name] = str(value)
    return out


def _value(code: str, name: str, value: object, page: Page) -> str:
    lang = page.lang
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return page.t("problem.true" if value else "problem.false")
    if isinstance(value, int | float | Decimal):
        return fmt.number(value, lang)
    text = str(value)
    if name in PARTIES and re.fullmatch(r"[A-Z]{3}", text):
        return page.names.party(text)
    if name in FACILITIES:
        return page.names.facility(text)
    if name in AGREEMENTS:
        return page.names.agreement(text)
    if name == "status":
        area = next((a for a in RECORDS if a in code), "")
        for key in (f"{area}_status.{text}", f"status.{text}", text):
            if page.has(key):
                return page.t(key)
    kind = CODED.get(name) or CODED.get(name.rsplit("_", 1)[-1])
    if kind and page.has(f"{kind}.{text}"):
        return page.t(f"{kind}.{text}")
    if page.has(f"particular.{name}.{text}"):
        return page.t(f"particular.{name}.{text}")
    if INSTANT.match(text):
        return fmt.instant(text, lang)
    if DAY.match(text):
        return fmt.day(text, lang)
    if DECIMAL.match(text):
        return fmt.number(text, lang)
    return text
