"""Who acts: a user of one party holding roles, or the local operator (the `relos` command on the host)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    REQUESTER = "requester"
    HOST_APPROVER = "host_approver"
    LOGISTICS_OFFICER = "logistics_officer"
    FINANCE_OFFICER = "finance_officer"
    CLEARANCE_OFFICER = "clearance_officer"
    AUDITOR = "auditor"
    ADMINISTRATOR = "administrator"


@dataclass(frozen=True)
class Actor:
    """The acting user. `party` is None only for the local operator, who sees every agreement."""

    user_id: str
    party: str | None
    roles: frozenset[Role]

    @classmethod
    def operator(cls, name: str = "operator") -> Actor:
        """The person at the host's console running `relos` directly against the database."""
        return cls(user_id=name, party=None, roles=frozenset({Role.ADMINISTRATOR}))

    @property
    def is_operator(self) -> bool:
        return self.party is None

    def has_any(self, roles: Iterable[Role]) -> bool:
        return bool(self.roles.intersection(roles))

    def may_see(self, parties: Iterable[str]) -> bool:
        """A party sees only agreements (and their records) it is party to."""
        return self.party is None or self.party in set(parties)
