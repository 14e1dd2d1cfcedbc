"""What a reader sees of a page, and what must not be among it: codes the services return left as they are,
English words of the catalogue on a Russian page, "None", Python's `key=value` and raw JSON."""

from __future__ import annotations

import re
from enum import Enum
from html.parser import HTMLParser

from relos.domain.actor import Role
from relos.domain.agreements import EventKind, Status
from relos.domain.clearances.model import ClearanceStatus
from relos.domain.clearances.terms import ClearanceKind
from relos.domain.deployments.model import DeploymentStatus
from relos.domain.facilities.model import FUEL_TYPES, Availability, FacilityKind
from relos.domain.ledger.accounts import AccountKind
from relos.domain.ledger.obligations import ObligationStatus, ReimbursementMethod
from relos.domain.orders.catalogue import Category
from relos.domain.orders.model import OrderStatus
from relos.web.i18n import CATALOGUE

ENUMS: tuple[type[Enum], ...] = (
    Role,
    EventKind,
    Status,
    ClearanceStatus,
    ClearanceKind,
    DeploymentStatus,
    Availability,
    FacilityKind,
    AccountKind,
    ObligationStatus,
    ReimbursementMethod,
    Category,
    OrderStatus,
)
PURPOSES = ("joint_exercise", "training", "humanitarian_assistance", "disaster_relief", "port_call", "other")
#: Every code a service returns that a page shows (and the agreement file's words for its terms).
CODES = frozenset(
    {str(v.value) for e in ENUMS for v in e}
    | set(PURPOSES)
    | set(FUEL_TYPES)
    | {"diplomatic", "supplier_own_forces_price", "weapon_system", "major_end_item", "guided_missile", "guidance_kit"}
)
#: Latin words a Russian page may carry: names of the agreements, units of measure, time zones.
LATIN_ALLOWED = frozenset({"RELOS", "LEMOA", "UTC", "PDF", "CSV", "JSON", "EN", "RU", "INR", "RUB", "USD"})
URL = re.compile(r"https?://\S+")
PYTHON_KEYWORDS = re.compile(r"\b[a-z_]{2,}=(?:'|\"|\[|\{|\(|\d|None\b|True\b|False\b)")
RAW_JSON = re.compile(r"[\{\[]\s*['\"][\w.]+['\"]\s*:")
NONE = re.compile(r"\bNone\b")


class _Visible(HTMLParser):
    """Text a reader sees; left out: elements in `skip_lang` (English data on a Russian page, marked
    lang="en"), a record's title (`data-title`: named by its author, or made from its data), and
    <script>/<style>/<title>."""

    def __init__(self, skip_lang: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_lang = skip_lang
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "input", "img", "meta", "link", "hr", "rect"):
            return
        foreign = self.skip_lang is not None and ("lang", self.skip_lang) in attrs
        hidden = tag in ("script", "style", "title") or foreign or any(name == "data-title" for name, _ in attrs)
        self.stack.append((tag, hidden or any(h for _, h in self.stack[-1:])))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1][1]):
            self.parts.append(data)


def visible_text(html: str, *, skip_lang: str | None = None) -> str:
    parser = _Visible(skip_lang)
    body = html.split("<body>", 1)[-1]
    parser.feed(body)
    return " ".join(" ".join(parser.parts).split())


def english_phrases() -> list[str]:
    """English words of the catalogue that differ from their Russian, placeholders left out."""
    out: set[str] = set()
    for key, english in CATALOGUE["en"].items():
        if CATALOGUE["ru"].get(key) == english:
            continue
        for piece in re.split(r"\{\w+\}", english):
            piece = piece.strip(" .,:;()–-\"'")
            if len(piece) >= 4 and re.search(r"[A-Za-z]{3}", piece):
                out.add(piece)
    return sorted(out, key=len, reverse=True)


def faults(html: str, lang: str, data: tuple[str, ...] = ()) -> list[str]:
    """What is wrong with a page in `lang`: each fault named with what was found. `data` are texts the test
    typed (a unit's name, an item's description): the same in every language, left out."""
    text = visible_text(html, skip_lang="en" if lang == "ru" else None)
    readable = URL.sub(" ", text)
    for typed in data:
        readable = readable.replace(typed, " ")
    found: list[str] = []
    found += [f"None: …{readable[max(0, m.start() - 40) : m.end() + 20]}…" for m in NONE.finditer(readable)]
    found += [f"key=value: {m.group(0)}" for m in PYTHON_KEYWORDS.finditer(readable)]
    found += [f"raw JSON: {m.group(0)}" for m in RAW_JSON.finditer(readable)]
    tokens = {t.rstrip(".") for t in re.findall(r"[A-Za-z][\w.\-]*", readable)}  # ind.requester is one
    found += [f"code: {c}" for c in sorted(tokens & CODES) if "_" in c or lang == "ru"]
    if lang == "ru":
        for phrase in english_phrases():
            seen = re.search(rf"(?<![\w.]){re.escape(phrase)}(?![\w])", readable)
            if seen:
                found.append(f"English: {phrase} (…{readable[max(0, seen.start() - 40) : seen.end() + 40]}…)")
    return found
