"""Every word the pages use exists in English and in Russian."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from relos.domain.agreements import EventKind
from relos.domain.facilities import FacilityKind
from relos.domain.ledger.accounts import AccountKind
from relos.domain.ledger.obligations import ReimbursementMethod
from relos.domain.orders.catalogue import Category
from relos.domain.orders.model import OrderStatus
from relos.web.i18n import CATALOGUE, load_catalogue

TEMPLATES = Path(__file__).parents[2] / "src" / "relos" / "web" / "templates"
LITERAL = re.compile(r"""\bt\("([a-z_.]+)"\)""")


def test_every_english_word_has_its_russian_and_no_more() -> None:
    assert set(CATALOGUE["en"]) == set(CATALOGUE["ru"])
    assert all(CATALOGUE["ru"][k].strip() for k in CATALOGUE["ru"])


def test_every_word_a_template_names_is_in_the_catalogue() -> None:
    used = {key for page in TEMPLATES.rglob("*.html") for key in LITERAL.findall(page.read_text())}
    assert used and used <= set(CATALOGUE["en"]), sorted(used - set(CATALOGUE["en"]))


def test_every_value_of_the_enumerations_shown_has_its_words() -> None:
    prefixes = {
        "order_status.": OrderStatus,
        "method.": ReimbursementMethod,
        "category.": Category,
        "account.": AccountKind,
        "facility_kind.": FacilityKind,
        "event.": EventKind,
    }
    missing = [p + v.value for p, enum in prefixes.items() for v in enum if p + v.value not in CATALOGUE["ru"]]
    assert not missing


def test_the_catalogue_is_read_from_the_po_files_and_a_key_in_two_files_is_refused(tmp_path: Path) -> None:
    for lang in ("en", "ru"):
        folder = tmp_path / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "a.po").write_text('msgid "word"\nmsgstr "one"\n', encoding="utf-8")
    assert load_catalogue(tmp_path)["ru"] == {"word": "one"}
    (tmp_path / "ru" / "LC_MESSAGES" / "b.po").write_text('msgid "word"\nmsgstr "two"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="word"):
        load_catalogue(tmp_path)
