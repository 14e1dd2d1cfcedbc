"""The chart of accounts: structured account names, one book per party.

Both parties keep their books in the same ledger. Every account belongs to one party
(whose book it is in), faces one counterparty, is of one kind and holds one currency, and
lives under one agreement. Sign convention: debits are positive, credits negative; a claim
(what the counterparty owes the party) has a positive balance, a liability a negative one.

Each event posts mirrored entries in both books, so each party's book balances on its own
and the receivable in one book is the negated payable in the other (see ``balances``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Self

from relos.domain.errors import Said
from relos.domain.ledger.currencies import check_currency
from relos.domain.ledger.errors import LedgerError

_PARTY = re.compile(r"[A-Z]{3}")
_AGREEMENT = re.compile(r"[a-z0-9][a-z0-9-]*")


class AccountKind(StrEnum):
    """What an account holds, from the point of view of the party whose book it is in."""

    ACCRUED_RECEIVABLE = "accrued_receivable"  # cash owed to the party: delivered, not yet invoiced
    RECEIVABLE = "receivable"  # cash owed to the party: invoiced (or a converted in-kind debt)
    IN_KIND_RECEIVABLE = "in_kind_receivable"  # RIK/EVE owed to the party
    ACCRUED_PAYABLE = "accrued_payable"  # cash the party owes: received, not yet invoiced
    PAYABLE = "payable"  # cash the party owes: invoiced (or a converted in-kind debt)
    IN_KIND_PAYABLE = "in_kind_payable"  # RIK/EVE the party owes
    CASH = "cash"  # money paid to / received from the counterparty
    SUPPORT_PROVIDED = "support_provided"  # value of support the party supplied (income side)
    SUPPORT_RECEIVED = "support_received"  # value of support the party consumed (expense side)


CLAIM_KINDS = frozenset({AccountKind.ACCRUED_RECEIVABLE, AccountKind.RECEIVABLE, AccountKind.IN_KIND_RECEIVABLE})
LIABILITY_KINDS = frozenset({AccountKind.ACCRUED_PAYABLE, AccountKind.PAYABLE, AccountKind.IN_KIND_PAYABLE})
CASH_POSITION_KINDS = frozenset(
    {AccountKind.ACCRUED_RECEIVABLE, AccountKind.RECEIVABLE, AccountKind.ACCRUED_PAYABLE, AccountKind.PAYABLE}
)
IN_KIND_POSITION_KINDS = frozenset({AccountKind.IN_KIND_RECEIVABLE, AccountKind.IN_KIND_PAYABLE})

# The account in the counterparty's book that mirrors an account of each kind.
MIRROR_KIND: dict[AccountKind, AccountKind] = {
    AccountKind.ACCRUED_RECEIVABLE: AccountKind.ACCRUED_PAYABLE,
    AccountKind.RECEIVABLE: AccountKind.PAYABLE,
    AccountKind.IN_KIND_RECEIVABLE: AccountKind.IN_KIND_PAYABLE,
    AccountKind.ACCRUED_PAYABLE: AccountKind.ACCRUED_RECEIVABLE,
    AccountKind.PAYABLE: AccountKind.RECEIVABLE,
    AccountKind.IN_KIND_PAYABLE: AccountKind.IN_KIND_RECEIVABLE,
}


def check_party(code: object, *, field: str = "party") -> str:
    """An ISO 3166-1 alpha-3 party code (IND, RUS, USA)."""
    if not isinstance(code, str) or not _PARTY.fullmatch(code):
        raise LedgerError(
            Said.of(
                "party_must_iso_3166_1", "party must be an ISO 3166-1 alpha-3 code like 'IND', got {code!r}", code=code
            ),
            field=field,
        )
    return code


def check_agreement_id(value: object, *, field: str = "agreement_id") -> str:
    if not isinstance(value, str) or not _AGREEMENT.fullmatch(value):
        raise LedgerError(
            Said.of("agreement_id_must_match_z0", "agreement id must match [a-z0-9-]+, got {value!r}", value=value),
            field=field,
        )
    return value


@dataclass(frozen=True, slots=True, order=True)
class AccountRef:
    """An account's structured name: agreement, party (book owner), kind, counterparty, currency."""

    agreement_id: str
    party: str
    kind: AccountKind
    counterparty: str
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.kind, AccountKind):
            try:
                object.__setattr__(self, "kind", AccountKind(self.kind))
            except ValueError:
                raise LedgerError(
                    Said.of("unknown_account_kind", "unknown account kind {kind!r}", kind=self.kind),
                    field="account.kind",
                )
        _check_account(self.agreement_id, self.party, self.counterparty, self.currency)

    @property
    def key(self) -> str:
        """A canonical text form for storage and display: ``agreement:party:kind:counterparty:currency``."""
        return f"{self.agreement_id}:{self.party}:{self.kind.value}:{self.counterparty}:{self.currency}"

    @classmethod
    def parse(cls, key: str, *, field: str = "account") -> Self:
        parts = key.split(":")
        if len(parts) != 5:
            raise LedgerError(
                Said.of(
                    "account_key_must_have_5", "account key must have 5 parts separated by ':', got {key!r}", key=key
                ),
                field=field,
            )
        agreement_id, party, kind, counterparty, currency = parts
        try:
            parsed_kind = AccountKind(kind)
        except ValueError:
            raise LedgerError(
                Said.of("unknown_account_kind", "unknown account kind {kind!r}", kind=kind), field=f"{field}.kind"
            )
        return cls(agreement_id, party, parsed_kind, counterparty, currency)

    def mirror(self) -> AccountRef:
        """The account in the counterparty's book that mirrors this claim or liability."""
        kind = MIRROR_KIND.get(self.kind)
        if kind is None:
            raise LedgerError(
                Said.of("accounts_have_no_mirror", "{kind} accounts have no mirror", kind=self.kind.value),
                field="account.kind",
            )
        return AccountRef(self.agreement_id, self.counterparty, kind, self.party, self.currency)

    def __str__(self) -> str:
        return self.key


@lru_cache(maxsize=4096)
def _check_account(agreement_id: str, party: str, counterparty: str, currency: str) -> None:
    """Validate an account's parts (cached: a ledger names few distinct accounts, many times)."""
    check_agreement_id(agreement_id, field="account.agreement_id")
    check_party(party, field="account.party")
    check_party(counterparty, field="account.counterparty")
    check_currency(currency, field="account.currency")
    if party == counterparty:
        raise LedgerError(
            Said.of(
                "account_s_party_counterparty_differ",
                "an account's party and counterparty differ, both {party}",
                party=party,
            ),
            field="account",
        )


def account(agreement_id: str, party: str, kind: AccountKind, counterparty: str, currency: str) -> AccountRef:
    """Shorthand for ``AccountRef`` with positional arguments in reading order."""
    return AccountRef(agreement_id, party, kind, counterparty, currency)


def chart_of_accounts(
    *, agreement_id: str, parties: tuple[str, str], currencies: Iterable[str]
) -> tuple[AccountRef, ...]:
    """Every account of both parties' books under one agreement, for the given currencies."""
    first, second = parties
    chart: list[AccountRef] = []
    for currency in sorted(set(currencies)):
        for party, counterparty in ((first, second), (second, first)):
            chart.extend(AccountRef(agreement_id, party, kind, counterparty, currency) for kind in AccountKind)
    return tuple(chart)
