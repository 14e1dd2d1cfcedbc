"""A uniform plan read column-wise straight from its bytes (services.deployments.plan_check): the common case,
read with no Python object per row but the texts that the verdicts carry.

Uniform means: a CSV with no quote, no carriage return, no NUL and every line holding the header's number of
cells (what services.deployments.plan_table cuts by string operations); or a JSON list of objects that all hold
the same keys in the same order, each value a string without escapes or control characters, or a plain
non-negative integer, the same kind for a key in every object, with no brace inside a string. The cells'
places in the bytes are found by numpy (plan_cells reads them). Anything else, or a plan the column-wise
checks of services.deployments.plan_columns do not take, gives None: the plan is then read as before
(plan_table, plan_json, plan_columns, plan_rows), which also words every fault, so the outcome is the same.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

import numpy as np
import orjson

from relos.domain.deployments.model import CAP_NAMES
from relos.services.deployments import plan_cells
from relos.services.deployments.inputs import MAX_COUNT
from relos.services.deployments.plan_cells import At, Bytes, Ints
from relos.services.deployments.plan_columns import TEXT_FIELDS, Columns, Kind, checked_columns
from relos.services.deployments.plan_rows import Catalogue
from relos.services.deployments.plan_table import FIELDS

_JSON_SPACE = b" \t\n\r"
_WIDEST_GAP = 64  # between a number's key and the next string: wider, the reading as before
_LARGEST = 2**31  # bytes: positions are held in 32 bits


@dataclass(frozen=True)
class Cells:
    """Where each field's cells lie in `buf` (start, end), per row; the row's line; JSON fields whose values
    are all plain integers (`numbers`, their values)."""

    buf: Bytes
    lines: list[int]
    spans: dict[str, tuple[At, At]]
    numbers: dict[str, Ints]

    def columns(self, known: Catalogue) -> Columns | None:
        if any(name in self.numbers for name in (*TEXT_FIELDS, "start", "end")):
            return None  # a number where a text is due: the reading as before refuses or takes it
        buf, spans = self.buf, self.spans
        refs = [t.strip() for t in plan_cells.texts(buf, *spans["ref"])]
        found, kind = plan_cells.kinds([plan_cells.categories(buf, *spans[name]) for name in TEXT_FIELDS[1:]])
        kinds = [Kind(*k) for k in found]
        starts, ends = plan_cells.instants(buf, *spans["start"]), plan_cells.instants(buf, *spans["end"])
        counts = [self._counts(name) for name in CAP_NAMES]
        return checked_columns(known, self.lines, refs, kinds, kind, starts, ends, counts)

    def _counts(self, name: str) -> Ints | None:
        if name not in self.numbers:
            return plan_cells.counts(self.buf, *self.spans[name])
        found = self.numbers[name]
        return None if (found > MAX_COUNT).any() else found


def uniform_columns(text: str, known: Catalogue) -> Columns | None:
    """The plan's columns when it is uniform and every row well formed; None otherwise."""
    text = text.lstrip("\ufeff")
    try:
        cells = json_cells(text) if text.lstrip().startswith("[") else csv_cells(text)
    except UnicodeEncodeError:  # a lone surrogate: read as before
        return None
    return cells.columns(known) if cells is not None else None


def csv_cells(text: str) -> Cells | None:
    """The cells of a plain CSV (as plan_table's plain reading takes it), with at least one row; else None."""
    if '"' in text or "\r" in text or "\0" in text:
        return None
    head = text.partition("\n")[0]
    header = [h.strip() for h in head.split(",")]
    if any(f not in header for f in FIELDS):
        return None
    data = text.encode("utf-8")
    end = len(data) - 1 if data.endswith(b"\n") else len(data)  # one final line break ends the last row
    buf = np.frombuffer(data, dtype=np.uint8)[len(head.encode("utf-8")) + 1 : end]
    width = len(header)
    if not len(buf) or len(data) >= _LARGEST:
        return None
    breaks = plan_cells.positions(buf, ord(","), ord("\n"))
    n = (len(breaks) + 1) // width
    line_ends = breaks[width - 1 :: width]
    if len(breaks) != n * width - 1 or not (buf[line_ends] == ord("\n")).all():
        return None  # a line without the header's number of cells
    if np.count_nonzero(buf[breaks] == ord("\n")) != n - 1:
        return None
    if int(np.diff(line_ends, prepend=-1, append=len(buf)).max()) - 1 > csv.field_size_limit():
        return None
    starts, ends = np.empty(n * width, dtype=np.int32), np.empty(n * width, dtype=np.int32)
    starts[0], starts[1:], ends[:-1], ends[-1] = 0, breaks + 1, breaks, len(buf)
    spans = {
        f: (
            np.ascontiguousarray(starts[header.index(f) :: width]),
            np.ascontiguousarray(ends[header.index(f) :: width]),
        )
        for f in FIELDS
    }
    return Cells(buf, list(range(2, 2 + n)), spans, {})


