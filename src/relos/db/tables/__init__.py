"""SQLAlchemy table definitions, one module per area; `metadata` gathers them all."""

from relos.db.tables import (
    agreements,
    audit,
    clearances,
    deployments,
    exchange,
    facilities,
    facility_provenance,
    ledger,
    orders,
    people,
    references,
    web,
)
from relos.db.tables.base import Base

metadata = Base.metadata

__all__ = [
    "Base",
    "agreements",
    "audit",
    "clearances",
    "deployments",
    "exchange",
    "facilities",
    "facility_provenance",
    "ledger",
    "metadata",
    "orders",
    "people",
    "references",
    "web",
]
