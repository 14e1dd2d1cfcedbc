"""The turns of decisions taken together (relos.services.deployments.decided_together): the first to arrive
leads and decides alone what waits then; those arriving meanwhile are decided together in the next turn, each
with its own outcome, in the order they arrived; a turn that fails as a whole has each decided again alone."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from relos.services.deployments.decided_together import MOST, Turn, Turns


def test_a_decision_alone_is_decided_by_its_own_thread() -> None:
    given: list[list[int]] = []

    def decide(turns: list[Turn[int, str]]) -> None:
        given.append([t.asked for t in turns])
        for t in turns:
            t.result = f"decided {t.asked}"

    turn = Turns().take("host", Turn(7), decide)
    assert (turn.outcome(), turn.alone, given) == ("decided 7", False, [[7]])


def _arrive_while_the_first_decides(count: int) -> tuple[list[list[int]], dict[int, Turn[int, str]], set[str]]:
    """Turn 0 leads and waits in `decide` until the others have queued; returns the batches `decide` was given,
    each turn by what it asked, and the names of the threads that ran `decide`."""
    turns = Turns()
    batches: list[list[int]] = []
    deciders: set[str] = set()
    queued = threading.Event()

    def decide(batch: list[Turn[int, str]]) -> None:
        batches.append([t.asked for t in batch])
        deciders.add(threading.current_thread().name)
        if batch[0].asked == 0:
            queued.wait(timeout=10)
        for t in batch:
            if t.asked % 3 == 2:
                t.error = ValueError(f"refused {t.asked}")
            else:
                t.result = f"decided {t.asked}"

    decided: dict[int, Turn[int, str]] = {}

    def ask(n: int) -> None:
        decided[n] = turns.take("host", Turn(n), decide)

    first = threading.Thread(target=ask, args=(0,), name="t0")
    first.start()
    time.sleep(0.05)  # 0 leads
    others = [threading.Thread(target=ask, args=(n,), name=f"t{n}") for n in range(1, count)]
    for t in others:
        t.start()
        time.sleep(0.01)  # arrive in order
    queued.set()
    for t in [first, *others]:
        t.join(timeout=10)
    return batches, decided, deciders


def test_those_arriving_while_one_decides_are_decided_together_next_each_with_its_own_outcome() -> None:
    batches, decided, deciders = _arrive_while_the_first_decides(6)
    assert batches == [[0], [1, 2, 3, 4, 5]]
    assert deciders == {"t0", "t1"}  # the first to arrive meanwhile led the next turn
    assert decided[4].outcome() == "decided 4"
    with pytest.raises(ValueError, match="refused 5"):
        decided[5].outcome()
    assert not any(t.alone for t in decided.values())


def test_a_turn_holds_at_most_so_many_and_the_rest_wait_for_the_next() -> None:
    batches, decided, _ = _arrive_while_the_first_decides(MOST + 4)
    assert [len(b) for b in batches] == [1, MOST, 3]
    assert sorted(n for b in batches for n in b) == list(range(MOST + 4))
    assert decided[MOST + 1].outcome() == f"decided {MOST + 1}"  # (MOST + 1) % 3 != 2: admitted


def test_a_turn_that_fails_as_a_whole_has_each_decided_again_alone() -> None:
    turns = Turns()
    release = threading.Event()
    seen: list[list[int]] = []

    def decide(batch: list[Turn[int, str]]) -> None:
        seen.append([t.asked for t in batch])
        if batch[0].asked == 0:
            release.wait(timeout=10)
            for t in batch:
                t.result = "decided"
            return
        batch[0].result = "half"  # an outcome set before the failure does not count
        raise RuntimeError("the transaction failed")

    decided: dict[int, Turn[int, str]] = {}
    threads = [threading.Thread(target=lambda n=n: decided.__setitem__(n, turns.take("h", Turn(n), decide)))
               for n in range(3)]  # fmt: skip
    threads[0].start()
    time.sleep(0.05)
    for t in threads[1:]:
        t.start()
    time.sleep(0.05)
    release.set()
    for t in threads:
        t.join(timeout=10)
    assert seen == [[0], [1, 2]]
    assert decided[0].outcome() == "decided"
    assert [(decided[n].alone, decided[n].result, decided[n].error) for n in (1, 2)] == [(True, None, None)] * 2


def test_a_decision_alone_that_fails_raises_in_its_own_thread_and_frees_its_key() -> None:
    turns = Turns()

    def fail(batch: list[Turn[int, str]]) -> None:
        raise RuntimeError("the transaction failed")

    with pytest.raises(RuntimeError, match="failed"):
        turns.take("h", Turn(1), fail)

    def decide(batch: list[Turn[int, str]]) -> None:
        batch[0].result = "decided"

    assert turns.take("h", Turn(2), decide).outcome() == "decided"  # the key is led again, not left stuck


def test_turns_of_different_keys_do_not_wait_on_each_other() -> None:
    turns = Turns()
    inside = threading.Event()
    release = threading.Event()

    def slow(batch: list[Turn[int, str]]) -> None:
        inside.set()
        release.wait(timeout=10)
        batch[0].result = "slow"

    def quick(batch: list[Turn[int, str]]) -> None:
        batch[0].result = "quick"

    leader = threading.Thread(target=turns.take, args=("a", Turn(1), slow))
    leader.start()
    assert inside.wait(timeout=10)
    assert turns.take("b", Turn(2), quick).outcome() == "quick"  # while "a" is still deciding
    release.set()
    leader.join(timeout=10)


def _gathering(fail_before_gathering: bool) -> tuple[list[list[int]], dict[int, Turn[int, str]]]:
    """Turn 0 leads and, before it gathers (as if waiting for its lock), turns 1-3 arrive."""
    turns = Turns()
    arrived = threading.Event()
    batches: list[list[int]] = []

    def decide(gather: Any) -> None:
        arrived.wait(timeout=10)
        if fail_before_gathering:
            raise RuntimeError("the lock could not be taken")
        batch = gather()
        batches.append([t.asked for t in batch])
        for t in batch:
            t.result = f"decided {t.asked}"

    decided: dict[int, Turn[int, str]] = {}

    def ask(n: int) -> None:
        decided[n] = turns.take_gathering("host", Turn(n), decide)

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(4)]
    threads[0].start()
    time.sleep(0.05)
    for t in threads[1:]:
        t.start()
        time.sleep(0.01)
    arrived.set()
    for t in threads:
        t.join(timeout=10)
    return batches, decided


def test_those_arriving_before_the_leader_gathers_are_decided_in_its_turn() -> None:
    batches, decided = _gathering(fail_before_gathering=False)
    assert batches == [[0, 1, 2, 3]]  # one turn, the leader's own first, then in the order they arrived
    assert [decided[n].outcome() for n in range(4)] == [f"decided {n}" for n in range(4)]


def test_a_leader_failing_before_it_gathers_has_every_waiting_decided_again_alone() -> None:
    batches, decided = _gathering(fail_before_gathering=True)
    assert batches == []
    assert all(decided[n].alone and decided[n].result is None for n in range(4))
