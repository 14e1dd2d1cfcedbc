"""The deployments table's statements, built once (Core, not the ORM: its bookkeeping per row was most of the
cost of an approval's reads), a deployment's columns and units as the table holds them, and a deployment from
its row."""

from __future__ import annotations

import functools
import json
from datetime import datetime
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import CompoundSelect, Select, Table, bindparam, literal_column, or_, select, union_all, update

from relos.db.repositories.keyset import following
from relos.db.repositories.presence_index import OCCUPANCY_COLUMNS
from relos.db.tables.deployments import DeploymentRow, DeploymentVersionRow
from relos.domain.deployments.model import Aircraft, Deployment, DeploymentStatus, Ship

#: Statuses whose window (or actual stay) occupies capacity; ARRIVED is fetched whatever its window.
WINDOWED = ("approved", "departed", "closed")


#: Every column of a deployment but the one the database keeps (`presence_seq`): read and written as Core
#: statements, compiled once — the ORM's bookkeeping per row is most of the cost of an approval's two reads.
FIXED = ("id", "created_at", "reference", "title")  # set when it is added, never by `save`
TABLE = cast(Table, DeploymentRow.__table__)
COLUMNS = tuple(c for c in TABLE.c if c.key != "presence_seq")
READ = select(*COLUMNS).where(TABLE.c.id == bindparam("key"))
#: PostgreSQL: with the row's version (`xmin`, changed by every write of the row), for `again`
READ_MARKED = select(*COLUMNS, literal_column("deployments.xmin::text")).where(TABLE.c.id == bindparam("key"))
VERSION = select(TABLE.c.version).where(TABLE.c.id == bindparam("key"))
#: PostgreSQL: the row versions of several deployments (see READ_MARKED)
MARKERS = select(TABLE.c.id, literal_column("deployments.xmin::text")).where(
    TABLE.c.id.in_(bindparam("keys", expanding=True))
)
VERSIONS = cast(Table, DeploymentVersionRow.__table__)
#: A deployment's versions as its history lists them, without their documents (each a whole deployment)
HISTORY_COLUMNS = (VERSIONS.c.version, VERSIONS.c.reason, VERSIONS.c.recorded_by, VERSIONS.c.recorded_at)
HISTORY = select(*HISTORY_COLUMNS).where(VERSIONS.c.deployment_id == bindparam("key")).order_by(VERSIONS.c.version)
WRITE = (
    update(TABLE)
    .where(TABLE.c.id == bindparam("key"))
    .values({c.key: bindparam(c.key, type_=c.type) for c in COLUMNS if c.key not in FIXED})
)

#: the last entry of the (host, duration) index, not a scan of it
LONGEST = (
    select(DeploymentRow.duration_s)
    .where(DeploymentRow.host_party == bindparam("host"))
    .order_by(DeploymentRow.duration_s.desc())
    .limit(1)
)


@functools.cache
def occupancy_query(by_visitor: bool, by_facility: bool) -> CompoundSelect[Any]:
    """What occupies the host's territory in [:start, :end) — of the visiting party (:visitor) and at the
    facility (:facility) when asked, else all of it: approved windows, forces present now (an overstay counts
    until departure) and actual stays reaching outside their window. One round trip in which each branch keeps
    its own index (UNION ALL, not OR, which would scan); built once per shape, then only its parameters change."""
    row = DeploymentRow
    host = row.host_party == bindparam("host")
    windowed = (
        row.status.in_(WINDOWED),
        row.start_at >= bindparam("earliest"),
        row.start_at < bindparam("end"),
        row.end_at > bindparam("start"),
    )
    whose = ([row.visiting_party == bindparam("visitor")] if by_visitor else []) + (
        [row.facility_id == bindparam("facility")] if by_facility else []
    )
    queries = [select(*OCCUPANCY_COLUMNS).where(host, who, *windowed) for who in whose] or [
        select(*OCCUPANCY_COLUMNS).where(host, *windowed)
    ]
    scope = or_(*whose) if whose else host
    queries.append(select(*OCCUPANCY_COLUMNS).where(host, row.status == "arrived", scope))
    queries.append(
        select(*OCCUPANCY_COLUMNS).where(
            host,
            row.status.in_(("departed", "closed")),
            row.departed_at > bindparam("start"),
            row.arrived_at < bindparam("end"),
            or_(row.arrived_at < row.start_at, row.departed_at > row.end_at),
            scope,
        )
    )
    return union_all(*queries)


