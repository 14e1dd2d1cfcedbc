"""What checking the invariants needs from storage beyond the areas' repositories: the ledger's sums."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Unbalanced:
    """A ledger transaction whose postings in `currency` sum to `net_minor` (not zero), or that has fewer
    than two postings (`net_minor` then the sum of what it has)."""

    transaction_id: str
    currency: str
    net_minor: int
    postings: int


@dataclass(frozen=True)
class BalanceMismatch:
    """An account whose balance in `currency` as the ledger reports it differs from the sum of its postings in
    its own currency (`stated_minor` against `summed_minor`): a posting in another currency, or one missing."""

    account: str
    currency: str
    stated_minor: int
    summed_minor: int


class LedgerIntegrity(Protocol):
    def unbalanced(self) -> list[Unbalanced]:
        """Every transaction that does not net to zero per currency, or has fewer than two postings."""

    def balance_mismatches(self) -> list[BalanceMismatch]:
        """Every account whose balance is not the sum of its postings in its currency."""
