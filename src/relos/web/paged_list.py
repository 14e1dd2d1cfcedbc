"""What every list page shares: the sort it is asked for, one page read by keyset (PAGE rows at most; "next"
carries the last row's id, so a row added meanwhile neither shifts a page nor shows twice), a refusal shown on
the page rather than raised, and the same list as CSV in the page's language (every row the filters keep, read
EXPORT_PAGE rows at a time)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from fastapi import Request
from fastapi.responses import Response

from relos.domain.errors import RelosError
from relos.web import session as web
from relos.web.common import MAX_ID, PageError, page_error, render_error
from relos.web.csv_export import keyset_download
from relos.web.i18n import translator
from relos.web.i18n.names import Names

R = TypeVar("R", bound=Mapping[str, Any])
PAGE = 50
EXPORT_PAGE = 500

#: Reads the rows after the one of this id (None: from the first), at most `limit` of them.
Fetch = Callable[[str | None, int], list[R]]


def sort_of(request: Request, sorts: Mapping[str, Any]) -> str:
    """The sort asked for when the page offers it, else its first (the default)."""
    sort = request.query_params.get("sort") or ""
    return sort if sort in sorts else next(iter(sorts))


@dataclass(frozen=True)
class ListPage(Generic[R]):
    """One page of a list: its rows, the id "next" starts after (None: the last page), whether it is a later
    page than the first, and the refusal to show instead of rows."""

    rows: list[R]
    next_after: str | None
    paged: bool
    error: PageError | None

    @property
    def status(self) -> int:
        return self.error.status if self.error else 200


def read_page(request: Request, fetch: Fetch[R], *, page: int = PAGE) -> ListPage[R]:
    """The page the request asks for (`after`), reading one row more than it shows to know if another follows."""
    after = (request.query_params.get("after") or "").strip()[:MAX_ID] or None
    error = None
    try:
        rows = fetch(after, page + 1)
    except RelosError as exc:
        rows, error = [], page_error(exc)
    shown, more = rows[:page], len(rows) > page
    return ListPage(shown, shown[-1]["id"] if more and shown else None, after is not None, error)


@dataclass(frozen=True)
class Words:
    """What a CSV's cells are said in: the reader's language, its translator and the names of records."""

    lang: str
    t: Callable[..., str]
    names: Names


def csv_download(
    request: Request,
    session: web.WebSession,
    filename: str,
    headings: list[str],
    fetch: Fetch[R],
    cells: Callable[[R, Words], list[str]],
    *,
    page: int = EXPORT_PAGE,
) -> Response:
    """Every row the filters keep as CSV: `headings` are catalogue keys, `cells` one row's cells."""
    try:
        first = fetch(None, page)
    except RelosError as exc:
        return render_error(request, session, page_error(exc))
    lang = web.language(request, session)
    words = Words(lang, translator(lang), Names(web.database(request), session.actor, lang))
    return keyset_download(
        filename,
        [words.t(h) for h in headings],
        first,
        lambda last: fetch(last, page),
        lambda row: cells(row, words),
        page=page,
    )
