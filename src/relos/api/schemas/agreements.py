"""Request and response bodies of the agreement register."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from relos.domain.agreements import EventKind


class CapsOut(BaseModel):
    """Caps on the forces present at once in the host's territory: warships, aircraft and personnel."""

    warships: int | None
    aircraft: int | None
    personnel: int | None


class EventOut(BaseModel):
    """A dated event of the agreement (signature, ratification, entry into force, extension, ...) with its source."""

    kind: str
    date: dt.date
    party: str | None
    effective: dt.date | None
    source: str
    note: str
    origin: str


class AgreementOut(BaseModel):
    """An agreement of the register, with its status on the day asked (`at`)."""

    id: str
    short_name: str
    title: str
    title_ru: str
    parties: list[str]
    signed: dt.date
    signed_at: str | None
    at: dt.date
    status: str = Field(description="not_signed, signed, in_force, expired or terminated at `at`")
    in_force_from: dt.date | None
    in_force_until: dt.date | None = Field(description="exclusive: the first day no longer in force")
    extended: bool
    term_years: int
    extension_years: int | None
    renewal: str
    caps: CapsOut
    caps_raisable_by_mutual_agreement: bool
    auxiliaries_count_as_warships: bool = Field(
        description="whether an auxiliary (a fleet tanker) counts against the warship cap (every ship counts)"
    )
    purposes: list[str]
    other_purposes_by_mutual_consent: bool
    sources: dict[str, str]
    unknown: dict[str, str]
    events: list[EventOut]


class AgreementImport(BaseModel):
    """An agreement file (TOML) to import."""

    model_config = ConfigDict(extra="forbid")
    toml: str = Field(
        max_length=200_000, description="the agreement file's text (the format of docs/agreement-format.md)"
    )
    source_name: str = Field(default="api upload", max_length=256)


class EventIn(BaseModel):
    """A dated event to record on an agreement, with its source."""

    model_config = ConfigDict(extra="forbid")
    kind: EventKind
    date: dt.date
    source: str = Field(min_length=1, max_length=2_000)
    party: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    effective: dt.date | None = None
    note: str = Field(default="", max_length=2_000)
