"""Alembic migrations: the same scripts run on SQLite (batch mode) and PostgreSQL."""
