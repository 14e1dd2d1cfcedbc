"""Human references of deployments, clearances and support orders: ``HOST-KIND-YEAR-NUMBER``.

``RUS-DEP-2027-0014`` is the 14th deployment created in 2027 whose host is Russia; ``IND-CLR-2026-0003`` the
3rd clearance (port-call notice or airspace request) created in 2026 for India as host; ``RUS-ORD-2027-0001``
the first support order of 2027 that Russia supplies. The host is the party in whose territory the force is,
or that supplies the support; the year is the year of creation in UTC; numbers count from 1 per host, kind
and year, with at least four digits (``…-10000`` follows ``…-9999``). The system allocates a reference when it
creates the record, and never gives the same one twice. The record's id (a UUID) stays its identity between
the parties; the reference is what people say and type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class RecordKind(StrEnum):
    """The kinds of records that get a reference, as the reference writes them."""

    DEPLOYMENT = "DEP"
    CLEARANCE = "CLR"
    ORDER = "ORD"

    @property
    def noun(self) -> str:
        """What a user calls a record of this kind (as NotFound names it)."""
        return {"DEP": "deployment", "CLR": "clearance", "ORD": "order"}[self.value]


#: The digits a number is written with at least (zero-padded).
DIGITS = 4
#: The longest reference text accepted when typed (longer is not a reference).
MAX_LENGTH = 32

_PATTERN = re.compile(r"([A-Z]{3})-(DEP|CLR|ORD)-(\d{4})-(\d{1,9})")


@dataclass(frozen=True)
class Reference:
    party: str
    kind: RecordKind
    year: int
    number: int

    def __str__(self) -> str:
        return f"{self.party}-{self.kind.value}-{self.year:04d}-{self.number:0{DIGITS}d}"


def reference_text(party: str, kind: RecordKind, year: int, number: int) -> str:
    """The reference of the `number`-th record of `kind` created in `year` for the host `party`."""
    if number < 1:
        raise ValueError(f"a reference number counts from 1, not {number}")
    return str(Reference(party, kind, year, number))


def parse_reference(text: str) -> Reference | None:
    """The reference `text` names, as a user may type it (any case, surrounding spaces, fewer leading zeros:
    ``rus-dep-2027-14`` is ``RUS-DEP-2027-0014``); None when it is not a reference."""
    if not isinstance(text, str) or len(text) > MAX_LENGTH:
        return None
    found = _PATTERN.fullmatch(text.strip().upper())
    if found is None:
        return None
    party, kind, year, number = found.groups()
    if int(number) < 1:
        return None
    return Reference(party, RecordKind(kind), int(year), int(number))
