"""human references and titles of deployments, clearances and support orders; the counters they come from

Every record already stored gets its reference in creation order (by creation instant, then id) per host
party, kind and year of creation, and a title made from what it says (relos.domain.titles); the counters
start after the last number given.

Revision ID: 0010_record_references
Revises: 0009_keys_per_user
Create Date: 2026-12-04 10:00:00
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

from relos.db.types import UTCDateTime
from relos.domain import titles
from relos.domain.references import RecordKind, reference_text

revision = "0010_record_references"
down_revision = "0009_keys_per_user"
branch_labels = None
depends_on = None

TABLES = (
    ("deployments", RecordKind.DEPLOYMENT),
    ("clearances", RecordKind.CLEARANCE),
    ("support_orders", RecordKind.ORDER),
)


def upgrade() -> None:
    op.create_table(
        "reference_counters",
        sa.Column("party", sa.String(length=3), nullable=False),
        sa.Column("kind", sa.String(length=3), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.CheckConstraint("kind IN ('DEP', 'CLR', 'ORD')", name=op.f("ck_reference_counters_kind_known")),
        sa.CheckConstraint("last_number >= 1", name=op.f("ck_reference_counters_last_number_positive")),
        sa.PrimaryKeyConstraint("party", "kind", "year", name=op.f("pk_reference_counters")),
    )
    # Plain ALTERs, not batch ones: on SQLite a batch would copy and drop these tables, and dropping one that
    # others refer to (versions, lines, changes) would delete what refers to it.
    for table, _ in TABLES:
        op.add_column(table, sa.Column("reference", sa.String(length=32), server_default="", nullable=False))
        op.add_column(table, sa.Column("title", sa.String(length=200), server_default="", nullable=False))
    bind = op.get_bind()
    places = _places(bind)
    counters: dict[tuple[str, str, int], int] = {}
    for (table, kind), rows in zip(
        TABLES, (_deployments(bind, places), _clearances(bind, places), _orders(bind, places)), strict=True
    ):
        _number(bind, table, kind, rows, counters)
    if counters:
        bind.execute(
            sa.table(
                "reference_counters", sa.column("party"), sa.column("kind"), sa.column("year"), sa.column("last_number")
            ).insert(),
            [{"party": p, "kind": k, "year": y, "last_number": n} for (p, k, y), n in counters.items()],
        )
    for table, _ in TABLES:
        op.create_index(f"ix_{table}_reference", table, ["reference"], unique=True)
        if bind.dialect.name != "sqlite":  # SQLite cannot drop a default without copying the table
            op.alter_column(table, "reference", server_default=None)
            op.alter_column(table, "title", server_default=None)


def downgrade() -> None:
    for table, _ in TABLES:
        op.drop_index(f"ix_{table}_reference", table_name=table)
        op.drop_column(table, "title")
        op.drop_column(table, "reference")
    op.drop_table("reference_counters")


# -- the records as they stand: (id, host party, created at, title) --------------------------------------
Row = tuple[str, str, datetime, str]
Places = dict[str, tuple[str, str]]


def _places(bind: sa.Connection) -> Places:
    """Each facility's name and time zone."""
    rows = bind.execute(sa.text("SELECT id, name_en, timezone FROM facilities")).all()
    return {r[0]: (r[1] or r[0], r[2] or "UTC") for r in rows}


def _window(places: Places, facility_id: str, start: datetime, end: datetime) -> tuple[str, str]:
    name, zone = places.get(facility_id, (facility_id, "UTC"))
    try:
        tz = ZoneInfo(zone)
    except (KeyError, ValueError):
        tz = ZoneInfo("UTC")
    return name, titles.window_text(start, end, tz)


def _table(name: str, *columns: str, instants: Sequence[str] = ()) -> Any:
    return sa.table(name, *(sa.column(c, UTCDateTime()) if c in instants else sa.column(c) for c in columns))


