"""Reading a deployment plan file for `relos plan check` (services.deployments.plan_check): its rows as a Table,
column by column, each row with its line. CSV (a header row) is read here; a JSON list of objects in
services.deployments.plan_json. The fields are those of docs/deployments.md.

A CSV with no quote, no carriage return and every line holding the header's number of cells — the common
case — is cut into cells by two string operations, with no per-row object; anything else is read by the csv
module, row by row, which skips blank lines and names the line of what it cannot read.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from operator import methodcaller
from typing import Any

from relos.domain.errors import InvalidInput

FIELDS = (
    "ref",
    "agreement",
    "visiting_party",
    "host_party",
    "facility",
    "purpose",
    "start",
    "end",
    "warships",
    "aircraft",
    "personnel",
)

_COMMAS = methodcaller("count", ",")


@dataclass(frozen=True)
class Table:
    """The plan's rows as read, column by column: CSV cells under the header (`names`), or the JSON objects'
    FIELDS (an absent field: None) with the objects themselves (`items`); each row with its line."""

    lines: list[int]
    names: tuple[str, ...]
    columns: list[list[Any]]  # one per name, in order; read-only
    items: list[dict[str, Any]] | None = None  # JSON

    def column(self, name: str) -> list[Any]:
        return self.columns[self.names.index(name)] if self.lines else []

    def texts(self, name: str) -> list[str]:
        """The column's cells as stripped texts (a JSON null or absent field: empty)."""
        values = self.column(name)
        if self.items is None or not set(map(type, values)) - {str}:
            return list(map(str.strip, values))
        return [v.strip() if isinstance(v, str) else cell_text(v) for v in values]

    def record(self, i: int) -> Mapping[str, Any]:
        if self.items is not None:
            return self.items[i]
        return dict(zip(self.names, (c[i] for c in self.columns), strict=True))

    def __len__(self) -> int:
        return len(self.lines)


def cell_text(value: object) -> str:
    """A cell as text: stripped, a JSON null as empty."""
    return "" if value is None else str(value).strip()


def read_table(text: str) -> Table:
    """The rows of a CSV (header row) or JSON (a list of objects) plan; InvalidInput naming the line."""
    text = text.lstrip("\ufeff")
    if text.lstrip().startswith("["):
        from relos.services.deployments.plan_json import json_table

        return json_table(text)
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InvalidInput.of("header", "plan_empty", "the plan is empty", line=1) from None
    except csv.Error as exc:
        raise InvalidInput.of(
            "header", "not_readable_csv", "not readable as CSV: {exc}", line=1, exc=str(exc)
        ) from None
    missing = [f for f in FIELDS if f not in header]
    if missing:
        raise InvalidInput.of(
            "header", "missing_column_s", "missing column(s): {missing}", line=1, missing=", ".join(missing)
        )
    return _plain_csv(text, header) or _csv_rows(text, header)


def _plain_csv(text: str, header: list[str]) -> Table | None:
    """The common case: no quote (so no cell across lines), no carriage return, and every line after the header
    holding its number of cells (so no blank line); None for anything else. What the csv module would read."""
    if '"' in text or "\r" in text or "\0" in text:
        return None
    width = len(header)
    body = text.partition("\n")[2]
    body = body.removesuffix("\n")
    rows = body.split("\n") if body else []
    if set(map(_COMMAS, rows)) - {width - 1} or max(map(len, rows), default=0) > csv.field_size_limit():
        return None
    cells = body.replace("\n", ",").split(",") if rows else []
    return Table(list(range(2, 2 + len(rows))), tuple(header), [cells[i::width] for i in range(width)])


def _csv_rows(text: str, header: list[str]) -> Table:
    """Row by row with the csv module: blank lines skipped, each row with the line it starts on."""
    width = len(header)
    lines: list[int] = []
    cells: list[list[str]] = []
    reader = csv.reader(io.StringIO(text))
    next(reader)
    try:
        for row in reader:
            if len(row) != width:
                if not any(c.strip() for c in row):
                    continue
                raise InvalidInput.of(
                    "row",
                    "cells_where_header",
                    "{row_count} cells where the header has {width}",
                    line=reader.line_num,
                    row_count=len(row),
                    width=width,
                )
            lines.append(reader.line_num)
            cells.append(row)
    except csv.Error as exc:
        raise InvalidInput.of(
            "row", "not_readable_csv", "not readable as CSV: {exc}", line=reader.line_num, exc=str(exc)
        ) from None
    columns = [list(c) for c in zip(*cells, strict=True)] if cells else [[] for _ in header]
    return Table(lines, tuple(header), columns)
