"""A plan's rows column by column (services.deployments.plan_check): numpy arrays of instants (µs since the
epoch, UTC) and counts, with the texts of the other fields. A well-formed plan takes the fast column-wise path
here, each column checked and converted in a few whole-column operations; anything odd makes it give up
(None), and the row-by-row reading of services.deployments.plan_rows names what is wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import numpy.typing as npt

from relos.domain.deployments.model import CAP_NAMES
from relos.services.deployments.inputs import MAX_COUNT
from relos.services.deployments.plan_table import Table

if TYPE_CHECKING:
    from relos.services.deployments.plan_rows import Catalogue

ZERO = timedelta(0)


class Kind(NamedTuple):
    """What rows share: the agreement, the parties, the facility ("" for none) and the purpose."""

    agreement: str
    visiting: str
    host: str
    facility: str
    purpose: str


@dataclass(frozen=True)
class Columns:
    """The plan's rows column by column: times in µs since the epoch (UTC), amounts (N × 3); each row's
    agreement, parties, facility and purpose as its `kind`, an index into `kinds`: the distinct ones, in the
    order the plan first names them."""

    lines: list[int]
    refs: list[str]
    kinds: list[Kind]
    kind: npt.NDArray[np.int64]
    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]
    amounts: npt.NDArray[np.int64]

    def per_row(self, field: int) -> list[str]:
        """One field of Kind for every row."""
        values = np.empty(len(self.kinds), dtype=object)
        values[:] = [k[field] for k in self.kinds]
        out: list[str] = values[self.kind].tolist()
        return out

    @property
    def agreements(self) -> list[str]:
        return self.per_row(0)

    @property
    def visiting(self) -> list[str]:
        return self.per_row(1)

    @property
    def host(self) -> list[str]:
        return self.per_row(2)

    @property
    def facility(self) -> list[str]:
        return self.per_row(3)

    @property
    def purpose(self) -> list[str]:
        return self.per_row(4)


def kinds_of(*fields: Sequence[str]) -> tuple[list[Kind], npt.NDArray[np.int64]]:
    """The distinct kinds of rows given field by field (in Kind's order), first named first, and each row's."""
    index = {k: i for i, k in enumerate(dict.fromkeys(zip(*fields, strict=True)))}
    kind = np.fromiter(map(index.__getitem__, zip(*fields, strict=True)), dtype=np.int64, count=len(fields[0]))
    return [Kind(*k) for k in index], kind


def fast_instant(value: object) -> datetime | None:
    """The common case quickly: an ISO 8601 text (a bare date is 00:00 UTC; no offset is UTC)."""
    if not isinstance(value, str):
        return None
    try:
        found = datetime.fromisoformat(value + "T00:00:00+00:00" if len(value) == 10 else value)
    except ValueError:
        return None
    if found.tzinfo is None:
        return found.replace(tzinfo=UTC)
    return found if found.utcoffset() == ZERO and found.tzinfo is UTC else found.astimezone(UTC)


def fast_count(value: object) -> int | None:
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT:
        return value
    return None


def fast_times(values: list[Any]) -> npt.NDArray[np.int64] | None:
    """Instants in µs when every cell is ISO 8601 text in UTC (`Z`, `+00:00` or no offset); None otherwise.
    The common case — a `Z` or no offset on every cell — is parsed by numpy in one call."""
    if set(map(type, values)) - {str}:
        return None
    clean = _without_z(values)
    if clean is None:
        clean = [v[:-1] if v.endswith(("Z", "z")) else v for v in map(str.strip, values)]
    joined = "".join(clean)
    if "+" in joined or joined.count("-") != 2 * len(clean):  # an offset somewhere (or no dashed date)
        clean = []
        for v in map(str.strip, values):
            found = fast_instant(v[:-1] + "+00:00" if v.endswith(("Z", "z")) else v)
            if found is None:
                return None
            clean.append(found.replace(tzinfo=None).isoformat())
    try:
        parsed = np.array(clean, dtype="datetime64[us]")
    except ValueError:
        return None
    if np.isnat(parsed).any():
        return None
    return parsed.astype(np.int64)


def _without_z(values: list[str]) -> list[str] | None:
    """The texts without their final `Z` when every one ends in `Z` and none holds a line break (the common
    case, in three whole-text operations); None otherwise."""
    joined = "\n".join(values) + "\n"
    if joined.count("\n") != len(values) or joined.count("Z\n") != len(values):
        return None
    return joined.replace("Z\n", "\n").split("\n")[:-1]


def fast_counts(values: list[Any]) -> npt.NDArray[np.int64] | None:
    """Whole numbers 0…MAX_COUNT when every cell is one (JSON integers or ASCII digits); None otherwise."""
    try:
        kinds = set(map(type, values))
        if kinds <= {int}:
            found = np.array(values, dtype=np.int64)
        elif kinds == {str}:
            digits = list(map(str.strip, values))
            joined = "".join(digits)
            if not (joined.isascii() and joined.isdigit() and all(digits)):
                return None
            found = np.fromiter(map(int, digits), dtype=np.int64, count=len(digits))
        else:
            return None
    except (ValueError, OverflowError):
        return None
    return None if (found < 0).any() or (found > MAX_COUNT).any() else found


def fast_columns(table: Table, known: Catalogue) -> Columns | None:
    """The columns when every row is well formed (the common case, checked column-wise); None otherwise."""
    refs, *texts = (table.texts(name) for name in TEXT_FIELDS)
    kinds, kind = kinds_of(*texts)
    starts, ends = fast_times(table.column("start")), fast_times(table.column("end"))
    counts = [fast_counts(table.column(n)) for n in CAP_NAMES]
    return checked_columns(known, table.lines, refs, kinds, kind, starts, ends, counts)


#: The fields read as texts: the ref, then those of Kind.
TEXT_FIELDS = ("ref", "agreement", "visiting_party", "host_party", "facility", "purpose")


def checked_columns(
    known: Catalogue,
    lines: list[int],
    refs: list[str],
    kinds: list[Kind],
    kind: npt.NDArray[np.int64],
    starts: npt.NDArray[np.int64] | None,
    ends: npt.NDArray[np.int64] | None,
    counts: list[npt.NDArray[np.int64] | None],
) -> Columns | None:
    """The columns when every row is well formed: a ref and a purpose on every row (texts stripped), agreements,
    parties and facilities of the catalogue, each start before its end; None otherwise (or when `starts`, `ends`
    or a count column is None)."""
    if not all(refs) or not all(k.purpose for k in kinds):
        return None
    known.look_up_facilities({k.facility for k in kinds})
    for agreement_id, v, h, f in {k[:4] for k in kinds}:
        stored = known.agreement(agreement_id)
        if stored is None or v == h or v not in stored.agreement.parties or h not in stored.agreement.parties:
            return None
        if f:
            found = known.facility(f)
            if found is None or found[1] != h:
                return None
    if starts is None or ends is None or (ends <= starts).any():
        return None
    if any(c is None for c in counts):
        return None
    n = len(lines)
    amounts = np.stack([c for c in counts if c is not None], axis=1) if n else np.zeros((0, 3), np.int64)
    return Columns(lines, refs, kinds, kind, starts, ends, amounts)
