"""Keyset paging of a list ordered by (a column, then id): the rows that follow a given row, found by its id."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import BindParameter, ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import InstrumentedAttribute

S = TypeVar("S", bound=Select[Any])


def following(
    query: S,
    column: InstrumentedAttribute[Any] | ColumnElement[Any],
    id_column: InstrumentedAttribute[Any] | ColumnElement[Any],
    after: str | BindParameter[str],
    *,
    descending: bool = False,
) -> S:
    """`query` (ordered by `column` [descending], then `id_column` ascending) cut to the rows after the row whose id
    is `after` (or a bound parameter standing for it, in a statement built once); none when no row has that id."""
    anchor = select(column).where(id_column == after).scalar_subquery()
    beyond = column < anchor if descending else column > anchor
    return query.where(or_(beyond, and_(column == anchor, id_column > after)))
