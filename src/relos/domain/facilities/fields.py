"""One column of a reference-data file: its type, whether it is required, and the checks on its value.

Cells come from CSV (text) or JSON (text, numbers, lists, booleans, null); both are read the same way.
An empty cell (or null) means unknown. Every problem names the column and the line.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from relos.domain.errors import FieldProblem, Said
from relos.domain.facilities.model import Availability


class ColumnType(StrEnum):
    TEXT = "text"
    INTEGER = "integer"  # a whole number, not negative
    NUMBER = "number"  # a decimal number (float), not negative unless `signed`
    DECIMAL = "decimal"  # an exact decimal (Decimal)
    LIST = "list"  # ';'-separated in CSV, a list in JSON
    AVAILABILITY = "availability"  # yes / no / empty (unknown)


#: A check on a converted value: None when good, else the message.
Check = Callable[[Any], str | None]

_INTEGER = re.compile(r"^[+-]?\d+$")
_AVAILABILITY = {a.value: a for a in Availability}


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType = ColumnType.TEXT
    required: bool = False
    unit: str = ""  # e.g. "metres", for messages and documentation
    signed: bool = False  # may be negative (coordinates)
    choices: tuple[str, ...] = ()  # allowed values (for LIST: allowed items)
    checks: tuple[Check, ...] = ()
    help: str = ""


def is_empty(raw: object) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, list | tuple):
        return len(raw) == 0
    return False


def convert(column: Column, raw: object, *, line: int | None) -> tuple[Any, FieldProblem | None]:
    """The cell's value (None when empty) or the problem with it."""

    def problem(message: str) -> tuple[Any, FieldProblem]:
        return None, FieldProblem(column.name, message, line)

    if is_empty(raw):
        if column.required:
            return problem(Said.of("required_2", "is required"))
        return (() if column.type is ColumnType.LIST else None), None
    value, message = _CONVERTERS[column.type](column, raw)
    if message is not None:
        return problem(message)
    if column.choices:
        items = value if column.type is ColumnType.LIST else (value,)
        for item in items:
            if item not in column.choices:
                return problem(
                    Said.of(
                        "not_one_6", "{item!r} is not one of {choices}", item=item, choices=", ".join(column.choices)
                    )
                )
    for check in column.checks:
        message = check(value)
        if message is not None:
            return problem(message)
    return value, None


def _what(column: Column) -> str:
    return f"a number of {column.unit}" if column.unit else "a number"


def _text(column: Column, raw: object) -> tuple[Any, str | None]:
    if not isinstance(raw, str):
        return None, Said.of("must_text_not_2", "must be text, not {raw!r}", raw=raw)
    return raw.strip(), None


def _integer(column: Column, raw: object) -> tuple[Any, str | None]:
    hint = "; leave it empty if unknown"
    if isinstance(raw, bool):
        return None, Said.of("not_whole_number_2", "{raw!r} is not a whole number{hint}", raw=raw, hint=hint)
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float) and raw.is_integer():
        value = int(raw)
    elif isinstance(raw, str) and _INTEGER.match(raw.strip()):
        value = int(raw.strip())
    else:
        return None, Said.of("not_whole_number_2", "{raw!r} is not a whole number{hint}", raw=raw, hint=hint)
    if value < 0 and not column.signed:
        return None, Said.of("must_not_negative_not", "must not be negative, not {value}", value=value)
    return value, None


def _decimal(raw: object) -> Decimal | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        raw = repr(raw)
    if not isinstance(raw, str):
        return None
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _number(column: Column, raw: object) -> tuple[Any, str | None]:
    value = _decimal(raw)
    if value is None:
        return None, Said.of(
            "not_leave_empty_if_unknown",
            "{raw!r} is not {value}; leave it empty if unknown",
            raw=raw,
            value=_what(column),
        )
    if value < 0 and not column.signed:
        return None, Said.of("must_not_negative_not", "must not be negative, not {value}", value=value)
    number = float(value)
    return (number, None) if math.isfinite(number) else (None, f"{raw!r} is out of range")


def _exact(column: Column, raw: object) -> tuple[Any, str | None]:
    value = _decimal(raw)
    if value is None:
        return None, Said.of("not", "{raw!r} is not {value}", raw=raw, value=_what(column))
    if value < 0 and not column.signed:
        return None, Said.of("must_not_negative_not", "must not be negative, not {value}", value=value)
    return value, None


def _list(column: Column, raw: object) -> tuple[Any, str | None]:
    if isinstance(raw, str):
        return tuple(item.strip() for item in raw.split(";") if item.strip()), None
    if isinstance(raw, list | tuple) and all(isinstance(item, str) for item in raw):
        return tuple(item.strip() for item in raw if item.strip()), None
    return None, Said.of(
        "must_separated_list_json_list", "must be a ';'-separated list (or a JSON list of text), not {raw!r}", raw=raw
    )


def _availability(column: Column, raw: object) -> tuple[Any, str | None]:
    if isinstance(raw, bool):
        return (Availability.YES if raw else Availability.NO), None
    found = _AVAILABILITY.get(raw.strip().lower()) if isinstance(raw, str) else None
    if found is not None:
        return found, None
    return None, Said.of("must_yes_no_empty_when", "{raw!r} must be yes, no, or empty when unknown", raw=raw)


_CONVERTERS: dict[ColumnType, Callable[[Column, object], tuple[Any, str | None]]] = {
    ColumnType.TEXT: _text,
    ColumnType.INTEGER: _integer,
    ColumnType.NUMBER: _number,
    ColumnType.DECIMAL: _exact,
    ColumnType.LIST: _list,
    ColumnType.AVAILABILITY: _availability,
}


def format_cell(column: Column, value: Any) -> str:
    """The CSV text of a value (empty for unknown)."""
    if value is None:
        return ""
    if column.type is ColumnType.LIST:
        return ";".join(value)
    if column.type is ColumnType.AVAILABILITY:
        return "" if value is Availability.UNKNOWN else str(value.value)
    if column.type is ColumnType.NUMBER:
        text = repr(float(value))
        return text[:-2] if text.endswith(".0") else text
    return str(value.value) if isinstance(value, StrEnum) else str(value)


def format_json(column: Column, value: Any) -> Any:
    """The JSON value of a value (null for unknown)."""
    if value is None:
        return None
    if column.type is ColumnType.LIST:
        return list(value)
    if column.type is ColumnType.AVAILABILITY:
        return None if value is Availability.UNKNOWN else str(value.value)
    if column.type is ColumnType.DECIMAL:
        return str(value)
    return str(value.value) if isinstance(value, StrEnum) else value


def names(columns: Sequence[Column]) -> list[str]:
    return [c.name for c in columns]
