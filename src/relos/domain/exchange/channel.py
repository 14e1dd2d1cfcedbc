"""Where a received document stands on its channel (sender → receiver), given what the receiver took before.

Documents on a channel are numbered 1, 2, 3… by the sender and each names the hash of the one before it. The
receiver takes them in that order only, each exactly once:

- `NEXT`: the number after the last one taken, naming that one's hash: take it now;
- `REPLAY`: a number taken before, with the same hash: already done, ignored (exactly once in effect);
- `EARLY`: a number beyond the next: documents are missing between; it waits for them, and the receiver asks
  for them again (its acknowledgement says how far it got);
- `FORKED`: a number taken before with another hash, or the next number naming another predecessor: the
  sender's channel contradicts what was received — refused, nothing taken.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Standing(StrEnum):
    NEXT = "next"
    REPLAY = "replay"
    EARLY = "early"
    FORKED = "forked"


@dataclass(frozen=True)
class Taken:
    """The last document taken on a channel, in order: its number (0: none yet) and hash."""

    seq: int
    hash: str


def standing(*, seq: int, prev: str, document_hash: str, taken: Taken, hash_taken_at: str | None) -> Standing:
    """Where document `seq` (naming `prev`, hashing to `document_hash`) stands after `taken`; `hash_taken_at`
    is the hash of the document taken earlier with number `seq`, None when none was."""
    if seq <= taken.seq:
        return Standing.REPLAY if hash_taken_at == document_hash else Standing.FORKED
    if seq > taken.seq + 1:
        return Standing.EARLY
    return Standing.NEXT if prev == taken.hash else Standing.FORKED


def missing(taken: Taken, waiting: list[int]) -> list[int]:
    """The numbers still missing before the documents `waiting` (early arrivals) can be taken."""
    if not waiting:
        return []
    held = set(waiting)
    return [n for n in range(taken.seq + 1, max(waiting)) if n not in held]
