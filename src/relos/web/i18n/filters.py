"""The Jinja filters every page writes codes, names, dates, numbers and money with, in the page's language:

- ``{{ d.purpose | word("purpose") }}``: a code as its word (`purpose.joint_exercise`); ``words`` for a list;
- ``{{ d.facility_id | facility }}``, ``ship_class``, ``aircraft_type``, ``agreement_name``, ``party``: names;
  ``{{ o.deployment_id | deployment_reference }}``: a deployment by its reference;
- ``{{ d.start | date }}``, ``{{ d.start | datetime }}`` (``datetime("Asia/Vladivostok")`` in a zone),
  ``{{ c.timezone | zone }}`` (a time zone as the language names it),
  ``{{ x | number }}``, ``{{ amount | money(currency) }}`` or ``{{ {"amount", "currency"} | money }}``,
  ``{{ ln.quantity | quantity(ln.unit) }}`` (a quantity ordered with its unit), ``{{ i.unit | unit }}``;
- ``{{ v | refusal }}``: a violated rule as its sentence; ``{{ line | problem }}``: a refusal by its code;
  ``{{ message | say }}``: a `Wording` or text;
- ``{{ c | berth_warning }}``: the clearance's unknown berth fit, once, in the language.

Every value shown empty is "—"."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from relos.domain.facilities.model import FitVerdict, berth_fit
from relos.domain.references import RecordKind
from relos.services import locale_format as fmt
from relos.web.i18n import problems, refusals, terms, titles, units
from relos.web.i18n.page import Page, Wording, page_of

DASH = "—"


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
def zone(ctx: Context, name: Any) -> str:
    return fmt.zone_name(str(name), page_of(ctx).lang) if name else DASH


@pass_context
def number(ctx: Context, value: Any, digits: int | None = None) -> str:
    return fmt.number(value, page_of(ctx).lang, digits=digits) or DASH


@pass_context
def quantity(ctx: Context, value: Any, unit: object) -> str:
    """A quantity ordered with its unit in the language (web/i18n/units.py): `1,200 L`, `1 200 л`."""
    return DASH if value is None or value == "" else units.quantity_of(page_of(ctx), value, unit)


@pass_context
def unit(ctx: Context, code: object) -> str:
    return units.unit_name(page_of(ctx), code) if code else DASH


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


def _english_name(page: Page, name: str, english: str | None) -> str:
    """A name the reference data has only in English, marked so on a page in another language."""
    if page.lang == "en" or english is None or name != english:
        return name
    return Markup('<span lang="en">{}</span>').format(name)


#: The language a facility's local name is written in, by its country (where the catalogue holds such names).
LOCAL_LANGUAGES = {"RUS": "ru", "IND": "hi", "JPN": "ja", "SYR": "ar", "UKR": "uk"}


def local_lang(country: object) -> str:
    """` lang="hi"`: the attribute marking a facility's local name in its country's language ("" when unknown)."""
    code = LOCAL_LANGUAGES.get(str(country))
    return Markup(' lang="{}"').format(code) if code else ""


@pass_context
def english_text(ctx: Context, text: object) -> str:
    """Prose the records hold in English only (a facility's source and notes): marked as English, and said to be
    so on a page in another language rather than passed off as a translation."""
    if text is None or text == "":
        return DASH
    page = page_of(ctx)
    said = Markup('<span lang="en">{}</span>').format(text)
    if page.lang == "en":
        return said
    return said + Markup(' <span class="small muted lang-note">({})</span>').format(page.t("in_english"))


@pass_context
def facility(ctx: Context, facility_id: object) -> str:
    if not facility_id:
        return DASH
    page = page_of(ctx)
    record = page.names.facility_record(str(facility_id))
    return _english_name(page, page.names.facility(str(facility_id)), record.name_en if record else None)


@pass_context
def ship_class(ctx: Context, class_id: object) -> str:
    if not class_id:
        return DASH
    page = page_of(ctx)
    name = page.names.ship_class(str(class_id))
    return _english_name(page, name, name if name != class_id else None)


@pass_context
def aircraft_type(ctx: Context, type_id: object) -> str:
    if not type_id:
        return DASH
    page = page_of(ctx)
    name = page.names.aircraft_type(str(type_id))
    return _english_name(page, name, name if name != type_id else None)


@pass_context
def agreement_name(ctx: Context, agreement_id: object) -> str:
    return page_of(ctx).names.agreement(str(agreement_id)) if agreement_id else DASH


@pass_context
def problem(ctx: Context, line: Any) -> str:
    """A refusal's line (web/refusals.py RefusalLine) said by its code in the page's language."""
    return problems.said(line.code, line.params, line.message, page_of(ctx))


@pass_context
def record_title(ctx: Context, record: Any) -> str:
    """A deployment's, clearance's or order's title in the page's language (web/i18n/titles.py)."""
    return titles.said_title(record, page_of(ctx))


@pass_context
def deployment_reference(ctx: Context, deployment_id: object) -> str:
    """A deployment a record names by its id, said by its reference (RUS-DEP-2027-0014); its id when the reader
    may not see it."""
    if not deployment_id:
        return DASH
    return page_of(ctx).names.record(RecordKind.DEPLOYMENT, str(deployment_id))


@pass_context
def field_label(ctx: Context, where: str) -> str | None:
    return problems.field_label(where, page_of(ctx))


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
        f"{s.get('name')} ({s.get('hull_number')})" if s.get("hull_number") else str(s.get("name") or "?")
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
def notice_field(ctx: Context, path: str, kind: str) -> str:
    return terms.field_label(path, kind, page_of(ctx))


@pass_context
def notice_terms(ctx: Context, notice: Mapping[str, Any], agreement_id: str) -> list[terms.NoticeKind]:
    """The agreement file's `[notice]` table, said per kind of clearance."""
    return terms.notice(agreement_id, {"notice": notice}, page_of(ctx))


@pass_context
def limit_name(ctx: Context, limit: str) -> str:
    """A limit of an admission: a cap (`warships`) or a facility's capacity (`facility:RU-VVO:berths`)."""
    if limit.startswith("facility:") and limit.count(":") == 2:
        _, place, resource = limit.split(":")
        return f"{facility(ctx, place)}: {word(ctx, resource, 'resource')}"
    return word(ctx, limit, "limit")


@pass_context
def audit_action(ctx: Context, action: str) -> str:
    """An audit entry's action (`order.accepted`, `agreement.event.ratification`, `order.signed.IND`,
    `clearance.approved`) in words; the code itself when the catalogue has none."""
    page = page_of(ctx)
    head, _, last = action.rpartition(".")
    if page.has(f"audit.{action}"):
        return page.t(f"audit.{action}")
    if head == "agreement.event":
        return f"{page.t('audit.agreement.event')}: {word(ctx, last, 'event')}"
    if head == "order.signed":
        return f"{page.t('audit.order.signed')} {party(ctx, last)}"
    if last in ("added", "updated") and page.has(f"entity.{head}"):
        return f"{page.t(f'entity.{head}')}: {page.t(f'audit.{last}')}"
    if head == "clearance" and page.has(f"change.{last}"):
        return f"{page.t('audit.clearance')}: {page.t(f'change.{last}')}"
    return action


FILTERS = {
    "audit_action": audit_action,
    "limit_name": limit_name,
    "say": say,
    "word": word,
    "words": words,
    "date": date,
    "datetime": datetime,
    "zone": zone,
    "number": number,
    "money": money,
    "quantity": quantity,
    "unit": unit,
    "party": party,
    "parties": parties,
    "facility": facility,
    "english_text": english_text,
    "local_lang": local_lang,
    "ship_class": ship_class,
    "aircraft_type": aircraft_type,
    "agreement_name": agreement_name,
    "refusal": refusal,
    "problem": problem,
    "record_title": record_title,
    "deployment_reference": deployment_reference,
    "field_label": field_label,
    "berth_warning": berth_warning,
    "term_label": term_label,
    "term_value": term_value,
    "notice_terms": notice_terms,
    "notice_field": notice_field,
}


def install(env: Environment) -> None:
    env.filters.update(FILTERS)
