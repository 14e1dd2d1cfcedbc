"""A plan's cells read straight from its bytes by numpy (services.deployments.plan_uniform): each column is
given by where its cells start and end in a byte buffer, and read as texts, as a few distinct texts (agreements,
parties, facilities, purposes), as instants or as counts in a few whole-column operations, with no Python
object per cell except the texts themselves.

Instants in the plain form `YYYY-MM-DDTHH:MM:SSZ` and counts of plain digits are read here; any other form
is read from the cells' texts by services.deployments.plan_columns, as before, so the values are the same.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from relos.services.deployments.inputs import MAX_COUNT
from relos.services.deployments.plan_columns import fast_counts, fast_times

Bytes = npt.NDArray[np.uint8]
Ints = npt.NDArray[np.int64]
At = npt.NDArray[np.signedinteger[Any]]  # places in a buffer (32 or 64 bits)

_NEWLINE = 10
_MAX_DIGITS = len(str(MAX_COUNT))
#: `YYYY-MM-DDTHH:MM:SSZ`: where its digits and its other characters stand.
_INSTANT = "dddd-dd-ddTdd:dd:ddZ"
_DIGIT_AT = [i for i, c in enumerate(_INSTANT) if c == "d"]
_MARK_AT = [i for i, c in enumerate(_INSTANT) if c != "d"]
_MARKS = np.frombuffer("".join(_INSTANT[i] for i in _MARK_AT).encode(), dtype=np.uint8)
_SLICE = 1 << 20
_WIDEST_CATEGORY = 64  # a wider category is read as texts
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd: a word's bits all count in the mix


def positions(buf: Bytes, *wanted: int) -> At:
    """Where `buf` holds any of the `wanted` bytes, in order (`buf` under 2 GiB), found a slice at a time so
    that no mask of the whole buffer is made (new memory is dear: the pages of a fresh process are faulted in)."""
    found: list[At] = [np.empty(0, dtype=np.int32)]
    mask, other = np.empty(min(len(buf), _SLICE), dtype=bool), np.empty(min(len(buf), _SLICE), dtype=bool)
    for at in range(0, len(buf), _SLICE):
        part = buf[at : at + _SLICE]
        m, o = mask[: len(part)], other[: len(part)]
        np.equal(part, wanted[0], out=m)
        for byte in wanted[1:]:
            m |= np.equal(part, byte, out=o)
        hits = np.flatnonzero(m).astype(np.int32)
        hits += at
        found.append(hits)
    return np.concatenate(found)


def any_below(buf: Bytes, limit: int) -> bool:
    """Whether a byte of `buf` is below `limit` (a slice at a time, as `positions`)."""
    mask = np.empty(min(len(buf), _SLICE), dtype=bool)
    for at in range(0, len(buf), _SLICE):
        part = buf[at : at + _SLICE]
        if np.less(part, limit, out=mask[: len(part)]).any():
            return True
    return False


def windows(buf: Bytes, width: int) -> npt.NDArray[np.bytes_]:
    """The `width` bytes from each byte of `buf` on (as far as a whole window goes), as one array with no copy.
    numpy compares such values as texts, ignoring NUL bytes at their end."""
    return np.ndarray((len(buf) - width + 1,), dtype=f"S{width}", buffer=buf, strides=(1,))


def gather(buf: Bytes, starts: At, ends: At, width: int) -> Bytes:
    """The cells' bytes as rows of `width` bytes, zero after each cell's end (its end - start ≤ width)."""
    n = len(starts)
    if not n or not width or len(buf) < width:
        out = np.zeros((n, width), dtype=np.uint8)
        for i, (a, b) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
            out[i, : b - a] = buf[a:b]
        return out
    safe = len(buf) - width  # a window from here on would run past the end
    out = windows(buf, width)[np.minimum(starts, safe)].view(np.uint8).reshape(n, width)
    for i in np.flatnonzero(starts > safe).tolist():
        a, b = int(starts[i]), int(ends[i])
        out[i] = 0
        out[i, : b - a] = buf[a:b]
    lengths = ends - starts
    if (lengths < width).any():
        out[np.arange(width) >= lengths[:, None]] = 0
    return out


def texts(buf: Bytes, starts: At, ends: At) -> list[str]:
    """The cells as texts (as they are: not stripped). No cell may hold a line break (the separator here)."""
    n = len(starts)
    if not n:
        return []
    lengths = ends - starts
    room = lengths + 1
    at = np.cumsum(room) - room  # where each cell begins in the joined text
    index = np.arange(int(room.sum()), dtype=np.int64) - np.repeat(at - starts, room)
    joined = buf[np.minimum(index, len(buf) - 1)]
    joined[at + lengths] = _NEWLINE
    out: list[str] = joined.tobytes().decode("utf-8").split("\n")[:-1]
    return out


def categories(buf: Bytes, starts: At, ends: At) -> tuple[list[str], Ints]:
    """The distinct stripped texts of a column of few distinct values, each decoded once, and each cell's
    index among them. No cell may hold a NUL byte (the padding here)."""
    n = len(starts)
    width = int((ends - starts).max()) if n else 0
    if width > _WIDEST_CATEGORY or not n:
        return _distinct([t.strip() for t in texts(buf, starts, ends)])
    rows = gather(buf, starts, ends, -(-max(width, 1) // 8) * 8)
    words = rows.view(np.uint64)
    key = words[:, 0].copy()
    for k in range(1, words.shape[1]):
        key = key * _MIX + words[:, k]
    distinct = np.unique(key)
    inverse = np.searchsorted(distinct, key)
    first = np.empty(len(distinct), dtype=np.int64)
    first[inverse] = np.arange(n)  # a row of each value (any one)
    if not (rows == rows[first[inverse]]).all():  # two values mixed to one key (most unlikely): row by row
        return _distinct([t.strip() for t in texts(buf, starts, ends)])
    values = [rows[i].tobytes().rstrip(b"\0").decode("utf-8").strip() for i in first.tolist()]
    index = {v: i for i, v in enumerate(dict.fromkeys(values))}  # two cells alike once stripped: one value
    same = np.array([index[v] for v in values], dtype=np.int64)
    return list(index), same[inverse]


def _distinct(values: list[str]) -> tuple[list[str], Ints]:
    index = {v: i for i, v in enumerate(dict.fromkeys(values))}
    return list(index), np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=len(values))


def kinds(columns: list[tuple[list[str], Ints]]) -> tuple[list[tuple[str, ...]], Ints]:
    """The distinct combinations of the columns' values (as `categories` gives them) in the order the rows
    first hold them, and each row's index among them."""
    key = np.zeros(len(columns[0][1]), dtype=np.int64)
    for values, codes in columns:
        if int(key.max(initial=0)) >= 2**62 // max(len(values), 1):  # numbered afresh before it could overflow
            key = np.unique(key, return_inverse=True)[1].ravel()
        key = key * len(values) + codes
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    found = [tuple(values[codes[row]] for values, codes in columns) for row in first[order].tolist()]
    return found, rank[inverse.ravel()]