def _deployments(bind: sa.Connection, places: Places) -> list[Row]:
    t = _table(
        "deployments", "id", "host_party", "created_at", "facility_id", "start_at", "end_at", "units", "personnel",
        instants=("created_at", "start_at", "end_at"),
    )  # fmt: skip
    found: list[Row] = []
    for r in bind.execute(sa.select(t)).mappings():
        units = json.loads(r["units"] or "{}")
        place, window = _window(places, r["facility_id"], r["start_at"], r["end_at"])
        title = titles.deployment_title(
            ships=[s.get("name") or "" for s in units.get("ships", [])],
            aircraft=[f"{a.get('type') or ''} {a.get('tail_number') or ''}" for a in units.get("aircraft", [])],
            personnel=int(r["personnel"] or 0),
            place=place,
            window=window,
        )
        found.append((r["id"], r["host_party"], r["created_at"], title))
    return found


def _clearances(bind: sa.Connection, places: Places) -> list[Row]:
    t = _table(
        "clearances", "id", "host_party", "created_at", "facility_id", "start_at", "end_at", "kind", "version",
        instants=("created_at", "start_at", "end_at"),
    )  # fmt: skip
    documents = {
        (r[0], r[1]): r[2]
        for r in bind.execute(sa.text("SELECT clearance_id, version, document FROM clearance_versions")).all()
    }
    found: list[Row] = []
    for r in bind.execute(sa.select(t)).mappings():
        doc = json.loads(documents.get((r["id"], r["version"])) or "{}")
        place, window = _window(places, r["facility_id"], r["start_at"], r["end_at"])
        if r["kind"] == "port_call":
            ships = (doc.get("port_call") or {}).get("ships") or []
            title = titles.port_call_title(ships=[s.get("name") or "" for s in ships], place=place, window=window)
        else:
            planes = (doc.get("airspace") or {}).get("aircraft") or []
            labels = [f"{a.get('type') or ''} {a.get('tail_number') or ''}" for a in planes]
            title = titles.flight_title(aircraft=labels, place=place, window=window)
        found.append((r["id"], r["host_party"], r["created_at"], title))
    return found


def _orders(bind: sa.Connection, places: Places) -> list[Row]:
    t = _table(
        "support_orders", "id", "supplying_party", "created_at", "facility_id", "requesting_unit", "needed_by",
        "version", instants=("created_at",),
    )  # fmt: skip
    items: dict[tuple[str, int], list[str]] = defaultdict(list)
    lines = bind.execute(
        sa.text("SELECT order_id, version, description, item_code FROM support_order_lines ORDER BY line_no")
    ).all()
    for order_id, version, description, item_code in lines:
        items[(order_id, version)].append(description or item_code or "")
    found: list[Row] = []
    for r in bind.execute(sa.select(t)).mappings():
        needed = r["needed_by"]
        if isinstance(needed, str):  # SQLite hands dates back as text to a table without types
            needed = date.fromisoformat(needed)
        title = titles.order_title(
            unit=r["requesting_unit"] or "",
            items=items.get((r["id"], r["version"]), []),
            place=places.get(r["facility_id"], (r["facility_id"], "UTC"))[0],
            needed_by=needed,
        )
        found.append((r["id"], r["supplying_party"], r["created_at"], title))
    return found


def _number(
    bind: sa.Connection,
    table: str,
    kind: RecordKind,
    rows: list[Row],
    counters: dict[tuple[str, str, int], int],
    key: Callable[[Row], tuple[datetime, str]] = lambda r: (r[2], r[0]),
) -> None:
    """References in creation order per host and year of creation (UTC); the counters after the last."""
    updates = []
    for record_id, party, created_at, title in sorted(rows, key=key):
        year = created_at.astimezone(UTC).year
        number = counters.get((party, kind.value, year), 0) + 1
        counters[(party, kind.value, year)] = number
        updates.append({"key": record_id, "reference": reference_text(party, kind, year, number), "title": title})
    if updates:
        target = sa.table(table, sa.column("id"), sa.column("reference"), sa.column("title"))
        bind.execute(
            target.update()
            .where(target.c.id == sa.bindparam("key"))
            .values(reference=sa.bindparam("reference"), title=sa.bindparam("title")),
            updates,
        )
