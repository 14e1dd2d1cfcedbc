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
from relos.services.deployments.plan_cells import Bytes, Ints
from relos.services.deployments.plan_columns import TEXT_FIELDS, Columns, Kind, checked_columns
from relos.services.deployments.plan_rows import Catalogue
from relos.services.deployments.plan_table import FIELDS

_JSON_SPACE = b" \t\n\r"
_WIDEST_GAP = 64  # between a key and the next string: wider gaps are left to the reading as before


@dataclass(frozen=True)
class Cells:
    """Where each field's cells lie in `buf` (start, end), per row; the row's line; JSON fields whose values
    are all plain integers (`numbers`, their values)."""

    buf: Bytes
    lines: list[int]
    spans: dict[str, tuple[Ints, Ints]]
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
    head, _, body = text.partition("\n")
    header = [h.strip() for h in head.split(",")]
    body = body.removesuffix("\n")
    if not body or any(f not in header for f in FIELDS):
        return None
    buf = np.frombuffer(body.encode("utf-8"), dtype=np.uint8)
    width, n = len(header), body.count("\n") + 1
    breaks = np.flatnonzero((buf == ord(",")) | (buf == ord("\n")))
    if len(breaks) != n * width - 1 or not (buf[breaks[width - 1 :: width]] == ord("\n")).all():
        return None  # a line without the header's number of cells
    line_ends = np.append(breaks[width - 1 :: width], len(buf))
    if int(np.diff(line_ends, prepend=-1).max()) - 1 > csv.field_size_limit():
        return None
    starts = np.concatenate([[0], breaks + 1]).reshape(n, width)
    ends = np.append(breaks, len(buf)).reshape(n, width)
    spans = {f: (starts[:, header.index(f)], ends[:, header.index(f)]) for f in FIELDS}
    return Cells(buf, list(range(2, 2 + n)), spans, {})


def json_cells(text: str) -> Cells | None:
    """The cells of a uniform JSON list of objects (see the module's docstring); else None."""
    from relos.services.deployments.plan_json import brace_lines

    data = text.encode("utf-8")
    if b"\\" in data:
        return None
    compact = data.translate(None, _JSON_SPACE)
    c = np.frombuffer(compact, dtype=np.uint8)
    if len(c) < 4 or compact[:2] != b"[{" or compact[-2:] != b"}]" or (c < 0x20).any():
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
    quotes = np.flatnonzero(c == ord('"'))
    if compact.count(b'"', 1, first_end) != 2 * per or len(quotes) % (2 * per):
        return None  # a key twice in the first object, or objects of other shapes
    n = len(quotes) // (2 * per)
    opens, closes = quotes[0::2].reshape(n, per), quotes[1::2].reshape(n, per)
    original = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == ord('"'))
    if int((original[1::2] - original[0::2]).sum()) != int((closes - opens).sum()):
        return None  # a space inside a string: its texts are not those of the compact form
    found = _fields(c, opens, closes, keys, is_text)
    if found is None:
        return None
    spans, numbers = found
    if not _numbers_whole(np.frombuffer(data, dtype=np.uint8), original, keys, is_text, spans, numbers):
        return None
    lines = brace_lines(data, n)
    if lines is None:
        return None
    return Cells(c, lines, {f: spans[f] for f in FIELDS}, {k: v for k, v in numbers.items() if k in FIELDS})


def _fields(
    c: Bytes, opens: Ints, closes: Ints, keys: list[str], is_text: list[bool]
) -> tuple[dict[str, tuple[Ints, Ints]], dict[str, Ints]] | None:
    """Each key's value spans in the compact text (no space outside strings), when every object is laid out as
    the first one is: `{"key":value,...}` separated by `,` inside `[...]`, each of the text's bytes accounted
    for; the plain integers' values; None otherwise."""
    last = len(keys) - 1
    next_object = np.append(opens[1:, 0], len(c) + 1)  # the last object: as if `},{` came before len(c) + 1
    if opens[0, 0] != 2:
        return None
    spans: dict[str, tuple[Ints, Ints]] = {}
    numbers: dict[str, Ints] = {}
    slot = 0
    for j, key in enumerate(keys):
        expected = np.frombuffer(key.encode("utf-8"), dtype=np.uint8)
        k_open, k_close = opens[:, slot], closes[:, slot]
        if not ((k_close - k_open - 1) == len(expected)).all():
            return None
        if not (plan_cells.gather(c, k_open + 1, k_close, len(expected)) == expected).all():
            return None
        if not (c[k_close + 1] == ord(":")).all():
            return None
        slot += 1
        follows = opens[:, slot] if j < last else next_object - 3  # where the next key's `"` (or `},{`) is
        if is_text[j]:
            if not (opens[:, slot] == k_close + 2).all():
                return None
            start, end = opens[:, slot] + 1, closes[:, slot]
            after = end + 1
            slot += 1
        else:
            start, after = k_close + 2, (follows - 1) if j < last else follows
            end = after
            whole = plan_cells.digits(c, start, end)
            if whole is None or ((whole[1] == 0) & (end - start > 1)).any():  # JSON has no leading zero
                return None
            numbers[key] = whole[0]
        spans[key] = (start, end)
        if j < last:
            if not ((c[after] == ord(",")) & (opens[:, slot] == after + 1)).all():
                return None
        elif not _closes_objects(c, after, next_object):
            return None
    return spans, numbers


def _closes_objects(c: Bytes, after: Ints, next_object: Ints) -> bool:
    """Each object ends at `after` with `},{` before the next one, the last with `}]` at the text's end."""
    if not (next_object == after + 3).all():
        return False
    inner = after[:-1]
    ok = (c[inner] == ord("}")) & (c[inner + 1] == ord(",")) & (c[inner + 2] == ord("{"))
    return bool(ok.all()) and int(after[-1]) == len(c) - 2


def _numbers_whole(
    b: Bytes,
    quotes: Ints,
    keys: list[str],
    is_text: list[bool],
    spans: dict[str, tuple[Ints, Ints]],
    numbers: dict[str, Ints],
) -> bool:
    """No space splits a number in the original text (`1 2` is not JSON): between its key's closing quote
    and the next quote, its digits are one run."""
    per = len(keys) + sum(is_text)
    n = len(quotes) // (2 * per)
    closes = quotes[1::2].reshape(n, per)
    following = np.append(quotes[0::2].reshape(n, per)[1:, 0], len(b))
    slot = 0
    for j, key in enumerate(keys):
        if key in numbers:
            gap_start = closes[:, slot] + 1
            gap_end = quotes[0::2].reshape(n, per)[:, slot + 1] if j < len(keys) - 1 else following
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
