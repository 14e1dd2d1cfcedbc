"""The Jinja filters every page writes codes, names, dates, numbers and money with, in the page's language:

- ``{{ d.purpose | word("purpose") }}``: a code as its word (`purpose.joint_exercise`); ``words`` for a list;
- ``{{ d.facility_id | facility }}``, ``ship_class``, ``aircraft_type``, ``agreement_name``, ``party``: names;
- ``{{ d.start | date }}``, ``{{ d.start | datetime }}`` (``datetime("Asia/Vladivostok")`` in a zone),
  ``{{ x | number }}``, ``{{ amount | money(currency) }}`` or ``{{ {"amount", "currency"} | money }}``;
- ``{{ v | refusal }}``: a violated rule as its sentence; ``{{ message | say }}``: a `Wording` or text;
- ``{{ c | berth_warning }}``: the clearance's unknown berth fit, once, in the language.

Every value shown empty is "—"."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.runtime import Context

from relos.domain.facilities.model import FitVerdict, berth_fit
from relos.services import locale_format as fmt
from relos.web.i18n import refusals, terms
from relos.web.i18n.page import Page, english, page_of

DASH = "—"


@dataclass(frozen=True)
class Wording:
    """Words a page is to say, chosen before its language is known: a catalogue key and its particulars.
    Outside a page (logs, tests) it reads as English."""

    key: str
    params: dict[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return english().say(self.key, **self.params)

    def said(self, page: Page) -> str:
        return page.say(self.key, **self.params)


@pass_context
def say(ctx: Context, value: object) -> str:
    if isinstance(value, Wording):
        return value.said(page_of(ctx))
    return DASH if value is None else str(value)


@pass_context
def word(ctx: Context, code: object, kind: str) -> str:
    """The word of a code of `kind` (e.g. `purpose`); the code itself when the catalogue has none (a test
    finds those)."""
    if code is None or code == "":
        return DASH
    page = page_of(ctx)
    key = f"{kind}.{code}"
    return page.t(key) if page.has(key) else str(code)


@pass_context
def words(ctx: Context, codes: Iterable[object] | None, kind: str, sep: str = ", ") -> str:
    said = [word(ctx, c, kind) for c in codes or ()]
    return sep.join(said) if said else DASH


@pass_context
def date(ctx: Context, value: Any) -> str:
    return fmt.day(value, page_of(ctx).lang) or DASH


@pass_context
def datetime(ctx: Context, value: Any, zone: str = "UTC", label: bool = True) -> str:
    return fmt.instant(value, page_of(ctx).lang, zone=zone, label=label) or DASH


@pass_context
def number(ctx: Context, value: Any, digits: int | None = None) -> str:
    return fmt.number(value, page_of(ctx).lang, digits=digits) or DASH


@pass_context
def money(ctx: Context, amount: Any, currency: str | None = None) -> str:
    if isinstance(amount, Mapping):
        amount, currency = amount.get("amount"), amount.get("currency")
    if amount is None or amount == "" or not currency:
        return DASH
    return fmt.money(amount, currency, page_of(ctx).lang)


@pass_context
def party(ctx: Context, code: object) -> str:
    return page_of(ctx).names.party(str(code)) if code else DASH


@pass_context
def parties(ctx: Context, codes: Iterable[object] | None, sep: str = " – ") -> str:
    return sep.join(party(ctx, c) for c in codes or ()) or DASH


@pass_context
def facility(ctx: Context, facility_id: object) -> str:
    return page_of(ctx).names.facility(str(facility_id)) if facility_id else DASH


@pass_context
def ship_class(ctx: Context, class_id: object) -> str:
    return page_of(ctx).names.ship_class(str(class_id)) if class_id else DASH


@pass_context
def aircraft_type(ctx: Context, type_id: object) -> str:
    return page_of(ctx).names.aircraft_type(str(type_id)) if type_id else DASH


@pass_context
def agreement_name(ctx: Context, agreement_id: object) -> str:
    return page_of(ctx).names.agreement(str(agreement_id)) if agreement_id else DASH


@pass_context
def refusal(ctx: Context, violation: Mapping[str, object]) -> str:
    return refusals.sentence(violation, page_of(ctx))


@pass_context
def berth_warning(ctx: Context, clearance: Mapping[str, Any]) -> str:
    """One sentence for every ship of a port-call notice whose berth fit the catalogue cannot tell (the
    service's warnings say the same per ship, in English); empty when there is none."""
    page = page_of(ctx)
    place = page.names.facility_record(str(clearance.get("facility_id") or ""))
    port_call = clearance.get("port_call") or {}
    if place is None or not clearance.get("warnings"):
        return ""
    unsure = [
        str(s.get("name") or s.get("hull_number") or "?")
        for s in port_call.get("ships") or ()
        if s.get("length_m") is not None
        and s.get("draught_m") is not None
        and berth_fit(place, length_m=float(s["length_m"]), draught_m=float(s["draught_m"])).verdict
        is FitVerdict.UNKNOWN
    ]
    if not unsure:
        return ""
    missing = {
        "berths": place.berths is None,
        "length": place.berth_max_length_m is None,
        "draught": place.berth_max_draught_m is None,
    }
    unknowns = ", ".join(page.t(f"berth_unknown.{k}") for k, gap in missing.items() if gap)
    return page.say("berth_unknown", ships=", ".join(unsure), facility=page.names.facility(place.id), unknowns=unknowns)


@pass_context
def term_label(ctx: Context, key: str) -> str:
    return terms.term_label(key, page_of(ctx))


@pass_context
def term_value(ctx: Context, value: object, key: str) -> str:
    return terms.term_value(key, value, page_of(ctx))


@pass_context
def notice_terms(ctx: Context, document: Mapping[str, Any], agreement_id: str) -> list[terms.NoticeKind]:
    return terms.notice(agreement_id, document, page_of(ctx))


FILTERS = {
    "say": say,
    "word": word,
    "words": words,
    "date": date,
    "datetime": datetime,
    "number": number,
    "money": money,
    "party": party,
    "parties": parties,
    "facility": facility,
    "ship_class": ship_class,
    "aircraft_type": aircraft_type,
    "agreement_name": agreement_name,
    "refusal": refusal,
    "berth_warning": berth_warning,
    "term_label": term_label,
    "term_value": term_value,
    "notice_terms": notice_terms,
}


def install(env: Environment) -> None:
    env.filters.update(FILTERS)
