"""Answers a planner's page has just computed, kept briefly for its map: the map fetches its GeoJSON right after
the page, with the same question, and draws the very answer the table beside it shows (with the names the page
read) instead of planning it again. Kept per user, party, language and question, for two minutes, the 32 most
recent in this process; a question asked alone (a shared address, an answer gone) is planned afresh."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

#: How long an answer is kept, and how many.
KEPT_SECONDS = 120.0
KEPT_ANSWERS = 32

_lock = threading.Lock()
_answers: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()


def keep(key: Hashable, answer: Any) -> None:
    with _lock:
        _answers[key] = (time.monotonic() + KEPT_SECONDS, answer)
        _answers.move_to_end(key)
        while len(_answers) > KEPT_ANSWERS:
            _answers.popitem(last=False)


def kept(key: Hashable) -> Any | None:
    """The answer kept under `key`, or None when there is none or it is older than KEPT_SECONDS."""
    with _lock:
        found = _answers.get(key)
        if found is None:
            return None
        if found[0] < time.monotonic():
            del _answers[key]
            return None
        return found[1]


def forget_all() -> None:
    with _lock:
        _answers.clear()
