"""SQLAlchemy table definitions, one module per area; `metadata` gathers them all.

A command imports only the table modules its repositories use (each module imports those its foreign keys
name, so what is loaded can always be flushed); `metadata`, read for migrations and schema creation, loads
every module first.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from relos.db.tables.base import Base

if TYPE_CHECKING:
    from sqlalchemy import MetaData

    metadata: MetaData

#: Every table module, in no particular order: `metadata` holds their tables once they are all imported.
MODULES = (
    "agreements",
    "audit",
    "clearances",
    "deployments",
    "exchange",
    "facilities",
    "facility_provenance",
    "ledger",
    "orders",
    "people",
    "references",
    "settlements",
    "web",
)


def all_metadata() -> MetaData:
    """The metadata of every table, each table module imported."""
    for name in MODULES:
        importlib.import_module(f"{__name__}.{name}")
    return Base.metadata


def __getattr__(name: str) -> object:
    if name == "metadata":
        return all_metadata()
    if name in MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["MODULES", "Base", "all_metadata", "metadata"]  # metadata: made by __getattr__
