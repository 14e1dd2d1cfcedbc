"""SQLAlchemy table definitions, one module per area; `metadata` gathers them all."""

from relos.db.tables import (
    agreements,
    audit,
    clearances,
    deployments,
    facilities,
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
    "facilities",
    "ledger",
    "metadata",
    "orders",
    "people",
    "references",
    "web",
]
