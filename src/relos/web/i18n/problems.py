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

from relos.domain.references import RecordKind
from relos.services import locale_format as fmt
from relos.web.i18n import CATALOGUE, library_texts
from relos.web.i18n.page import Page, english

PLACEHOLDER = re.compile(r"\{(\w+)\}")
PLAIN = re.compile(r"[a-z_]+")
WHOLE = re.compile(r"\((?:syntax|header|row)\)")
ITEM = re.compile(r"([a-z_]+)(?:\[(\d+)\])?")
LINE = re.compile(r"line (\d+)\)")
#: A clearance's kind heading the names of its details (`port_call.ships[0].name`): said by the form already.
KINDS = frozenset({"port_call", "airspace"})
#: Particulars that are a library's own words for why a text could not be read (web/i18n/library_texts.py).
LIBRARY = frozenset({"reason", "exc", "msg", "why"})
#: Particulars that are what the user typed: shown as typed.
TYPED = frozenset({"text"})
DAY = re.compile(r"^\d{4}-\d\d-\d\d$")
INSTANT = re.compile(r"^\d{4}-\d\d-\d\d[T ]\d\d:\d\d")
DECIMAL = re.compile(r"^-?\d+\.\d+$")
MONEY = re.compile(r"^(-?\d+(?:\.\d+)?) ([A-Z]{3})$")
PARTIES = frozenset(
    {"party", "party2", "host", "host_party", "visiting_party", "requesting_party", "supplying_party", "requesting"}
)
FACILITIES = frozenset({"facility_id", "facility"})
AGREEMENTS = frozenset({"agreement_id", "a_id"})
#: Particulars that are a record's id: said by its reference (RUS-ORD-2027-0001).
RECORD_IDS = {
    "order_id": RecordKind.ORDER,
    "deployment_id": RecordKind.DEPLOYMENT,
    "d_id": RecordKind.DEPLOYMENT,
    "clearance_id": RecordKind.CLEARANCE,
    "c_id": RecordKind.CLEARANCE,
}
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
    """The field a refusal names (`reason`, `ships[0].hull_number`, `lines[0].unit_price (line 3)`) in words.
    A plain name by its label in the page's language (`field.<name>`, else the form's own label `<name>`), or None
    when the catalogue has none or the page is in English (the page shows the name as it is). A nested name in
    either language, each part in words — a list's item by its number from 1 (`field_item.<list>`: "ship 1"),
    an item's field by its label (`field.<list>.<name>`, `field.<name>`, `form_field.<name>`), the clearance's
    kind left out — joined as "Ship 1: hull number"; None when a part has no words."""
    page = page or english()
    name, _, rest = where.partition(" (")
    if WHOLE.fullmatch(name):  # the file as a whole: "(syntax) (line 3)"
        if page.lang == "en" or not page.has(f"field.{name[1:-1]}"):
            return None
        return _labelled(page.t(f"field.{name[1:-1]}"), rest, page)
    if PLAIN.fullmatch(name):
        if page.lang == "en":
            return None
        label = next((page.t(key) for key in (f"field.{name}", name) if page.has(key)), None)
        return _labelled(label, rest, page) if label is not None else None
    parts = name.split(".")
    if parts[0] in KINDS:
        parts = parts[1:]
    said: list[str] = []
    parent = ""
    for position, part in enumerate(parts):
        item = ITEM.fullmatch(part)
        if item is None:
            return None
        group, index = item[1], item[2]
        if index is not None:
            keys = [f"field_item.{group}"]
        else:
            keys = [f"field.{parent}.{group}", f"field.{group}", f"form_field.{group}"]
        key = next((k for k in keys if page.has(k)), None)
        if key is None and (index is not None or position == len(parts) - 1):
            return None
        if key is not None:  # else a table that only heads its fields' names (`limits.warships`): unsaid
            said.append(page.say(key, n=int(index) + 1) if index is not None else page.t(key))
        parent = group
    return _labelled(": ".join(said), rest, page)


def _labelled(text: str, rest: str, page: Page) -> str:
    """A field's words as a label (a capital first, as the plain fields' labels are written), with the line of
    the file it was found on when `rest` names one (`line 3)`)."""
    line = LINE.fullmatch(rest)
    said = page.say("field.at_line", field=text, n=fmt.number(int(line[1]), page.lang)) if line else text
    return said[:1].upper() + said[1:]


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
    if name in RECORD_IDS:
        return page.names.record(RECORD_IDS[name], text)
    roles = _roles(value, text, page) if name in ("roles", "known") else None
    if roles is not None:  # role codes ("host_approver, logistics_officer", as a flash carries a list)
        return page.t("said.or").join(roles) if name == "roles" else ", ".join(roles)
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
    if name in LIBRARY:
        return library_texts.said(text, page)
    if name in TYPED:
        return text
    try:
        if INSTANT.match(text):
            return fmt.instant(text, lang)
        if DAY.match(text):
            return fmt.day(text, lang)
        if DECIMAL.match(text):
            return fmt.number(text, lang)
        if money := MONEY.match(text):
            return fmt.money(money[1], money[2], lang)
    except ValueError:  # looks like one but is none (2027-13-01): as it was given
        pass
    return text


def _roles(value: object, text: str, page: Page) -> list[str] | None:
    """The words of a list of roles, or None when it is not one."""
    codes = [str(v) for v in value] if isinstance(value, list | tuple) else text.split(", ")
    if not all(page.has(f"role.{r}") for r in codes):
        return None
    return [page.t(f"role.{r}") for r in codes]
