"""Listings that never cut an identifier: what the user reads can be typed back.

A listing names the columns that hold identifiers (record ids, agreement and facility ids, user names).
Those columns never wrap and are as wide as their longest value; the other columns wrap between words to
make room. When the terminal is too narrow for that (an identifier or a word would be cut), each record
is printed as its own block of `column  value` lines instead, so an id is still on one line, whole.
"""

from __future__ import annotations

import io
from collections.abc import Collection

from rich.cells import cell_len
from rich.console import Console, Group
from rich.table import Table

from relos.cli.common import console


def print_listing(table: Table, *, ids: Collection[str]) -> None:
    """Print `table`, keeping whole every value of the columns whose header is in `ids` (and every word of
    the others): as a table when the terminal is wide enough for that, else one block per record."""
    for column in table.columns:
        if str(column.header) in ids:
            column.no_wrap = True
            column.min_width = max((cell_len(str(cell)) for cell in column.cells), default=0) or None
    console.print(table if _keeps_whole(table, ids) else _records(table))


def _keeps_whole(table: Table, ids: Collection[str]) -> bool:
    """Whether `table`, rendered at the console's width, shows each identifier and each word unbroken."""
    probe = Console(file=io.StringIO(), width=console.width, color_system=None, highlight=False)
    probe.print(table)
    text = probe.file.getvalue()  # type: ignore[attr-defined]
    for column in table.columns:
        whole = str(column.header) in ids
        for cell in column.cells:
            value = str(cell)
            if any(part not in text for part in ([value] if whole else value.split())):
                return False
    return True


def _records(table: Table) -> Group:
    """One block per row: each column's header and the row's value, one per line."""
    columns = list(table.columns)
    cells = [list(column.cells) for column in columns]
    blocks: list[Table] = []
    for row in range(table.row_count):
        block = Table.grid(padding=(0, 2))
        block.add_column(style="bold", no_wrap=True)
        block.add_column(overflow="fold")
        for column, values in zip(columns, cells, strict=True):
            block.add_row(str(column.header), values[row] if row < len(values) else "")
        blocks.append(block)
    spaced: list[Table | str] = [str(table.title)] if table.title else []
    for i, block in enumerate(blocks):
        spaced += ([""] if i or spaced else []) + [block]
    return Group(*spaced)
