"""The web application's words in English and Russian, and how a page's language is chosen:
`?lang=` (remembered in a cookie), else the user's own setting, else Accept-Language, else English."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from babel.messages.pofile import read_po

LANGUAGES = ("en", "ru")
LANG_COOKIE = "relos_lang"
LOCALE_DIR = Path(__file__).parent.parent / "locale"


def load_catalogue(locale_dir: Path = LOCALE_DIR) -> dict[str, dict[str, str]]:
    """Every `locale/<lang>/LC_MESSAGES/*.po` file read with Babel into one key → text table per language.
    A key in two files of one language is an error: each word lives in one place."""
    catalogue: dict[str, dict[str, str]] = {}
    for language in LANGUAGES:
        words: dict[str, str] = {}
        for po in sorted((locale_dir / language / "LC_MESSAGES").glob("*.po")):
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=language)
            for message in catalog:
                if not message.id or not isinstance(message.id, str) or not isinstance(message.string, str):
                    continue
                if message.id in words:
                    raise ValueError(f"{po.name}: the key {message.id!r} is already in another file")
                words[message.id] = message.string
        catalogue[language] = words
    return catalogue


CATALOGUE: dict[str, dict[str, str]] = load_catalogue()


def translator(language: str) -> Callable[[str], str]:
    """`t(key)`: the word in `language`, falling back to English, then to the key itself."""
    words = CATALOGUE.get(language, CATALOGUE["en"])
    return lambda key: words.get(key) or CATALOGUE["en"].get(key, key)


def from_accept_language(header: str | None) -> str | None:
    """The supported language the browser prefers most (RFC 9110 section 12.5.4 q-values)."""
    if not header:
        return None
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and quality > 0:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else None


def choose_language(*, query: str | None, cookie: str | None, user: str | None, accept: str | None) -> str:
    for candidate in (query, cookie, user):
        if candidate in LANGUAGES:
            return candidate
    return from_accept_language(accept) or "en"
