"""The page being rendered, as the filters see it: its language, its words and the names of what it shows,
taken from the template's context (`lang`, `request`, `session`, which `render` gives every page) and kept on
the request for the rest of the page. A macro file imported `with context` sees the same."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from relos.web.i18n import CATALOGUE, LANGUAGES, translator
from relos.web.i18n.names import Names


class Lookup(Protocol):
    """A template's context (jinja2.runtime.Context) or any mapping."""

    def get(self, key: str, default: Any = None, /) -> Any: ...


@dataclass(frozen=True)
class Page:
    lang: str
    t: Callable[[str], str]
    names: Names

    def has(self, key: str) -> bool:
        return key in CATALOGUE["en"]

    def say(self, key: str, **params: object) -> str:
        """The word of `key` with its `{placeholders}` filled (already written in the page's language)."""
        return self.t(key).format(**params)


class Wording(str):
    """Words chosen before the page's language is known (e.g. a form's problem): a catalogue key and its
    particulars. As text it is the English; the `say` filter says it in the page's language."""

    key: str
    params: dict[str, object]

    def __new__(cls, key: str, **params: object) -> Wording:
        made = super().__new__(cls, english().say(key, **params))
        made.key, made.params = key, params
        return made

    def said(self, page: Page) -> str:
        return page.say(self.key, **self.params)


def english() -> Page:
    """Outside a page (a test, a log line): English, names as their codes."""
    return Page("en", translator("en"), Names(None, None, "en"))


def page_of(context: Lookup) -> Page:
    """The page a template context renders; one per request and language."""
    lang = context.get("lang")
    if lang not in LANGUAGES:
        return english()
    request = context.get("request")
    state = getattr(request, "state", None)
    kept = getattr(state, "relos_page", None)
    if isinstance(kept, Page) and kept.lang == lang:
        return kept
    session = context.get("session")
    database = getattr(getattr(getattr(request, "app", None), "state", None), "database", None)
    page = Page(lang, translator(lang), Names(database, getattr(session, "actor", None), lang))
    if state is not None:
        state.relos_page = page
    return page