def json_cells(text: str) -> Cells | None:
    """The cells of a uniform JSON list of objects (see the module's docstring); else None."""
    data = text.encode("utf-8")
    if b"\\" in data or len(data) >= _LARGEST:
        return None
    compact = data.translate(None, _JSON_SPACE)
    c = np.frombuffer(compact, dtype=np.uint8)
    if len(c) < 4 or compact[:2] != b"[{" or compact[-2:] != b"}]" or plan_cells.any_below(c, 0x20):
        return None
    first_end = compact.find(b"}") + 1
    try:
        first = orjson.loads(compact[1:first_end])
    except orjson.JSONDecodeError:
        return None
    if type(first) is not dict or not first or any(type(v) not in (str, int) for v in first.values()):
        return None
    keys, is_text = list(first), [type(v) is str for v in first.values()]
    if not set(FIELDS) <= set(keys):
        return None
    per = len(keys) + sum(is_text)  # strings per object
    quotes = plan_cells.positions(c, ord('"'))
    if compact.count(b'"', 1, first_end) != 2 * per or len(quotes) % (2 * per):
        return None  # a key twice in the first object, or objects of other shapes
    n = len(quotes) // (2 * per)
    opens, closes = (np.ascontiguousarray(quotes[k::2].reshape(n, per).T) for k in (0, 1))  # string by string
    b = np.frombuffer(data, dtype=np.uint8)
    original = plan_cells.positions(b, ord('"'))
    if int((original[1::2] - original[0::2]).sum()) != int((closes - opens).sum()):
        return None  # a space inside a string: its texts are not those of the compact form
    found = _fields(c, opens, closes, keys, is_text)
    if found is None:
        return None
    spans, numbers = found
    if not _numbers_whole(b, original, keys, is_text, numbers):
        return None
    braces = plan_cells.positions(b, ord("{"))
    if len(braces) != n:  # a brace inside a string: the lines are found as before
        return None
    lines: list[int] = (np.searchsorted(plan_cells.positions(b, ord("\n")), braces) + 1).tolist()
    return Cells(c, lines, {f: spans[f] for f in FIELDS}, {k: v for k, v in numbers.items() if k in FIELDS})


def _fields(
    c: Bytes, opens: At, closes: At, keys: list[str], is_text: list[bool]
) -> tuple[dict[str, tuple[At, At]], dict[str, Ints]] | None:
    """Each key's value spans in the compact text (no space outside strings), when every object is laid out as
    the first one is: `{"key":value,...}` separated by `,` inside `[...]`, each of the text's bytes accounted
    for (what lies between two values is the same in every object, and checked); the plain integers' values;
    None otherwise."""
    last = len(keys) - 1
    next_object = np.append(opens[0, 1:], len(c) + 1)  # the last object: as if `},{` came before len(c) + 1
    slots, slot = [], 0  # each key's string among its object's strings
    for text in is_text:
        slots.append(slot)
        slot += 2 if text else 1
    spans: dict[str, tuple[At, At]] = {}
    numbers: dict[str, Ints] = {}
    for j, key in enumerate(keys):
        if is_text[j]:
            start, end = opens[slots[j] + 1] + 1, closes[slots[j] + 1]
        else:
            start = closes[slots[j]] + 2
            end = opens[slots[j + 1]] - 1 if j < last else next_object - 3
            whole = plan_cells.digits(c, start, end)
            if whole is None or ((whole[1] == 0) & (end - start > 1)).any():  # JSON has no leading zero
                return None
            numbers[key] = whole[0]
        spans[key] = (start, end)
    quote = [b'"' if text else b"" for text in is_text]
    heads = [b',"' + k.encode("utf-8") + b'":' + q for k, q in zip(keys, quote, strict=True)]
    between = quote[-1] + b"},{" + heads[0][1:]  # from the end of an object's last value to the next's first
    if c[: int(spans[keys[0]][0][0])].tobytes() != b"[{" + heads[0][1:]:
        return None
    if c[int(spans[keys[-1]][1][-1]) :].tobytes() != quote[-1] + b"}]":
        return None
    for j in range(1, len(keys)):
        if not _all_are(c, spans[keys[j - 1]][1], spans[keys[j]][0], quote[j - 1] + heads[j]):
            return None
    if not _all_are(c, spans[keys[-1]][1][:-1], spans[keys[0]][0][1:], between):
        return None
    return spans, numbers


def _all_are(c: Bytes, starts: At, ends: At, expected: bytes) -> bool:
    """Whether every stretch [start, end) of `c` is `expected`."""
    if not ((ends - starts) == len(expected)).all():
        return False
    return bool((plan_cells.windows(c, len(expected))[starts] == expected).all())  # `c` holds no NUL


def _numbers_whole(b: Bytes, quotes: At, keys: list[str], is_text: list[bool], numbers: dict[str, Ints]) -> bool:
    """No space splits a number in the original text `b` (`1 2` is not JSON): between its key's closing quote
    and the next quote, its digits are one run."""
    per = len(keys) + sum(is_text)
    n = len(quotes) // (2 * per)
    opens, closes = quotes[0::2].reshape(n, per), quotes[1::2].reshape(n, per)
    following = np.append(opens[1:, 0], len(b))
    slot = 0
    for j, key in enumerate(keys):
        if key in numbers:
            gap_start = closes[:, slot] + 1
            gap_end = opens[:, slot + 1] if j < len(keys) - 1 else following
            width = int((gap_end - gap_start).max())
            if width > _WIDEST_GAP:
                return False
            rows = plan_cells.gather(b, gap_start, gap_end, width)
            digit = (rows >= ord("0")) & (rows <= ord("9"))
            runs = digit[:, 0].astype(np.int64) + (digit[:, 1:] & ~digit[:, :-1]).sum(axis=1)
            if not (runs == 1).all():
                return False
        slot += 2 if is_text[j] else 1
    return True
