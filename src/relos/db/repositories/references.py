"""Human references: the next number from a counter row, and the record a reference names.

The next number is one statement, an upsert of the counter row (`INSERT … ON CONFLICT DO UPDATE … RETURNING`):
on PostgreSQL the row stays locked until the creating transaction ends, so a concurrent creation for the same
host, kind and year waits and then takes the following number (or, if this one rolled back, the same one,
which was never given); SQLite transactions are serialised already (IMMEDIATE, relos.db.engine). The unique
constraint on each table's `reference` column is the last guard.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from relos.db.tables.clearances import ClearanceRow
from relos.db.tables.deployments import DeploymentRow
from relos.db.tables.orders import SupportOrderRow
from relos.db.tables.references import ReferenceCounterRow
from relos.domain.references import RecordKind
from relos.services.references import ReferencedRecord


def _columns(kind: RecordKind) -> tuple[Any, Any, Any, Any]:
    """The id, reference and two party columns of the table holding records of `kind`."""
    if kind is RecordKind.DEPLOYMENT:
        return DeploymentRow.id, DeploymentRow.reference, DeploymentRow.visiting_party, DeploymentRow.host_party
    if kind is RecordKind.CLEARANCE:
        return ClearanceRow.id, ClearanceRow.reference, ClearanceRow.visiting_party, ClearanceRow.host_party
    o = SupportOrderRow
    return o.id, o.reference, o.requesting_party, o.supplying_party


class SqlReferenceBook:
    def __init__(self, session: Session) -> None:
        self._s = session

    def next_number(self, *, party: str, kind: RecordKind, year: int) -> int:
        dialect = self._s.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        counter = ReferenceCounterRow.__table__
        statement = (
            insert(ReferenceCounterRow)
            .values(party=party, kind=kind.value, year=year, last_number=1)
            .on_conflict_do_update(
                index_elements=[counter.c.party, counter.c.kind, counter.c.year],
                set_={"last_number": counter.c.last_number + 1},
            )
            .returning(counter.c.last_number)
        )
        return int(self._s.execute(statement).scalar_one())

    def find(self, kind: RecordKind, reference: str) -> ReferencedRecord | None:
        key, reference_column, first, second = _columns(kind)
        row = self._s.execute(select(key, first, second).where(reference_column == reference)).first()
        return None if row is None else ReferencedRecord(row[0], (row[1], row[2]))

    def of_ids(self, kind: RecordKind, record_ids: Collection[str]) -> dict[str, tuple[str, tuple[str, str]]]:
        key, reference_column, first, second = _columns(kind)
        if not record_ids:
            return {}
        rows = self._s.execute(select(key, reference_column, first, second).where(key.in_(list(record_ids))))
        return {row[0]: (row[1], (row[2], row[3])) for row in rows}
