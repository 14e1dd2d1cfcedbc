"""A JSON plan's items and the line each starts on, read in one pass (services.deployments.plan_file).

The items are decoded one at a time from the text, so the same pass that decodes an item knows where it began:
reading the whole list first and then again item by item for the lines took twice as long. The grammar is
JSON's (a list, its items separated by commas, nothing after it but whitespace); any fault is reported as
json.loads reports it, with its line.
"""

from __future__ import annotations

import json
import re
from typing import Any

_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class NotAList(ValueError):
    """The text is valid JSON but not a list."""


def list_items(text: str) -> tuple[list[Any], list[int]]:
    """The list's items and each one's first line (1-based). json.JSONDecodeError when the text is not JSON,
    NotAList when it is JSON but not a list."""
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