def row_values(d: Deployment, now: datetime) -> dict[str, Any]:
    """The columns `save` writes (all but those fixed when the deployment was added)."""
    totals = d.totals
    return {
        "agreement_id": d.agreement_id,
        "visiting_party": d.visiting_party,
        "host_party": d.host_party,
        "facility_id": d.facility_id,
        "purpose": d.purpose,
        "purpose_consent": d.purpose_consent,
        "start_at": d.start,
        "end_at": d.end,
        "duration_s": d.duration_s,
        "units": units_json(d),
        "warships": totals.warships,
        "aircraft": totals.aircraft,
        "personnel": totals.personnel,
        "status": d.status.value,
        "version": d.version,
        "requested_by": d.requested_by,
        "decided_by": d.decided_by,
        "decided_at": d.decided_at,
        "decision_reason": d.decision_reason,
        "arrived_at": d.arrived_at,
        "departed_at": d.departed_at,
        "note": d.note,
        "amendment_reason": d.amendment_reason,
        "updated_at": now,
    }


def units_json(d: Deployment) -> str:
    return json.dumps(
        {
            "ships": [s.as_dict() for s in d.ships],
            "aircraft": [a.as_dict() for a in d.aircraft],
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )


@functools.cache
def list_statement(
    sort: str,
    descending: bool,
    *,
    limited: bool,
    after: bool,
    agreement: bool,
    status: bool,
    party: bool,
    facility: bool,
) -> Select[Any]:
    """A page of deployments in `sort` order ("start" or "reference"), then by id; each filter given (True) is a
    bound parameter of that name (:after, :agreement, :status, :party, :facility), and so is :limit when
    `limited`. Built once per shape, so that running it again costs neither building nor its cache key."""
    column = TABLE.c.reference if sort == "reference" else TABLE.c.start_at
    query = select(*COLUMNS).limit(bindparam("limit")) if limited else select(*COLUMNS)
    if after:
        query = following(query, column, TABLE.c.id, bindparam("after"), descending=descending)
    if agreement:
        query = query.where(TABLE.c.agreement_id == bindparam("agreement"))
    if status:
        query = query.where(TABLE.c.status == bindparam("status"))
    if party:
        query = query.where(or_(TABLE.c.visiting_party == bindparam("party"), TABLE.c.host_party == bindparam("party")))
    if facility:
        query = query.where(TABLE.c.facility_id == bindparam("facility"))
    return query.order_by(column.desc() if descending else column, TABLE.c.id)


def units_of(text: str) -> tuple[tuple[Ship, ...], tuple[Aircraft, ...]]:
    data: dict[str, Any] = json.loads(text)
    ships = tuple(
        Ship(
            name=s["name"],
            hull_number=s["hull_number"],
            ship_class=s["class"],
            displacement_t=s["displacement_t"],
            length_m=s["length_m"],
            beam_m=s["beam_m"],
            draught_m=s["draught_m"],
        )
        for s in data["ships"]
    )
    aircraft = tuple(Aircraft(a["type"], a["tail_number"], a["callsign"]) for a in data["aircraft"])
    return ships, aircraft


#: Where each of a deployment's columns is in a row that begins with `COLUMNS` (read by position: a row's
#: attributes by name cost ten times as much, and a page reads twenty rows).
_AT = {c.key: i for i, c in enumerate(COLUMNS)}
_FIELDS = ("id", "agreement_id", "visiting_party", "host_party", "facility_id", "purpose", "purpose_consent",
           "start_at", "end_at", "personnel", "requested_by", "created_at", "status", "version", "decided_by",
           "decided_at", "decision_reason", "arrived_at", "departed_at", "note", "amendment_reason", "reference",
           "title", "units")  # fmt: skip
_PICK = itemgetter(*(_AT[name] for name in _FIELDS))


def deployment_from(row: Any) -> Deployment:
    """From a Core row that begins with `COLUMNS` (more may follow)."""
    (key, agreement_id, visiting_party, host_party, facility_id, purpose, purpose_consent, start, end, personnel,
     requested_by, created_at, status, version, decided_by, decided_at, decision_reason, arrived_at, departed_at,
     note, amendment_reason, reference, title, units) = _PICK(row)  # fmt: skip
    ships, aircraft = units_of(units)
    return Deployment(
        id=key,
        agreement_id=agreement_id,
        visiting_party=visiting_party,
        host_party=host_party,
        facility_id=facility_id,
        purpose=purpose,
        purpose_consent=purpose_consent,
        start=start,
        end=end,
        ships=ships,
        aircraft=aircraft,
        personnel=personnel,
        requested_by=requested_by,
        created_at=created_at,
        status=DeploymentStatus(status),
        version=version,
        decided_by=decided_by,
        decided_at=decided_at,
        decision_reason=decision_reason,
        arrived_at=arrived_at,
        departed_at=departed_at,
        note=note,
        amendment_reason=amendment_reason,
        reference=reference,
        title=title,
    )
