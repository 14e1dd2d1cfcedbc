"""Every unit an order may be counted in has its words in English and Russian, in as many forms as the
language's plural categories, and a quantity takes the form its number asks for."""

from __future__ import annotations

from relos.domain.orders.catalogue import UNITS
from relos.web.i18n import CATALOGUE, translator
from relos.web.i18n.names import Names
from relos.web.i18n.page import Page
from relos.web.i18n.units import CATEGORIES, quantity_of, unit_name


def page(lang: str) -> Page:
    return Page(lang, translator(lang), Names(None, None, lang))


def test_every_unit_has_its_forms_in_both_languages() -> None:
    for unit in sorted({u for allowed in UNITS.values() for u in allowed}):
        for lang, categories in CATEGORIES.items():
            text = CATALOGUE[lang].get(f"order_unit.{unit}")
            assert text, (lang, unit)
            assert len(text.split("|")) in (1, len(categories)), (lang, unit, text)
            assert unit not in text.split("|") or lang == "en", (lang, unit)  # Russian never shows the code


def test_a_quantity_takes_the_form_its_number_asks_for() -> None:
    ru, en = page("ru"), page("en")
    assert quantity_of(ru, "1200", "L") == "1\u00a0200\u00a0л"
    assert quantity_of(ru, "1", "bed_night").endswith("койко-ночь")
    assert quantity_of(ru, "3", "bed_night").endswith("койко-ночи")
    assert quantity_of(ru, "5", "bed_night").endswith("койко-ночей")
    assert quantity_of(ru, "1.5", "bed_night").endswith("койко-ночи")
    assert quantity_of(ru, "12.5", "m3") == "12,5\u00a0м³"
    assert quantity_of(en, "1", "trip") == "1\u00a0trip" and quantity_of(en, "2", "trip") == "2\u00a0trips"
    assert unit_name(ru, "t") == "т" and unit_name(en, "m3") == "m³"
    assert quantity_of(ru, "4", "furlong") == "4 furlong"  # a unit no catalogue names: its code
