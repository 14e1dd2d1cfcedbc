"""Pages of the API's long lists (deployments, clearances, orders, the audit trail): `limit` and `cursor`.

A list answers at most `limit` records (DEFAULT_LIMIT unless given, at most MAX_LIMIT), in its usual order,
as the same JSON array as before. When more follow, the answer carries `Link: <…>; rel="next"` (RFC 8288):
the same request with `cursor` set to the last record's id (the audit trail: `before_seq`). Paging is keyset
paging: a record added meanwhile neither shifts a page nor shows twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, TypeVar

from fastapi import Query, Request, Response

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
T = TypeVar("T")

Limit = Annotated[
    int,
    Query(ge=1, le=MAX_LIMIT, description=f"at most this many records (default {DEFAULT_LIMIT}, at most {MAX_LIMIT})"),
]
Cursor = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9._:-]+$",
        description='where the page starts: the `cursor` of the previous answer\'s `Link: <…>; rel="next"`',
    ),
]
#: The `Link` header as the OpenAPI document describes it, for the operations that page.
PAGED: dict[int | str, dict[str, Any]] = {
    200: {
        "headers": {
            "Link": {
                "description": 'when more records follow: `<URL of the next page>; rel="next"`',
                "schema": {"type": "string"},
            }
        }
    }
}


def page(
    request: Request, response: Response, rows: Sequence[T], limit: int, *, key: str = "id", param: str = "cursor"
) -> list[T]:
    """The first `limit` of `rows` (asked for with one more, to know whether a next page exists); when one does,
    `Link: <…>; rel="next"` with `param` set to the `key` of the last record kept."""
    kept = list(rows[:limit])
    if len(rows) > limit and kept:
        last = kept[-1]
        position = last[key] if isinstance(last, dict) else getattr(last, key)
        following = request.url.remove_query_params([param, "cursor"]).include_query_params(
            **{param: str(position), "limit": str(limit)}
        )
        response.headers["Link"] = f'<{following.path}?{following.query}>; rel="next"'
    return kept
