"""Storage: SQLAlchemy 2 tables, repositories and the unit of work; Alembic migrations.

Implements the ports declared in relos.services.ports.
"""
