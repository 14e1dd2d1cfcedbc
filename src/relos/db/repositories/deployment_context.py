"""A deployment read in one statement with what is read with it: its agreement (and the agreement's events) and
its facility, what a decision on it reads before its host's lock (one round trip instead of three); or its
versions' history, what a reader of it is shown (one instead of two)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, Select, bindparam, literal_column, select

from relos.db.repositories.agreements import WITH_EVENT_COLUMNS, stored_agreement
from relos.db.repositories.deployment_rows import COLUMNS, HISTORY_COLUMNS, TABLE, VERSIONS
from relos.db.repositories.facilities import FACILITY_COLUMNS, facility_from
from relos.db.tables.agreements import AgreementEventRow, AgreementRow
from relos.db.tables.facilities import FacilityRow
from relos.domain.facilities import Facility
from relos.services.agreements.ports import StoredAgreement
from relos.services.deployments.ports import VersionEntry

#: Where the facility's and the agreement's columns begin in a row of `IN_CONTEXT`.
_FACILITY_AT = len(COLUMNS)
_AGREEMENT_AT = _FACILITY_AT + len(FACILITY_COLUMNS)


def _in_context(*extra: Any) -> Select[Any]:
    return (
        select(*COLUMNS, *FACILITY_COLUMNS, *WITH_EVENT_COLUMNS, *extra)
        .select_from(TABLE)
        .outerjoin(FacilityRow, FacilityRow.id == TABLE.c.facility_id)
        .outerjoin(AgreementRow, AgreementRow.id == TABLE.c.agreement_id)
        .outerjoin(AgreementEventRow, AgreementEventRow.agreement_id == AgreementRow.id)
        .where(TABLE.c.id == bindparam("key"))
        .order_by(AgreementEventRow.on, AgreementEventRow.id)
    )


#: The deployment's columns first (a row of it reads as `deployment_rows.READ`'s), then its facility's, then its
#: agreement's with one event (a row per event). Compiled once.
IN_CONTEXT = _in_context()
#: PostgreSQL: with the deployment row's version (`xmin`) last, as `deployment_rows.READ_MARKED`.
IN_CONTEXT_MARKED = _in_context(literal_column("deployments.xmin::text"))


def facility_of(row: Row[Any]) -> Facility | None:
    """The facility in a row of `IN_CONTEXT`; None when the catalogue has none of that id."""
    values = row[_FACILITY_AT:_AGREEMENT_AT]
    return facility_from(values) if values[0] is not None else None


def agreement_of(agreement_id: str, rows: Sequence[Row[Any]]) -> StoredAgreement | None:
    """The agreement in the rows of `IN_CONTEXT`; None when there is no agreement of that id."""
    return stored_agreement(agreement_id, rows, at=_AGREEMENT_AT) if rows[0][_AGREEMENT_AT] is not None else None


#: The deployment's columns, then one of its versions' (a row per version, oldest first). Compiled once.
WITH_HISTORY = (
    select(*COLUMNS, *HISTORY_COLUMNS)
    .select_from(TABLE)
    .outerjoin(VERSIONS, VERSIONS.c.deployment_id == TABLE.c.id)
    .where(TABLE.c.id == bindparam("key"))
    .order_by(VERSIONS.c.version)
)


def history_of(rows: Sequence[Row[Any]]) -> list[VersionEntry]:
    """The versions in the rows of `WITH_HISTORY`, oldest first."""
    at = len(COLUMNS)
    return [VersionEntry(*row[at:]) for row in rows if row[at] is not None]
