"""SQLAlchemy table definitions, one module per area; `metadata` gathers them all."""

from relos.db.tables import agreements, audit
from relos.db.tables.base import Base

metadata = Base.metadata

__all__ = ["Base", "agreements", "audit", "metadata"]

from relos.db.tables import facilities  # noqa: E402, F401  (issue 4: facility catalogue, force data)
