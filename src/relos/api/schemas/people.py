"""Request and response bodies of users and API tokens."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from relos.domain.actor import Role

UserIdPath = Field(pattern=r"^[a-z][a-z0-9._-]{1,63}$")


class UserOut(BaseModel):
    """A user: one party, with roles and language."""

    user_id: str
    party: str
    roles: list[Role]
    display_name: str
    language: str
    disabled: bool


class UserIn(BaseModel):
    """A user to create."""

    model_config = ConfigDict(extra="forbid")
    user_id: str = Field(min_length=2, max_length=64, pattern=r"^[a-z][a-z0-9._-]{1,63}$")
    party: str = Field(pattern=r"^[A-Z]{3}$")
    roles: list[Role] = Field(min_length=1, max_length=7)
    password: str = Field(min_length=12, max_length=1_024)
    display_name: str = Field(default="", max_length=200)
    language: Literal["en", "ru"] = "en"


class TokenIn(BaseModel):
    """An API token to issue."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200, description="what the token is for")
    days: int = Field(default=90, ge=1, le=366, description="days until it expires")
    user_id: str | None = Field(
        default=None,
        pattern=r"^[a-z][a-z0-9._-]{1,63}$",
        description="whose token (default: yours; another user of your party needs the administrator role)",
    )


class TokenOut(BaseModel):
    """An API token as listed: its name, owner and validity; never its secret."""

    id: str
    user_id: str
    name: str
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None


class IssuedTokenOut(TokenOut):
    """An API token just issued, with its secret (shown this once)."""

    token: str = Field(description="the secret: shown this once, never stored")
