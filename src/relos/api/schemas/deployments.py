"""Request bodies of deployments, overrides and plan checks (bounded; unknown fields refused)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

Code = Field(min_length=1, max_length=64)
Text = Field(default="", max_length=2000)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class ShipIn(Strict):
    name: str = Field(min_length=1, max_length=200)
    hull_number: str = Field(min_length=1, max_length=32)
    ship_class: str = Field(alias="class", min_length=1, max_length=64)
    displacement_t: float = Field(gt=0, le=200_000)
    length_m: float = Field(gt=0, le=500)
    beam_m: float = Field(gt=0, le=100)
    draught_m: float = Field(gt=0, le=30)


class AircraftIn(Strict):
    type: str = Field(min_length=1, max_length=64)
    tail_number: str = Field(min_length=1, max_length=32)
    callsign: str = Field(min_length=1, max_length=32)


class DeploymentParticularsIn(Strict):
    agreement_id: str = Code
    visiting_party: str | None = Field(default=None, max_length=3, description="default: the user's party")
    host_party: str | None = Field(default=None, max_length=3, description="the agreement's other party")
    facility_id: str = Code
    purpose: str = Field(min_length=1, max_length=64)
    purpose_consent: str = Field(default="", max_length=500, description="for 'other': the mutual consent's ref.")
    start: dt.datetime = Field(description="ISO 8601; no offset means UTC")
    end: dt.datetime = Field(description="ISO 8601, exclusive; no offset means UTC")
    ships: list[ShipIn] = Field(default_factory=list, max_length=100)
    aircraft: list[AircraftIn] = Field(default_factory=list, max_length=500)
    personnel: int = Field(default=0, ge=0, le=1_000_000)
    note: str = Text

    def data(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True)


class DeploymentIn(DeploymentParticularsIn):
    title: str | None = Field(
        default=None, max_length=2000, description="one line, at most 200 characters; default: made from the request"
    )


class AmendIn(DeploymentParticularsIn):
    reason: str = Field(min_length=1, max_length=2000)


class ReasonIn(Strict):
    reason: str = Field(min_length=1, max_length=2000)


class MomentIn(Strict):
    at: dt.datetime | None = Field(default=None, description="the actual instant (default: now)")


class OverrideIn(Strict):
    agreement_id: str = Code
    visiting_party: str = Field(min_length=3, max_length=3)
    start: dt.datetime
    end: dt.datetime
    warships: int | None = Field(default=None, ge=0, le=10_000)
    aircraft: int | None = Field(default=None, ge=0, le=10_000)
    personnel: int | None = Field(default=None, ge=0, le=10_000_000)
    authority: str = Field(min_length=1, max_length=500)
    reference: str = Field(min_length=1, max_length=500)


class PlanIn(Strict):
    """A plan as in `relos plan check`: `csv` (with its header row) or `rows` (the JSON list's objects)."""

    csv: str | None = Field(default=None, max_length=50_000_000)
    rows: list[dict[str, Any]] | None = Field(default=None, max_length=200_000)
