"""Each host's presence kept warm in the server process: its occupying deployments and cap overrides in effect,
checked against the database in one statement before each use (relos.db.presence_triggers keeps the versions).

The statement reads the host's version and, in the same snapshot, the deployments written since the version the
process holds; those are applied to the index, which is then as true as the database was. A change no row shows
(an override, a removed deployment), another epoch (the database emptied and filled again) or a version older
than the one held (a restore) has the host's presence read again whole. A unit of work that has itself written
deployments or overrides, not yet committed, reads the database as before and leaves the index alone: the index
only ever holds what was committed.

Admission decisions take the host's presence lock first (relos.services.deployments.lifecycle): the statement
is then read under it, as the queries it replaces were.
"""

from __future__ import annotations

import functools
import threading
import weakref
from bisect import bisect_left, insort
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Select, String, and_, any_, bindparam, literal_column, select, type_coerce
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session
from sqlalchemy.pool import Pool
from sqlalchemy.types import NullType as Raw

from relos.db.repositories.columns import read_columns
from relos.db.tables.deployments import DeploymentRow, HostPresenceRow
from relos.domain.deployments.loads import LoadSums
from relos.domain.deployments.model import CAP_NAMES, CapOverride, DeploymentStatus, Occupancy, Totals
from relos.domain.deployments.presence import EPOCH, StepFunction

#: The columns an admission decision needs (not the units: their totals are stored beside them).
#: The instants come raw (SQLite: ISO text, PostgreSQL: datetimes) and are read by `instant`, which is
#: several times cheaper per value than the generic type processing — it is per row of every approval.
OCCUPANCY_COLUMNS = (
    DeploymentRow.id,
    DeploymentRow.visiting_party,
    DeploymentRow.facility_id,
    DeploymentRow.status,
    type_coerce(DeploymentRow.start_at, Raw).label("start_at"),
    type_coerce(DeploymentRow.end_at, Raw).label("end_at"),
    DeploymentRow.warships,
    DeploymentRow.aircraft,
    DeploymentRow.personnel,
    type_coerce(DeploymentRow.arrived_at, Raw).label("arrived_at"),
    type_coerce(DeploymentRow.departed_at, Raw).label("departed_at"),
)
STATUSES = {s.value: s for s in DeploymentStatus}
_OCCUPYING = frozenset({DeploymentStatus.APPROVED, DeploymentStatus.ARRIVED, DeploymentStatus.DEPARTED,
                        DeploymentStatus.CLOSED})  # fmt: skip
_WINDOWED = frozenset({DeploymentStatus.APPROVED, DeploymentStatus.DEPARTED, DeploymentStatus.CLOSED})
_ENDED = frozenset({DeploymentStatus.DEPARTED, DeploymentStatus.CLOSED})
_NEVER = 2**62  # a version no host reaches: asks the statement for the version alone


def instant(value: Any) -> datetime:
    if isinstance(value, str):  # SQLite: naive UTC text, as db.types.UTCDateTime writes it
        return datetime.fromisoformat(value + "+00:00")
    assert isinstance(value, datetime)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def maybe_instant(value: Any) -> datetime | None:
    return None if value is None else instant(value)


def occupancy(row: Sequence[Any]) -> Occupancy:
    """An Occupancy from a row of OCCUPANCY_COLUMNS."""
    key, visitor, facility, status, begins, ends, warships, aircraft, personnel, arrived, departed = row[:11]
    return Occupancy(
        key, visitor, facility, STATUSES[status], instant(begins), instant(ends),
        Totals(warships, aircraft, personnel), maybe_instant(arrived), maybe_instant(departed),
    )  # fmt: skip


@functools.cache
def _changed(watching: bool = False) -> Select[Any]:
    """The host's version and, in the same snapshot, its deployments written since version :seen; `watching`
    (PostgreSQL): with the row versions (`xmin`, changed whenever a row is written) of the deployments :watch (a
    list of ids), as one JSON object by id (SQL NULL when none of them exists)."""
    presence = HostPresenceRow
    joined = presence.__table__.outerjoin(
        DeploymentRow.__table__,
        and_(DeploymentRow.host_party == presence.host_party, DeploymentRow.presence_seq > bindparam("seen")),
    )
    watched = DeploymentRow.__table__.alias("watched")
    row_versions: Select[Any] = select(literal_column("json_object_agg(watched.id, watched.xmin::text)"))
    watch = bindparam("watch", type_=ARRAY(String))
    extra = (
        (row_versions.select_from(watched).where(watched.c.id == any_(watch)).scalar_subquery(),) if watching else ()
    )
    return (
        select(*OCCUPANCY_COLUMNS, *extra, presence.version, presence.reset_seq, presence.epoch)
        .select_from(joined)
        .where(presence.host_party == bindparam("host"))
    )


