"""The compiled loop of the plan engine (numba): first come first served over a segment tree of headroom.

The headroom of every step of every group (limit − load, three loads per step) sits in the leaves of one
segment tree per load, whose nodes hold the minimum of their range and the amount still to be handed down to
their children (lazy propagation, bottom-up in the manner of the "efficient segment tree": the borders of a
range are pushed down before it is read or changed, and rebuilt after). A row then costs, per load it adds to,
one minimum over its window, one descent to the first step over the limit when there is one, and one range
subtraction when it is admitted: O(log m) each for m steps, so a plan of n rows costs O(n log n) whatever the
density of its windows.

Compiled once per machine (numba's on-disk cache, and ahead of time into an extension module by
relos.planning.engine.plan_kernel_aot) and run from relos.planning.engine.plan_engine.
"""

from __future__ import annotations

import numpy as np
from numba import njit

_BIG = np.int64(2**62)


@njit(cache=True, inline="always")
def _hand_down(mn: np.ndarray, lazy: np.ndarray, k: int, v: int) -> None:
    """Give node v's pending amount to its two children."""
    x = lazy[k, v]
    if x != 0:
        for c in (2 * v, 2 * v + 1):
            mn[k, c] += x
            lazy[k, c] += x
        lazy[k, v] = 0


@njit(cache=True, inline="always")
def _push(mn: np.ndarray, lazy: np.ndarray, k: int, leaf: int, height: int) -> None:
    """Hand every pending amount on the path from the root down to `leaf` to the children."""
    for h in range(height, 0, -1):
        _hand_down(mn, lazy, k, leaf >> h)


@njit(cache=True, inline="always")
def _rebuild(mn: np.ndarray, lazy: np.ndarray, k: int, leaf: int) -> None:
    """Recompute the minima on the path from `leaf` up to the root."""
    v = leaf >> 1
    while v >= 1:
        a, b = mn[k, 2 * v], mn[k, 2 * v + 1]
        mn[k, v] = (a if a < b else b) + lazy[k, v]
        v >>= 1


@njit(cache=True)
def _minimum(mn: np.ndarray, lazy: np.ndarray, k: int, lo: int, hi: int, size: int, height: int) -> int:
    _push(mn, lazy, k, lo + size, height)
    _push(mn, lazy, k, hi - 1 + size, height)
    best = _BIG
    left, right = lo + size, hi + size
    while left < right:
        if left & 1:
            best = min(best, mn[k, left])
            left += 1
        if right & 1:
            right -= 1
            best = min(best, mn[k, right])
        left >>= 1
        right >>= 1
    return int(best)


@njit(cache=True)
def _first_below(mn: np.ndarray, lazy: np.ndarray, k: int, lo: int, hi: int, need: int, size: int) -> int:
    """The first step of [lo, hi) whose headroom is below `need` (its borders already pushed down)."""
    lefts = np.empty(64, dtype=np.int64)
    rights = np.empty(64, dtype=np.int64)
    nl = nr = 0
    left, right = lo + size, hi + size
    while left < right:
        if left & 1:
            lefts[nl] = left
            nl += 1
            left += 1
        if right & 1:
            right -= 1
            rights[nr] = right
            nr += 1
        left >>= 1
        right >>= 1
    for j in range(nl + nr):
        v = lefts[j] if j < nl else rights[nr - 1 - (j - nl)]
        if mn[k, v] < need:
            while v < size:
                _hand_down(mn, lazy, k, v)
                v = 2 * v if mn[k, 2 * v] < need else 2 * v + 1
            return int(v - size)
    return -1


@njit(cache=True)
def _subtract(mn: np.ndarray, lazy: np.ndarray, k: int, lo: int, hi: int, x: int, size: int, height: int) -> None:
    _push(mn, lazy, k, lo + size, height)
    _push(mn, lazy, k, hi - 1 + size, height)
    left, right = lo + size, hi + size
    while left < right:
        if left & 1:
            mn[k, left] -= x
            lazy[k, left] -= x
            left += 1
        if right & 1:
            right -= 1
            mn[k, right] -= x
            lazy[k, right] -= x
        left >>= 1
        right >>= 1
    _rebuild(mn, lazy, k, lo + size)
    _rebuild(mn, lazy, k, hi - 1 + size)


@njit(cache=True)
def first_come_first_served(
    headroom: np.ndarray, lo: np.ndarray, hi: np.ndarray, amounts: np.ndarray, refused: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Rows in order against the headroom (M × 3) of the steps; `lo`/`hi` (G × N) each row's window in each
    grouping (lo < 0: none). Returns whether each row is admitted, and its violations as rows of
    (row, grouping, load, step, headroom there) in order."""
    m = headroom.shape[0]
    size, height = 1, 0
    while size < max(m, 1):
        size *= 2
        height += 1
    mn = np.full((3, 2 * size), _BIG, dtype=np.int64)
    lazy = np.zeros((3, 2 * size), dtype=np.int64)
    for k in range(3):
        for c in range(m):
            mn[k, size + c] = headroom[c, k]
        for v in range(size - 1, 0, -1):
            mn[k, v] = min(mn[k, 2 * v], mn[k, 2 * v + 1])
    groupings, n = lo.shape
    admitted = np.zeros(n, dtype=np.bool_)
    found = np.empty((max(16, n // 4), 5), dtype=np.int64)
    count = 0
    for i in range(n):
        over = False
        for g in range(groupings):
            a = lo[g, i]
            if a < 0:
                continue
            b = hi[g, i]
            for k in range(3):
                need = amounts[i, k]
                if need == 0:
                    continue
                if _minimum(mn, lazy, k, a, b, size, height) < need:
                    over = True
                    step = _first_below(mn, lazy, k, a, b, need, size)
                    if count == found.shape[0]:
                        grown = np.empty((2 * count, 5), dtype=np.int64)
                        grown[:count] = found
                        found = grown
                    found[count, 0], found[count, 1], found[count, 2] = i, g, k
                    found[count, 3], found[count, 4] = step, mn[k, size + step]
                    count += 1
        if not over and not refused[i]:
            admitted[i] = True
            for g in range(groupings):
                a = lo[g, i]
                if a >= 0:
                    for k in range(3):
                        if amounts[i, k]:
                            _subtract(mn, lazy, k, a, hi[g, i], amounts[i, k], size, height)
    return admitted, found[:count]


def compile_now() -> None:
    """Compile the loop (about 5 s, once per machine: numba caches it on disk) by running it on one row."""
    one = np.ones((1, 1), dtype=np.int64)
    first_come_first_served(
        np.zeros((2, 3), dtype=np.int64), one - 1, one, np.ones((1, 3), dtype=np.int64), np.zeros(1, dtype=np.bool_)
    )


def build_all() -> None:
    """scripts/setup: compile the loop for numba's cache, then ahead of time (plan_kernel_aot) when a C compiler
    is there; without one the plan check runs the loop through numba."""
    compile_now()
    from relos.planning.engine import plan_kernel_aot

    try:
        path = plan_kernel_aot.build()
    except Exception as exc:  # any failure of the C toolchain leaves numba's loop in use
        print(f"the plan check's loop was not compiled ahead of time ({exc}); numba will run it")
    else:
        print(f"the plan check's loop compiled ahead of time: {path}")


if __name__ == "__main__":  # scripts/setup: so that no first plan check waits for the compiler
    build_all()
