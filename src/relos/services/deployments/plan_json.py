"""A JSON plan read into a Table (services.deployments.plan_table): its items, their fields column by column, and
the line each item starts on.

A plan as it should be (a list of objects that orjson reads) is read whole by orjson, and the line each object
starts on is found by numpy over the text's bytes: the braces outside strings, at the list's depth (about a
third of the time of decoding item by item). Anything else is read in one pass, item by item: the items are
decoded one at a time from the text, so the same pass that decodes an item knows where it began. The grammar
is JSON's (a list, its items separated by commas, nothing after it but whitespace); any fault is reported as
json.loads reports it, with its line.
"""

from __future__ import annotations

import json
import re
from itertools import chain
from operator import itemgetter
from typing import Any

import numpy as np
import orjson

from relos.domain.errors import InvalidInput
from relos.services.deployments.plan_table import FIELDS, Table

_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class NotAList(ValueError):
    """The text is valid JSON but not a list."""


def json_table(text: str) -> Table:
    """The plan's objects and their FIELDS column by column; InvalidInput naming the line of the first item that
    is not an object or lacks a field (only `facility` may be absent)."""
    try:
        data, lines = list_items(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput.of("json", "not_valid_json", "not valid JSON: {msg}", line=exc.lineno, msg=exc.msg) from None
    except NotAList:
        raise InvalidInput.of("json", "json_plan_list_objects", "a JSON plan is a list of objects", line=1) from None
    columns = _columns(data) if not set(map(type, data)) - {dict} else None
    if columns is None:
        _refuse_first_fault(data, lines)
    assert columns is not None
    return Table(lines, FIELDS, columns, data)


def _columns(items: list[dict[str, Any]]) -> list[list[Any]] | None:
    """Each field's values in item order (an absent facility: None); None when an item lacks another field."""
    columns: list[list[Any]] = []
    for name in FIELDS:
        try:
            columns.append(list(map(itemgetter(name), items)))
        except KeyError:
            if name != "facility":
                return None
            columns.append([item.get(name) for item in items])
    return columns


def _refuse_first_fault(data: list[Any], lines: list[int]) -> None:
    for line, item in zip(lines, data, strict=True):
        if not isinstance(item, dict):
            raise InvalidInput.of(
                "row", "each_item_json_plan_object", "each item of a JSON plan is an object", line=line
            )
        missing = [f for f in FIELDS if f not in item and f != "facility"]
        if missing:
            raise InvalidInput.of(
                "row", "missing_field_s", "missing field(s): {missing}", line=line, missing=", ".join(missing)
            )


def list_items(text: str) -> tuple[list[Any], list[int]]:
    """The list's items and each one's first line (1-based). json.JSONDecodeError when the text is not JSON,
    NotAList when it is JSON but not a list."""
    whole = _list_of_objects(text)
    if whole is not None:
        return whole
    try:
        return _items(text)
    except json.JSONDecodeError:
        json.loads(text)  # the fault as the standard reader words and places it
        raise


def _items(text: str) -> tuple[list[Any], list[int]]:
    pos = _skip(text, 0)
    if not text.startswith("[", pos):
        json.loads(text)  # not JSON: raises; JSON but not a list:
        raise NotAList(text[pos : pos + 20])
    pos = _skip(text, pos + 1)
    items: list[Any] = []
    lines: list[int] = []
    line, counted = 1, 0  # newlines counted up to `counted`: each stretch of the text is counted once
    if not text.startswith("]", pos):
        while True:
            line += text.count("\n", counted, pos)
            counted = pos
            lines.append(line)
            item, pos = _DECODER.raw_decode(text, pos)
            items.append(item)
            pos = _skip(text, pos)
            if text.startswith(",", pos):
                pos = _skip(text, pos + 1)
                continue
            if text.startswith("]", pos):
                break
            raise json.JSONDecodeError("Expecting ',' delimiter", text, pos)
    end = _skip(text, pos + 1)
    if end != len(text):
        raise json.JSONDecodeError("Extra data", text, end)
    return items, lines


def _skip(text: str, pos: int) -> int:
    found = _SPACE.match(text, pos)
    return found.end() if found is not None else pos


def _list_of_objects(text: str) -> tuple[list[Any], list[int]] | None:
    """A list of objects of plain values read whole, with each object's first line; None for anything else
    (read item by item, which also words any fault as json.loads does). orjson refuses some of what json.loads
    reads (NaN, lone surrogates) and reads an integer beyond 64 bits as a float: a plan with a float or a nested
    value anywhere is left to the standard reader, so what is read here is read as json.loads reads it."""
    try:
        items = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None
    if type(items) is not list or set(map(type, items)) - {dict}:
        return None
    if set(map(type, chain.from_iterable(map(dict.values, items)))) - _PLAIN:
        return None
    data = text.encode("utf-8")
    lines = brace_lines(data, len(items))
    if lines is None:
        lines = _object_lines(data)
    return (items, lines) if lines is not None and len(lines) == len(items) else None


_PLAIN = {str, int, bool, type(None)}
_OPEN, _CLOSE, _OPEN_LIST, _CLOSE_LIST = (ord(c) for c in "{}[]")


def brace_lines(data: bytes, count: int) -> list[int] | None:
    """The line (1-based) of each item of a list of `count` objects of plain values, when the text holds no
    other brace (none inside a string: the common case): then every `{` opens an item. None otherwise."""
    if data.count(b"{") != count or data.count(b"}") != count:
        return None
    b = np.frombuffer(data, dtype=np.uint8)
    starts = np.flatnonzero(b == _OPEN)
    lines: list[int] = (np.searchsorted(np.flatnonzero(b == ord("\n")), starts) + 1).tolist()
    return lines


def _object_lines(data: bytes) -> list[int] | None:
    """The line (1-based) of each `{` that opens an item of the outer list of valid JSON `data`.

    The masks over the text reuse two buffers: a fresh one costs more to fault in than to compute."""
    b = np.frombuffer(data, dtype=np.uint8)
    mask, other = np.equal(b, ord('"')), np.empty(len(b), dtype=bool)
    quotes = np.flatnonzero(mask)
    slashes = np.flatnonzero(np.equal(b, ord("\\"), out=other))  # usually none
    before = slashes[b[np.minimum(slashes + 1, len(b) - 1)] == ord('"')] + 1
    escaped = [q for q in before.tolist() if _escaped(data, q)]  # a quote after an odd run of backslashes
    if escaped:
        quotes = np.setdiff1d(quotes, escaped, assume_unique=True)
    np.equal(b, _OPEN, out=mask)
    for bracket in (_CLOSE, _OPEN_LIST, _CLOSE_LIST):
        mask |= np.equal(b, bracket, out=other)
    brackets = np.flatnonzero(mask)
    brackets = brackets[np.searchsorted(quotes, brackets) % 2 == 0]  # an even number of quotes before: not in a string
    kinds = b[brackets]
    if not len(kinds) or kinds[0] != _OPEN_LIST:
        return None
    step = np.where((kinds == _OPEN) | (kinds == _OPEN_LIST), 1, -1).astype(np.int64)
    starts = brackets[(kinds == _OPEN) & (np.cumsum(step) - step == 1)]  # opening an object inside the list
    lines: list[int] = (np.searchsorted(np.flatnonzero(np.equal(b, ord("\n"), out=mask)), starts) + 1).tolist()
    return lines


def _escaped(data: bytes, at: int) -> bool:
    """Whether the quote at `at` follows an odd run of backslashes (inside a string, so escaped)."""
    run = 0
    while at - run - 1 >= 0 and data[at - run - 1] == 0x5C:
        run += 1
    return run % 2 == 1