def instants(buf: Bytes, starts: At, ends: At) -> Ints | None:
    """Instants in µs since the epoch: `YYYY-MM-DDTHH:MM:SSZ` read here, any other form from the texts as
    before (services.deployments.plan_columns.fast_times); None when a cell is not an instant."""
    n = len(starts)
    if n and ((ends - starts) == len(_INSTANT)).all():
        found = _plain_instants(gather(buf, starts, ends, len(_INSTANT)))
        if found is not None:
            return found
    return fast_times(texts(buf, starts, ends))


def _plain_instants(rows: Bytes) -> Ints | None:
    if not (rows[:, _MARK_AT] == _MARKS).all():
        return None
    d = rows[:, _DIGIT_AT].astype(np.int64) - ord("0")
    if ((d < 0) | (d > 9)).any():
        return None
    year = d[:, 0] * 1000 + d[:, 1] * 100 + d[:, 2] * 10 + d[:, 3]
    month, day = d[:, 4] * 10 + d[:, 5], d[:, 6] * 10 + d[:, 7]
    hour, minute, second = d[:, 8] * 10 + d[:, 9], d[:, 10] * 10 + d[:, 11], d[:, 12] * 10 + d[:, 13]
    if (year < 1).any() or (month < 1).any() or (month > 12).any() or (day < 1).any():
        return None
    if (hour > 23).any() or (minute > 59).any() or (second > 59).any():
        return None
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    month_days = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)[month] + (
        leap & (month == 2)
    )
    if (day > month_days).any():
        return None
    days = _days_since_epoch(year, month, day)
    out: Ints = (((days * 24 + hour) * 60 + minute) * 60 + second) * 1_000_000
    return out


def _days_since_epoch(year: Ints, month: Ints, day: Ints) -> Ints:
    """Days from 1970-01-01 to each proleptic Gregorian date (H. Hinnant's days_from_civil)."""
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + np.where(month > 2, -3, 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    out: Ints = era * 146097 + doe - 719468
    return out


def digits(buf: Bytes, starts: At, ends: At) -> tuple[Ints, Ints] | None:
    """Cells of plain ASCII digits (1 to as many as MAX_COUNT has) as numbers, with each cell's first digit;
    None when a cell is anything else."""
    lengths = ends - starts
    if not len(starts) or (lengths < 1).any() or (lengths > _MAX_DIGITS).any():
        return None
    width = int(lengths.max())
    d = gather(buf, starts, ends, width).astype(np.int64) - ord("0")
    inside = np.arange(width) < lengths[:, None]
    if (inside & ((d < 0) | (d > 9))).any():
        return None
    place = np.where(inside, 10 ** np.maximum(lengths[:, None] - 1 - np.arange(width), 0), 0)
    value: Ints = (d * place).sum(axis=1)
    return value, d[:, 0]


def counts(buf: Bytes, starts: At, ends: At) -> Ints | None:
    """Counts 0…MAX_COUNT: plain digits read here, anything else from the texts as before
    (services.deployments.plan_columns.fast_counts); None when a cell is not a count."""
    found = digits(buf, starts, ends)
    if found is not None and not (found[0] > MAX_COUNT).any():
        return found[0]
    return fast_counts(texts(buf, starts, ends))
