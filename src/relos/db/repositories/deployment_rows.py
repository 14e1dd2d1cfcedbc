"""The deployments table's statements, built once (Core, not the ORM: its bookkeeping per row was most of the
cost of an approval's reads), a deployment's columns and units as the table holds them, and a deployment from
its row."""

from __future__ import annotations

import functools
import json
from datetime import datetime
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


def deployment_from(row: Any) -> Deployment:
    """From an ORM row or a Core row of `COLUMNS` (the same names)."""
    ships, aircraft = units_of(row.units)
    return Deployment(
        id=row.id,
        agreement_id=row.agreement_id,
        visiting_party=row.visiting_party,
        host_party=row.host_party,
        facility_id=row.facility_id,
        purpose=row.purpose,
        purpose_consent=row.purpose_consent,
        start=row.start_at,
        end=row.end_at,
        ships=ships,
        aircraft=aircraft,
        personnel=row.personnel,
        requested_by=row.requested_by,
        created_at=row.created_at,
        status=DeploymentStatus(row.status),
        version=row.version,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        decision_reason=row.decision_reason,
        arrived_at=row.arrived_at,
        departed_at=row.departed_at,
        note=row.note,
        amendment_reason=row.amendment_reason,
        reference=row.reference,
        title=row.title,
    )
