"""Decisions that wait on one lock taken together, in one transaction (a group commit).

Approvals of one host serialise on the host's lock; each holds it for its decision, its write and the commit.
When several of them wait in the same server process, the first to arrive leads: it takes the lock once for all
that are waiting once it holds it (those that arrived while it waited for the lock too), decides them one after
another in its own transaction (each against what the earlier ones admitted), writes and commits them together,
and hands the lead to the first that arrived meanwhile. Each
decision is still its own: refused alone, audited alone, answered to its own request.

This module keeps the turns only; what a decision is, is the caller's (relos.services.deployments.approval).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

_T = TypeVar("_T")
_R = TypeVar("_R")

#: At most this many decisions in one transaction (the rest wait for the next turn).
MOST = 32


@dataclass(eq=False)
class Turn(Generic[_T, _R]):
    """One decision waiting its turn: what to decide, and, once decided, its outcome."""

    asked: _T
    result: _R | None = None
    error: BaseException | None = None
    #: the batch it was in failed as a whole: decide it again, alone
    alone: bool = False
    _lead: bool = False
    _done: threading.Event = field(default_factory=threading.Event)

    def outcome(self) -> _R:
        if self.error is not None:
            raise self.error
        if self.result is None:
            raise RuntimeError("a decision taken together came back without an outcome")
        return self.result


class Turns:
    """The decisions waiting in this process, by what they wait on (a database and a host)."""

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._waiting: dict[Hashable, list[Turn[object, object]]] = {}
        self._led: set[Hashable] = set()

    def take(self, key: Hashable, turn: Turn[_T, _R], decide: Callable[[list[Turn[_T, _R]]], None]) -> Turn[_T, _R]:
        """Wait for `turn` to be decided — by this thread, leading, with `decide` given every turn waiting on
        `key`, or by the thread leading then. `decide` sets each turn's result or error; if it raises, every turn
        it was given is marked to be decided again alone. Returns `turn`, decided (or to be decided alone)."""
        return self.take_gathering(key, turn, lambda gather: decide(gather()))

    def take_gathering(
        self, key: Hashable, turn: Turn[_T, _R], decide: Callable[[Callable[[], list[Turn[_T, _R]]]], None]
    ) -> Turn[_T, _R]:
        """As `take`, but the leader's `decide` is given `gather`, which it calls when it is ready to decide (its
        lock held): every turn waiting on `key` then, its own first, is decided in this turn — those that arrived
        while it waited for the lock too."""
        with self._mutex:
            queue = self._waiting.setdefault(key, [])
            queue.append(turn)  # type: ignore[arg-type]
            leads = key not in self._led
            if leads:
                self._led.add(key)
        if not leads:
            turn._done.wait()
            if not turn._lead:
                return turn
        gathered: list[Turn[_T, _R]] = []

        def gather() -> list[Turn[_T, _R]]:
            if not gathered:  # once: the leader's own turn is first in the queue
                with self._mutex:
                    queue = self._waiting[key]
                    gathered.extend(queue[:MOST])  # type: ignore[arg-type]
                    del queue[:MOST]
            return gathered

        try:
            decide(gather)
        except BaseException:
            if gather() == [turn]:
                raise  # alone already: nothing to try again
            for t in gathered:
                t.result, t.error, t.alone = None, None, True
        finally:
            gather()  # (taken off the queue even if `decide` never asked)
            self._hand_on(key)
            for t in gathered:
                if t is not turn:
                    t._done.set()
        return turn

    def waiting(self) -> int:
        """How many decisions wait for a turn now, whatever they wait on (not those being decided)."""
        with self._mutex:
            return sum(len(queue) for queue in self._waiting.values())

    def _hand_on(self, key: Hashable) -> None:
        with self._mutex:
            queue = self._waiting.get(key)
            if queue:
                queue[0]._lead = True
                queue[0]._done.set()
            else:
                self._waiting.pop(key, None)
                self._led.discard(key)
