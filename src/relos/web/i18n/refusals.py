"""A rule a service names in a refusal, said as a sentence in the page's language with its particulars
(`rules.po`: `rule.<code>`, with variants `rule.<code>.<variant>` for rules whose particulars differ by where they
arise; the variant whose placeholders the refusal fills is taken, the fullest first).

The caps (warships, aircraft, personnel) share `rule.cap`; a facility's capacity (`facility:<id>:<resource>`)
`rule.facility_capacity`. A rule without a sentence keeps the service's own message."""

from __future__ import annotations

import re
from collections.abc import Mapping

from relos.domain.deployments.model import CAP_NAMES
from relos.services import locale_format as fmt
from relos.web.i18n import CATALOGUE
from relos.web.i18n.page import Page, english

PLACEHOLDER = re.compile(r"\{(\w+)\}")
INSTANTS = frozenset({"at", "arrived_at", "start", "end", "deadline", "admits_start"})
DAYS = frozenset({"in_force_from", "in_force_until"})
NUMBERS = frozenset({"total", "max", "lead_days", "days_given"})
ORDINALS = frozenset({"ship", "line"})  # zero-based positions in the request; said from 1


def sentence(violation: Mapping[str, object], page: Page | None = None) -> str:
    """The refusal's sentence: `violation` is the rule with its particulars (and the service's `message`)."""
    page = page or english()
    rule = str(violation.get("rule") or violation.get("limit") or "")
    particulars = dict(violation)
    if rule in CAP_NAMES:
        rule, particulars["limit"] = "cap", rule
    elif rule.startswith("facility:") and rule.count(":") == 2:
        _, particulars["facility"], particulars["resource"] = rule.split(":")
        rule = "facility_capacity"
    key = _variant(rule, particulars)
    if key is None:
        return str(violation.get("message", rule))
    values = {name: _said(name, particulars[name], page) for name in PLACEHOLDER.findall(page.t(key))}
    return page.t(key).format(**values)


def has_sentence(rule: str) -> bool:
    if rule in CAP_NAMES or rule.startswith("facility:"):
        return True
    return f"rule.{rule}" in CATALOGUE["en"]


def _variant(rule: str, particulars: Mapping[str, object]) -> str | None:
    keys = [k for k in CATALOGUE["en"] if k == f"rule.{rule}" or k.startswith(f"rule.{rule}.")]
    fitting = [k for k in keys if set(PLACEHOLDER.findall(CATALOGUE["en"][k])) <= particulars.keys()]
    return max(fitting, key=lambda k: len(PLACEHOLDER.findall(CATALOGUE["en"][k])), default=None)


def _said(name: str, value: object, page: Page) -> str:
    lang = page.lang
    if value is None or value == "":
        return "—"
    if name in INSTANTS and isinstance(value, str):
        return fmt.instant(value, lang) if "T" in value else fmt.day(value, lang)
    if name in DAYS and isinstance(value, str):
        return fmt.day(value, lang)
    if name in NUMBERS and isinstance(value, int | float | str):
        return fmt.number(value, lang)
    if name in ORDINALS and isinstance(value, int):
        return str(value + 1)
    if name in ("facility", "facility_id"):
        return page.names.facility(str(value))
    if name == "agreement_id":
        return page.names.agreement(str(value))
    if name == "party":
        return page.names.party(str(value))
    if name in ("limit", "resource", "status"):
        kind = {"status": "status"}.get(name, name)
        key = f"{kind}.{value}"
        return page.t(key) if page.has(key) else str(value)
    return str(value)
