"""Bulk rows on both databases: more keys than either allows bound parameters in one statement, rows inserted
and updated by key with the datetimes and empty values they were given, in the caller's transaction."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Table

from relos.db import bulk_rows
from relos.db.runtime import Database
from relos.db.tables.facilities import FacilityRow

COLUMNS = ("id", "name_en", "name_local", "country", "kind", "lat", "lon", "timezone", "berths", "fuel_types")
COLUMNS += ("water", "rations", "spares", "repair", "medical", "open_under", "estimated", "source", "notes")
COLUMNS += ("search_text", "imported_from", "updated_at")
AT = datetime(2026, 12, 1, 9, 30, 15, 250000, tzinfo=UTC)


def row(i: int) -> tuple[object, ...]:
    unknown = ("unknown",) * 5
    return (f"XX-{i}", f"Place {i}", "", "XXX", "port", 1.5, -2.25, "UTC", None, "", *unknown, "", "", "s", "", "")


def test_seventy_thousand_keys_are_read_inserted_and_updated(database: Database) -> None:
    table = FacilityRow.__table__
    assert isinstance(table, Table)
    rows = [(*row(i), "test", AT) for i in range(70_000)]
    with database.uow() as uow:
        session = uow.session
        bulk_rows.insert(session, table, COLUMNS, rows)
        stored = bulk_rows.read_by_key(session, table, "id", [r[0] for r in rows], ("lat", "berths", "updated_at"))
        assert len(stored) == 70_000 and stored["XX-69999"] == (1.5, None, AT)
        bulk_rows.update(
            session, table, "id", ("name_en", "berths"), [("XX-7", "Seventh", 3), ("XX-8", "Eighth", None)]
        )
        uow.commit()
    with database.uow() as uow:
        again = bulk_rows.read_by_key(
            uow.session, table, "id", ["XX-7", "XX-8", "XX-9", "nowhere"], ("name_en", "berths")
        )
    assert again == {"XX-7": ("Seventh", 3), "XX-8": ("Eighth", None), "XX-9": ("Place 9", None)}
