"""Dates, numbers and money one way per language (services.locale_format); a refusal said as a sentence in
the page's language with its particulars (web/i18n/refusals.py); the agreement's notice terms as labels."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from tests.unit.test_docs_rule_codes import rules_of

from relos.services import locale_format as fmt
from relos.web.i18n import translator
from relos.web.i18n.names import Names
from relos.web.i18n.page import Page
from relos.web.i18n.refusals import has_sentence, sentence
from relos.web.i18n.terms import notice

CAP_REFUSAL = {
    "rule": "warships",
    "message": "warships: 6 at 2027-01-10T00:00:00Z exceeds the limit of 5",
    "limit": "warships",
    "at": "2027-01-10T00:00:00Z",
    "total": 6,
    "max": 5,
}


def page(lang: str) -> Page:
    return Page(lang, translator(lang), Names(None, None, lang))


def test_days_instants_numbers_and_money_in_each_language() -> None:
    assert fmt.day("2027-01-10", "en") == "10 Jan 2027" and fmt.day(date(2027, 1, 10), "ru") == "10.01.2027"
    at = datetime(2027, 1, 10, 14, 30, tzinfo=UTC)
    assert fmt.instant(at, "en") == "10 Jan 2027 14:30 UTC" and fmt.instant(at, "ru") == "10.01.2027 14:30 UTC"
    assert fmt.instant(at, "en", zone="Asia/Vladivostok") == "11 Jan 2027 00:30 Asia/Vladivostok"
    # a Russian page names the zone by its city in Russian and its offset, not by its English IANA name
    assert fmt.instant(at, "ru", zone="Asia/Vladivostok") == "11.01.2027 00:30 Владивосток (UTC+10)"
    assert fmt.zone_name("Asia/Kolkata", "ru", at=at) == "Калькутта (UTC+5:30)" and fmt.zone_name("UTC", "ru") == "UTC"
    assert fmt.number("15572000.00", "en") == "15,572,000.00" and fmt.number(Decimal("124.8"), "ru") == "124,8"
    assert fmt.number(3000, "ru") == "3\u00a0000"
    assert fmt.money("15572000", "INR", "en") == "15,572,000.00\u00a0INR"
    assert fmt.money("15572000", "INR", "ru") == "15\u00a0572\u00a0000,00\u00a0INR"
    assert fmt.money("1200", "JPY", "en") == "1,200\u00a0JPY"  # the currency's own minor units


@pytest.mark.parametrize(
    ("text", "lang"), [("10 Jan 2027", "en"), ("10 january 2027", "en"), ("10.01.2027", "ru"), ("2027-01-10", "ru")]
)
def test_a_day_is_read_back_in_the_languages_pattern_or_iso(text: str, lang: str) -> None:
    assert fmt.parse_day(text, lang) == date(2027, 1, 10)


def test_an_instant_is_read_back_and_nonsense_is_refused() -> None:
    assert fmt.parse_instant("10.01.2027 14:30", "ru") == datetime(2027, 1, 10, 14, 30, tzinfo=UTC)
    assert fmt.parse_instant("2027-01-10T14:30", "en") == datetime(2027, 1, 10, 14, 30, tzinfo=UTC)
    with pytest.raises(ValueError):
        fmt.parse_day("01/10/2027", "en")


def test_the_caps_refusal_is_one_sentence_with_no_doubled_prefix() -> None:
    assert sentence(CAP_REFUSAL, page("en")) == "warships: 6 on 10 Jan 2027 00:00 UTC exceeds the limit of 5"
    assert sentence(CAP_REFUSAL, page("ru")) == "военные корабли: 6 на 10.01.2027 00:00 UTC — больше предела 5"


def test_a_rule_takes_the_variant_its_particulars_fill() -> None:
    order = {"rule": "not_in_force", "agreement_id": "relos-ind-rus", "at": "2026-01-05", "status": "signed"}
    said = sentence(order, page("ru"))
    assert "05.01.2026" in said and "подписано, не вступило в силу" in said
    unknown = {"rule": "something_new", "message": "the service's own words"}
    assert sentence(unknown, page("ru")) == "the service's own words"


def test_every_rule_a_refusal_can_name_has_its_sentence() -> None:
    rules = {r for area in ("deployments", "clearances", "orders") for r in rules_of(area)}
    assert rules and sorted(r for r in rules if not has_sentence(r)) == []


def test_the_notice_terms_are_said_as_labels_not_keys() -> None:
    document = {
        "notice": {
            "port_call_days": 14,
            "port_call_channel": "diplomatic",
            "port_call_required": ["purpose", "start", "end", "ships", "ships.name", "ships.displacement_t"],
        }
    }
    port_call = notice("relos-ind-rus", document, page("ru"))[0]
    assert port_call.lead == "не позднее чем за 14 сут. до начала, через дипломатические каналы"
    assert "Цель захода" in port_call.required
    assert "по каждому кораблю: Название · Водоизмещение, т" in port_call.required
    assert not any("ships." in label or "_" in label for label in port_call.required + port_call.optional)