class HostIndex:
    """One host's occupying deployments and overrides in effect, as of `version` of `epoch`. Its `lock` guards
    every reading and change; no statement runs under it (`generation` tells whether it changed meanwhile)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.generation = 0
        self.epoch: str | None = None
        self.version = 0
        self.rows: dict[str, Occupancy] = {}
        self.windowed: list[tuple[datetime, str]] = []  # (start, id) of those held by their window, sorted
        self.longest = timedelta(0)  # no windowed one is longer (it may once have been: only a bound)
        self.arrived: set[str] = set()
        self.stays: set[str] = set()  # departed or closed, present outside their window
        self.overrides: tuple[CapOverride, ...] = ()
        #: the loads of those not arrived (whose presence does not move with the clock), by (scope, who, total):
        #: scope "party" (the visiting party's) or "facility" (the forces at it)
        self.sums = LoadSums()

    def refresh(
        self,
        session: Session,
        host: str,
        read_overrides: Callable[[], list[CapOverride]],
        *,
        watch: Sequence[str] | None = None,
    ) -> tuple[bool, dict[str, str] | None]:
        """Bring the index up to (at least) the database's version as `session` reads it; False when other
        threads kept changing it meanwhile (then the caller reads the database instead). With `watch`
        (PostgreSQL only): also the row versions of those deployments as the same statement read them, by id (a
        deployment that does not exist is left out; None: not read, the host having no presence row)."""
        markers: dict[str, str] | None = None
        for _ in range(3):
            with self.lock:
                generation, held_epoch, held = self.generation, self.epoch, self.version
            seen = held if held_epoch is not None else _NEVER
            params = {"host": host, "seen": seen} | ({"watch": list(watch)} if watch is not None else {})
            rows = read_columns(session, _changed(watch is not None), params).all()
            if rows and watch is not None:
                markers = rows[0][len(OCCUPANCY_COLUMNS)] or {}
            if not rows:  # no version row: nothing ever occupied the host, nor was an override recorded
                if held_epoch is None and not self.rows:
                    return True, markers
                whole: list[Occupancy] | None = []
                overrides: tuple[CapOverride, ...] = ()
                epoch, version = None, 0
            else:
                version, reset, epoch = rows[0][-3:]
                if epoch == held_epoch and version == held:
                    return True, markers
                whole, overrides = None, ()
                if epoch != held_epoch or reset > held or version < held:
                    query = select(*OCCUPANCY_COLUMNS).where(
                        DeploymentRow.host_party == host, DeploymentRow.status.in_([s.value for s in _OCCUPYING])
                    )
                    whole = [occupancy(r) for r in read_columns(session, query)]
                    overrides = tuple(read_overrides())
            with self.lock:
                if self.generation != generation:
                    continue
                if whole is not None:
                    self._reload(whole, epoch, version, overrides)
                else:
                    for row in rows:
                        if row[0] is not None:
                            self._put(occupancy(row))
                    self.version = version
                self.generation += 1
                return True, markers
        return False, markers

    def _reload(
        self, rows: Iterable[Occupancy], epoch: str | None, version: int, overrides: tuple[CapOverride, ...]
    ) -> None:
        self.rows, self.windowed, self.arrived, self.stays = {}, [], set(), set()
        self.longest = timedelta(0)
        self.sums.clear()
        for o in rows:
            self._put(o)
        self.epoch, self.version, self.overrides = epoch, version, overrides

    def _put(self, o: Occupancy) -> None:
        old = self.rows.pop(o.id, None)
        if old is not None:
            if old.status in _WINDOWED:
                del self.windowed[bisect_left(self.windowed, (old.start, old.id))]
            self.arrived.discard(old.id)
            self.stays.discard(old.id)
            self._count(old, -1)
        if o.status not in _OCCUPYING:
            return
        self.rows[o.id] = o
        self._count(o, 1)
        if o.status in _WINDOWED:
            insort(self.windowed, (o.start, o.id))
            self.longest = max(self.longest, o.end - o.start)
        if o.status is DeploymentStatus.ARRIVED:
            self.arrived.add(o.id)
        elif o.status in _ENDED and _outside_window(o):
            self.stays.add(o.id)

    def _count(self, o: Occupancy, sign: int) -> None:
        """Add (1) or take away (-1) the load of `o`, unless it has arrived (its presence moves with the clock)."""
        if o.status is DeploymentStatus.ARRIVED:
            return
        span = o.presence(EPOCH)  # not arrived: the same at any instant
        if span is None:
            return
        for name in CAP_NAMES:
            amount = sign * o.totals.get(name)
            self.sums.add(("party", o.visiting_party, name), *span, amount)
            self.sums.add(("facility", o.facility_id, name), *span, amount)

    def load(self, scope: str, who: str, name: str, *, now: datetime, excluding: str) -> StepFunction:
        """The total `name` of the forces of `who` (scope "party": the visiting party's; "facility": those at it)
        at every instant, as they stand `now`, deployment `excluding` left out (the caller holds `lock`)."""
        extra: list[tuple[datetime, datetime, int]] = []
        for key in self.arrived:
            o = self.rows[key]
            if key != excluding and (o.visiting_party if scope == "party" else o.facility_id) == who:
                span = o.presence(now)
                if span is not None:
                    extra.append((*span, o.totals.get(name)))
        left_out = self.rows.get(excluding)
        if left_out is not None and left_out.status is not DeploymentStatus.ARRIVED:
            span = left_out.presence(now)
            if span is not None and (left_out.visiting_party if scope == "party" else left_out.facility_id) == who:
                extra.append((*span, -left_out.totals.get(name)))
        return self.sums.load((scope, who, name), extra)

    def occupying(
        self, start: datetime, end: datetime, visiting_party: str | None, facility_id: str | None
    ) -> list[Occupancy]:
        """As SqlDeploymentRepository.occupying, from memory (the caller holds `lock`)."""
        anyone = visiting_party is None and facility_id is None

        def scoped(o: Occupancy) -> bool:
            return anyone or o.visiting_party == visiting_party or o.facility_id == facility_id

        found: dict[str, Occupancy] = {}
        lo = bisect_left(self.windowed, (start - self.longest - timedelta(seconds=1), ""))
        hi = bisect_left(self.windowed, (end, ""))
        for _, key in self.windowed[lo:hi]:
            o = self.rows[key]
            if o.end > start and scoped(o):
                found[key] = o
        for key in self.arrived:
            o = self.rows[key]
            if scoped(o):
                found[key] = o
        for key in self.stays:
            o = self.rows[key]
            departed, arrived = o.departed_at, o.arrived_at
            if departed is not None and arrived is not None and departed > start and arrived < end and scoped(o):
                found[key] = o
        return list(found.values())


def _outside_window(o: Occupancy) -> bool:
    if o.arrived_at is None or o.departed_at is None:
        return False
    return o.arrived_at < o.start or o.departed_at > o.end


class WarmPresence:
    """A host's presence read from the process's index (relos.services.deployments.ports.HostPresence)."""

    def __init__(self, index: HostIndex) -> None:
        self._index = index

    def occupying(
        self, *, start: datetime, end: datetime, visiting_party: str | None = None, facility_id: str | None = None
    ) -> list[Occupancy]:
        with self._index.lock:
            return self._index.occupying(start, end, visiting_party, facility_id)

    def overrides(self, *, visiting_party: str) -> list[CapOverride]:
        with self._index.lock:
            return [o for o in self._index.overrides if o.visiting_party == visiting_party]

    def loads(self, *, now: datetime, visiting_party: str, facility_id: str, excluding: str) -> WarmLoads:
        return WarmLoads(
            self._index, now=now, visiting_party=visiting_party, facility_id=facility_id, excluding=excluding
        )


class WarmLoads:
    """The loads a request is checked against, from the process's index (relos.services.deployments.ports)."""

    def __init__(
        self, index: HostIndex, *, now: datetime, visiting_party: str, facility_id: str, excluding: str
    ) -> None:
        self._index, self._now, self._excluding = index, now, excluding
        self._visitor, self._facility = visiting_party, facility_id

    def party(self, name: str) -> StepFunction:
        with self._index.lock:
            return self._index.load("party", self._visitor, name, now=self._now, excluding=self._excluding)

    def facility(self, name: str) -> StepFunction:
        with self._index.lock:
            return self._index.load("facility", self._facility, name, now=self._now, excluding=self._excluding)


_INDEXES: weakref.WeakKeyDictionary[Pool, dict[str, HostIndex]] = weakref.WeakKeyDictionary()
_MAKING = threading.Lock()


def host_index(session: Session, host: str) -> HostIndex:
    """The process's index of `host` in the database `session` reads (one per connection pool)."""
    bind = session.get_bind()
    pool = bind.pool if isinstance(bind, Engine) else bind.engine.pool
    with _MAKING:
        hosts = _INDEXES.setdefault(pool, {})
        index = hosts.get(host)
        if index is None:
            index = hosts[host] = HostIndex()
    return index
