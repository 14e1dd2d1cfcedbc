"""An agreement's terms as the agreement page says them: the notice each kind of clearance needs (lead time,
channel, and the fields required and on request, by the labels the notice itself uses), and the reimbursement
and exclusion terms with their values in words. Never a dump of keys."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from relos.domain.clearances.terms import PORT_CALL_FIELDS, ClearanceKind, KindTerms, fields_of, notice_terms
from relos.services import locale_format as fmt
from relos.web.i18n.page import Page, english

#: Lists of units in a notice: their fields are said once, "for each ship: …".
GROUPS = ("ships", "aircraft")


@dataclass(frozen=True)
class NoticeKind:
    kind: str
    lead: str
    required: list[str]
    optional: list[str]


def notice(agreement_id: str, document: Mapping[str, Any], page: Page | None = None) -> list[NoticeKind]:
    """Each kind of clearance with its lead time and channel, and the labels of its fields."""
    page = page or english()
    terms, _ = notice_terms(agreement_id, document)
    return [_kind(k, page) for k in (terms.port_call, terms.airspace)]


def _kind(terms: KindTerms, page: Page) -> NoticeKind:
    channel_key = f"channel.{terms.channel}"
    channel = page.t(channel_key) if page.has(channel_key) else terms.channel
    if terms.lead_days is None:
        lead = page.say("notice_no_lead", channel=channel)
    else:
        lead = page.say("notice_lead", days=fmt.number(terms.lead_days, page.lang), channel=channel)
    return NoticeKind(
        terms.kind.value, lead, _labels(terms, terms.required, page), _labels(terms, terms.optional, page)
    )


def _labels(terms: KindTerms, names: tuple[str, ...], page: Page) -> list[str]:
    labels = {**PORT_CALL_FIELDS, **fields_of(terms.kind)}  # a request (pilot, tugs) has its port-call label
    language = 1 if page.lang == "ru" else 0
    said: list[str] = []
    for name in names:
        if "." in name and name.split(".")[0] in GROUPS:
            continue
        said.append(labels[name][language])
        if name in GROUPS:
            each = [labels[n][language] for n in names if n.startswith(name + ".")]
            if each:
                said.append(f"{page.t('notice_each.' + name)}: {' · '.join(each)}")
    return said


UNIT_FIELD = re.compile(r"^(ships|aircraft)\[(\d+)\]\.(\w+)$")


def field_label(path: str, kind: str, page: Page | None = None) -> str:
    """A field of a notice named as the input names it (`port_call.ships[0].draught_m`, `commander.name`) by
    its label in the page's language ("Ship 1: Draught, m"); the path itself when it is not a notice field."""
    page = page or english()
    language = 1 if page.lang == "ru" else 0
    labels = {**PORT_CALL_FIELDS, **fields_of(ClearanceKind(kind))}
    name = path.removeprefix(f"{kind}.")
    unit = UNIT_FIELD.match(name)
    if unit:
        group, index, attr = unit.groups()
        label = labels.get(f"{group}.{attr}")
        number = page.say(f"unit_no.{group}", n=int(index) + 1)
        return f"{number}: {label[language]}" if label else path
    return labels[name][language] if name in labels else path


def term_label(key: str, page: Page | None = None) -> str:
    """The name of a fact of the agreement (a key of its reimbursement, exclusions, sources or unknown tables)."""
    page = page or english()
    word = f"term.{key}"
    if page.has(word):
        return page.t(word)
    if page.has(key):
        return page.t(key)
    return key.replace("_", " ").capitalize()


def term_value(key: str, value: object, page: Page | None = None) -> str:
    """A term's value in words: methods, pricing rule, categories and items by their names, numbers grouped."""
    page = page or english()
    kinds = {"methods": "method", "pricing_rule": "pricing_rule", "excluded_categories": "category"}
    kind = kinds.get(key, "item" if key == "excluded_items" else "")
    if isinstance(value, list | tuple):
        return ", ".join(term_value(key, v, page) for v in value) if value else "—"
    if isinstance(value, Mapping):
        return "; ".join(f"{term_label(k, page)}: {term_value(k, v, page)}" for k, v in value.items())
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, int | float):
        return fmt.number(value, page.lang)
    if kind and page.has(f"{kind}.{value}"):
        return page.t(f"{kind}.{value}")
    if kind == "item":
        return str(value).replace("_", " ")
    return str(value)
