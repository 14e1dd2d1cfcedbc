"""Create or upgrade a database's schema to the newest migration (`relos init`)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from relos.db.engine import READ_ONLY

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine) -> None:
    """Apply every migration not yet applied; harmless when the schema is current."""
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")


def is_current(engine: Engine) -> bool:
    applied, expected = schema_heads(engine)
    return applied == expected


def schema_heads(engine: Engine) -> tuple[set[str], set[str]]:
    """(the migrations the database is at, the newest ones RELOS ships), read without taking a write lock."""
    expected = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    with engine.execution_options(**{READ_ONLY: True, "postgresql_readonly": True}).connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads()), expected
