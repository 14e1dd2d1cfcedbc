"""Response bodies about the service itself."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Health(BaseModel):
    """The service answers: its status and the RELOS version it runs."""

    status: str = Field(description='"ok" when the service answers')
    version: str


class Ready(BaseModel):
    """This instance can serve: the database answers and its schema is current."""

    status: str = Field(description='"ready"')
    version: str
    schema_version: list[str] = Field(description="the migrations the database is at (its heads)")
