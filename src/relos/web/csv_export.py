"""The lists' CSV downloads: read a page at a time (keyset), cells quoted as CSV, and a cell a spreadsheet would
run as a formula (one starting with =, +, - or @) prefixed with an apostrophe so that it is shown as text."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

from fastapi.responses import StreamingResponse

from relos.web.common import SECURITY_HEADERS

R = TypeVar("R", bound=Mapping[str, Any])


def csv_line(cells: list[str]) -> str:
    """One CSV line (with its line end) of `cells`, each safe to open in a spreadsheet."""
    out = io.StringIO()
    csv.writer(out).writerow([_safe(c) for c in cells])
    return out.getvalue()


def _safe(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@") else cell


def keyset_download(
    filename: str,
    headings: list[str],
    first: list[R],
    following: Callable[[str], list[R]],
    cells: Callable[[R], list[str]],
    *,
    page: int,
) -> StreamingResponse:
    """A list as a CSV download (`filename`): its headings, then each row's `cells`, read a page at a time: `first`
    (the first `page` rows), then `following(last row's id)` until a page comes back short."""

    def lines() -> Iterator[str]:
        yield "\ufeff" + csv_line(headings)
        rows = first
        while rows:
            yield from (csv_line(cells(row)) for row in rows)
            if len(rows) < page:
                break
            rows = following(rows[-1]["id"])

    response = StreamingResponse(lines(), media_type="text/csv; charset=utf-8")
    response.headers.update(SECURITY_HEADERS)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
