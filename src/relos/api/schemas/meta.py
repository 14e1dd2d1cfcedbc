"""Response bodies about the service itself."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Health(BaseModel):
    """The service answers: its status and the RELOS version it runs."""

    status: str = Field(description='"ok" when the service answers')
    version: str
