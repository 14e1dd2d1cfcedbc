"""The catalogue holds what the pages use, in both languages: a key no template or web module uses fails, and
so does a key a page asks for that either language lacks.

A key counts as used when it is written out in a template or web module (`t("presence")`, `"done.submitted"`),
or when one of its leading parts is written out as the start of keys made at run time (`"deployment_status."`,
`f"problem.{code}"`, `t("breach." ~ b.rule)`, `|word("purpose")`, `label_of("particular.", key)`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from relos.web.i18n import CATALOGUE

WEB = Path(__file__).parents[2] / "src" / "relos" / "web"
SOURCES = "\n".join(
    p.read_text(encoding="utf-8") for p in sorted(WEB.rglob("*")) if p.suffix in (".py", ".html") and p.is_file()
)
#: Literal strings of the web layer: every quoted text in a template or module.
LITERALS = set(re.findall(r"""(?<![\w])["']([^"'\n{}]+)["']""", SOURCES))
#: Heads of keys made at run time: a literal ending in "." or "_", an f-string's or a Jinja join's head
#: (`f"error.database_{kind}"`, `"planning.plan_check.download_" ~ fmt`), a kind named as a literal (`"purpose"`).
HEADS = {s for s in LITERALS if s.endswith((".", "_"))}
HEADS |= set(re.findall(r"""f["']([\w.]+[._])\{""", SOURCES))
HEADS |= {f"{s}." for s in LITERALS if re.fullmatch(r"[a-z_]+(\.[a-z_]+)*", s)}
#: Keys a page asks for by name: `t("…")`, `say("…")`, `has("…")`, `Wording("…")`.
ASKED = {k for k in re.findall(r"""\b(?:t|say|has|Wording)\(\s*["']([\w.\-]+)["']""", SOURCES) if k[-1] not in "._"}


def used(key: str) -> bool:
    if key in LITERALS:
        return True
    return any(key.startswith(head) for head in HEADS)


def test_the_scan_finds_keys_used_both_ways() -> None:
    assert used("presence") and used("deployment_status.submitted") and used("problem.taken")
    assert not used("zz.no.such.key")


def test_every_key_of_the_catalogue_is_used() -> None:
    assert sorted(k for k in CATALOGUE["en"] if not used(k)) == []


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_key_a_page_asks_for_is_in_both_languages(lang: str) -> None:
    other = "ru" if lang == "en" else "en"
    assert sorted(k for k in ASKED if k not in CATALOGUE[lang] and k in CATALOGUE[other]) == []
    assert sorted(k for k in CATALOGUE[other] if k not in CATALOGUE[lang]) == []


def test_every_key_a_page_asks_for_exists() -> None:
    assert sorted(k for k in ASKED if k not in CATALOGUE["en"]) == []
