"""The admission rules of a deployment, each a small pure function, and the explanation of a refusal.

- ``in_force_violation``: the agreement is in force for the whole window (an extension counts only once
  both parties' consents are recorded — ``relos.domain.agreements`` decides the period);
- ``purpose_violation``: the purpose is one the agreement allows ("other" only with recorded mutual consent);
- ``exceeded``: at every instant of the window, with every approved or present deployment, the visiting
  party's warships, aircraft and personnel in the host's territory stay within the caps — raised by a recorded
  override for the caps it names, in its window only — and each facility's berths, aircraft stands and beds
  hold, whatever agreement brought the forces there;
- ``earliest_window``: the earliest window of the same length, at or after the requested start and inside
  the agreement's validity, in which the request would fit.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import numpy as np

from relos.domain.agreements import Agreement, AgreementEvent, Caps, in_force_period
from relos.domain.deployments.model import (
    CAP_NAMES,
    FACILITY_RESOURCES,
    Capacity,
    CapOverride,
    Occupancy,
    Totals,
)
from relos.domain.deployments.presence import MICROSECOND, StepFunction, from_micros, micros
from relos.domain.errors import Violation


@dataclass(frozen=True)
class Limit:
    """A named limit: its base value (None: none) and the windows in which an override sets it higher."""

    name: str
    base: int | None
    raised: tuple[tuple[datetime, datetime, int], ...] = ()

    def pieces(self, start: datetime, end: datetime) -> list[tuple[datetime, datetime, int | None]]:
        """[start, end) cut where the limit changes: (from, until, limit)."""
        cuts = {start, end}
        for a, b, _ in self.raised:
            if a < end and b > start:
                cuts.update(t for t in (a, b) if start < t < end)
        points = sorted(cuts)
        out: list[tuple[datetime, datetime, int | None]] = []
        for a, b in itertools.pairwise(points):
            out.append((a, b, self.at(a)))
        return out

    def at(self, instant: datetime) -> int | None:
        raised = [v for a, b, v in self.raised if a <= instant < b]
        return max(raised) if raised else self.base


@dataclass(frozen=True)
class Check:
    """One limit a request must respect: the load already there, what the request adds, and the limit."""

    limit: Limit
    load: StepFunction
    amount: int


@dataclass(frozen=True)
class Exceeded:
    """A limit exceeded: first instant of the window at which it is, the total there (request included), max."""

    limit: str
    at: datetime
    total: int
    max: int

    def violation(self) -> Violation:
        return Violation(
            rule=self.limit,
            message=f"{self.limit}: {self.total} at {iso(self.at)} exceeds the limit of {self.max}",
            details={"limit": self.limit, "at": iso(self.at), "total": self.total, "max": self.max},
        )


def iso(instant: datetime) -> str:
    if instant.tzinfo is not UTC:  # (what the database gives is in UTC already)
        instant = instant.astimezone(UTC)
    return instant.isoformat().replace("+00:00", "Z")


def midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


# -- the agreement --------------------------------------------------------------------------------------
def in_force_violation(
    agreement: Agreement, events: Iterable[AgreementEvent], start: datetime, end: datetime
) -> Violation | None:
    """The agreement must be in force for the whole of [start, end)."""
    period = in_force_period(agreement, events)
    details = {"limit": "not_in_force", "at": iso(start), "total": 0, "max": 0}
    if period is None:
        return Violation("not_in_force", f"{agreement.id} is not in force (no entry into force recorded)", details)
    since, until = midnight(period[0]), midnight(period[1])
    if start < since or end > until:
        return Violation(
            "not_in_force",
            f"{agreement.id} is in force from {period[0]} until {period[1]} (exclusive); "
            f"the window {iso(start)} – {iso(end)} is not inside it",
            details,
        )
    return None


def validity(agreement: Agreement, events: Iterable[AgreementEvent]) -> tuple[datetime, datetime] | None:
    period = in_force_period(agreement, events)
    return None if period is None else (midnight(period[0]), midnight(period[1]))


def purpose_violation(agreement: Agreement, purpose: str, *, consent: str = "", start: datetime) -> Violation | None:
    """The purpose must be one the agreement allows; "other" only with a recorded mutual consent."""
    if agreement.allows_purpose(purpose, mutual_consent=bool(consent.strip())):
        return None
    allowed = ", ".join(agreement.purposes)
    if purpose == "other" and agreement.other_purposes_by_mutual_consent:
        why = "purpose 'other' needs the reference of the parties' recorded mutual consent"
    else:
        why = f"{purpose!r} is not a purpose {agreement.id} allows ({allowed})"
    return Violation(
        "purpose_not_allowed", why, {"limit": "purpose_not_allowed", "at": iso(start), "total": 0, "max": 0}
    )


# -- caps and capacities --------------------------------------------------------------------------------
def cap_limits(caps: Caps, overrides: Iterable[CapOverride]) -> dict[str, Limit]:
    """The caps as limits, each raised where a recorded override names it (in the override's window only)."""
    found = list(overrides)
    return {
        name: Limit(
            name,
            getattr(caps, name),
            tuple((o.start, o.end, v) for o in found if (v := o.limit(name)) is not None),
        )
        for name in CAP_NAMES
    }


def facility_limits(capacity: Capacity) -> dict[str, Limit]:
    return {
        resource: Limit(f"facility:{capacity.facility_id}:{resource}", value)
        for resource, value in capacity.limits().items()
        if value is not None
    }


Spans = Iterable[tuple[tuple[datetime, datetime], Totals]]


def load_of(spans: Spans, name: str) -> StepFunction:
    """The step function of one total (warships, aircraft or personnel) of forces present on their spans."""
    return StepFunction.of((a, b, t.get(name)) for (a, b), t in spans)


def build_checks(
    *,
    totals: Totals,
    visiting_party: str,
    facility_id: str,
    caps: dict[str, Limit],
    capacity: Capacity | None,
    others: Sequence[Occupancy],
    now: datetime,
) -> list[Check]:
    """What a request of `totals` must respect, against `others` (the occupying deployments of the host's
    territory, the request itself excluded). Limits the request adds nothing to cannot newly be exceeded."""
    present = [(d, span) for d in others if (span := d.presence(now)) is not None]
    mine = [(span, d.totals) for d, span in present if d.visiting_party == visiting_party]
    here = [(span, d.totals) for d, span in present if d.facility_id == facility_id]
    return checks_of(
        totals=totals,
        caps=caps,
        capacity=capacity,
        party_load=lambda name: load_of(mine, name),
        facility_load=lambda name: load_of(here, name),
    )


def checks_of(
    *,
    totals: Totals,
    caps: dict[str, Limit],
    capacity: Capacity | None,
    party_load: Callable[[str], StepFunction],
    facility_load: Callable[[str], StepFunction],
) -> list[Check]:
    """As `build_checks`, given the loads already there: of the visiting party's forces and of the forces at the
    facility, each total by name (asked only for the totals the request adds to under a limit)."""
    checks: list[Check] = []
    for name in CAP_NAMES:
        amount = totals.get(name)
        if amount and (caps[name].base is not None or caps[name].raised):
            checks.append(Check(caps[name], party_load(name), amount))
    if capacity is not None:
        for resource, limit in facility_limits(capacity).items():
            total_name = FACILITY_RESOURCES[resource]
            amount = totals.get(total_name)
            if amount:
                checks.append(Check(limit, facility_load(total_name), amount))
    return checks


def relied_on(
    *,
    caps: Caps,
    kept: Iterable[CapOverride],
    visiting_party: str,
    others: Sequence[Occupancy],
    start: datetime,
    end: datetime,
    now: datetime,
) -> list[Exceeded]:
    """Where, within [start, end), the visiting party's forces already approved or present would exceed the caps
    if only the `kept` overrides held: what revoking another override covering that window would break. A
    revocation is refused while this is not empty (the forces rely on the override)."""
    limits = cap_limits(caps, kept)
    mine = [(span, d.totals) for d in others if d.visiting_party == visiting_party and (span := d.presence(now))]
    out: list[Exceeded] = []
    for name in CAP_NAMES:
        load = load_of(mine, name)
        bad = _first_bad(Check(limits[name], load, 0), start, end)
        if bad is not None:
            out.append(Exceeded(name, bad[0], load.at(bad[0]), bad[1]))
    return out


def _first_bad(check: Check, start: datetime, end: datetime) -> tuple[datetime, int] | None:
    """The first instant of [start, end) at which the check fails, with the limit there."""
    for a, b, limit in check.limit.pieces(start, end):
        if limit is None:
            continue
        found = check.load.first_above(a, b, limit - check.amount)
        if found is not None:
            return found, limit
    return None


def exceeded(checks: Iterable[Check], start: datetime, end: datetime) -> list[Exceeded]:
    """Every limit exceeded somewhere in [start, end), each at its first instant."""
    out: list[Exceeded] = []
    for check in checks:
        bad = _first_bad(check, start, end)
        if bad is not None:
            at, limit = bad
            out.append(Exceeded(check.limit.name, at, check.load.at(at) + check.amount, limit))
    return out


def _bad_run_end(check: Check, instant: datetime, horizon: datetime) -> datetime:
    """The first instant ≥ `instant` (before `horizon`) at which the check holds again; `horizon` if none."""
    for a, b, limit in check.limit.pieces(instant, horizon):
        if limit is None:
            return a
        found = check.load.first_at_most(a, b, limit - check.amount)
        if found is not None:
            return found
    return horizon


#: Jumps from failing run to failing run before the search turns to one vectorised pass (see below).
WALK = 16


def earliest_window(
    checks: Sequence[Check], *, start: datetime, length: timedelta, not_after: datetime, walk: int = WALK
) -> tuple[datetime, datetime] | None:
    """The earliest [s, s + length) with s ≥ start and s + length ≤ not_after in which every check holds.

    A window near the requested start is found by jumping from each failing run to the end of it, O(log n) a
    jump on the step functions' trees. Where fitting windows are scarce (a crowded horizon, or none at all)
    that could take thousands of jumps, so after `walk` of them the rest of the horizon is searched in one
    vectorised pass: every check's failing steps, their union, and its first gap of at least `length`."""
    candidate = start
    for _ in range(walk):
        if candidate + length > not_after:
            return None
        end = candidate + length
        first: tuple[datetime, Check] | None = None
        for check in checks:
            bad = _first_bad(check, candidate, end)
            if bad is not None and (first is None or bad[0] < first[0]):
                first = (bad[0], check)
        if first is None:
            return candidate, end
        instant, check = first
        candidate = _bad_run_end(check, instant, not_after)
    return _first_gap(checks, start=candidate, length=length, not_after=not_after)


def _first_gap(
    checks: Sequence[Check], *, start: datetime, length: timedelta, not_after: datetime
) -> tuple[datetime, datetime] | None:
    """`earliest_window` in one pass: the union of the intervals in which some check fails, within
    [start, not_after), and the first gap of it at least `length` long (numpy; O(m log m) for m steps)."""
    if start + length > not_after:
        return None
    lo, hi, need = micros(start), micros(not_after), length // MICROSECOND
    fail_starts, fail_ends = [], []
    for check in checks:
        for a, b, limit in check.limit.pieces(start, not_after):
            if limit is not None:
                s, e = check.load.excess(micros(a), micros(b), limit - check.amount)
                fail_starts.append(s)
                fail_ends.append(e)
    starts = np.concatenate([np.empty(0, dtype=np.int64), *fail_starts])
    ends = np.concatenate([np.empty(0, dtype=np.int64), *fail_ends])
    order = np.argsort(starts, kind="stable")  # each check's intervals come sorted: this merges sorted runs
    reach = np.maximum.accumulate(ends[order]) if len(order) else ends
    gap_starts = np.concatenate([np.array([lo], dtype=np.int64), reach])  # gap i: [reach[i-1], starts[i])
    gap_ends = np.concatenate([starts[order], np.array([hi], dtype=np.int64)])
    fits = np.flatnonzero(gap_ends - gap_starts >= need)
    if not len(fits):
        return None
    begin = from_micros(int(gap_starts[fits[0]]))
    return begin, begin + length
