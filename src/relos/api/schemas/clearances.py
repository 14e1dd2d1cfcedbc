"""Request bodies of clearances (bounded; unknown fields refused). Values the agreement may require are
optional here: the service names what is missing, and what is malformed, field by field."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

Code = Field(min_length=1, max_length=64)
Short = Field(default=None, max_length=200)
Reason = Field(min_length=1, max_length=2000)
Measure = float | str | None
When = Field(max_length=40, description="ISO 8601; a bare date or a time without offset is UTC")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class ShipIn(Strict):
    name: str | None = Short
    hull_number: str | None = Field(default=None, max_length=32)
    class_: str | None = Field(default=None, max_length=200, alias="class")
    displacement_t: Measure = Field(default=None, description="tonnes")
    length_m: Measure = None
    beam_m: Measure = None
    draught_m: Measure = None
    crew: int | None = Field(default=None, ge=0, le=100_000)


class CommanderIn(Strict):
    name: str | None = Short
    rank: str | None = Short


class PortCallIn(Strict):
    ships: list[ShipIn] = Field(default_factory=list, max_length=100)
    commander: CommanderIn | None = None
    radio_frequencies: list[str] = Field(default_factory=list, max_length=50)
    pilot: bool | None = None
    tugs: int | None = Field(default=None, ge=0, le=100)
    other_services: list[str] = Field(default_factory=list, max_length=50)


class AircraftIn(Strict):
    type: str | None = Short
    tail_number: str | None = Field(default=None, max_length=32)
    callsign: str | None = Field(default=None, max_length=64)
    crew: int | None = Field(default=None, ge=0, le=10_000)
    passengers: int | None = Field(default=None, ge=0, le=10_000)
    dangerous_cargo: list[str] | None = Field(
        default=None, max_length=100, description="[] declares none; absent: not declared"
    )
    fuel_needed_kg: Measure = None


class AirspaceIn(Strict):
    aircraft: list[AircraftIn] = Field(default_factory=list, max_length=500)
    entry_point: str | None = Short
    exit_point: str | None = Short
    route: str | None = Field(default=None, max_length=2000)
    airfields: list[str] = Field(default_factory=list, max_length=50)
    other_services: list[str] = Field(default_factory=list, max_length=50)


class ClearanceIn(Strict):
    agreement_id: str = Code
    kind: str = Field(pattern="^(port_call|airspace)$")
    visiting_party: str | None = Field(default=None, max_length=3)
    facility_id: str = Code
    deployment_id: str | None = Field(default=None, max_length=64)
    purpose: str = Code
    start: str = When
    end: str = When
    port_call: PortCallIn | None = None
    airspace: AirspaceIn | None = None
    note: str = Field(default="", max_length=2000)
    title: str | None = Field(
        default=None, max_length=2000, description="one line, at most 200 characters; default: made from the notice"
    )

    @model_validator(mode="after")
    def _one_body(self) -> ClearanceIn:
        other = self.airspace if self.kind == "port_call" else self.port_call
        if other is not None:
            wrong = "airspace" if self.kind == "port_call" else "port_call"
            raise ValueError(f"a {self.kind} clearance carries no {wrong} details")
        return self

    def details(self) -> dict[str, Any] | None:
        body = self.port_call if self.kind == "port_call" else self.airspace
        return None if body is None else body.model_dump(by_alias=True, exclude_none=True)


class AmendIn(Strict):
    reason: str = Reason
    facility_id: str | None = Field(default=None, max_length=64)
    purpose: str | None = Field(default=None, max_length=64)
    start: str | None = Field(default=None, max_length=40)
    end: str | None = Field(default=None, max_length=40)
    port_call: PortCallIn | None = None
    airspace: AirspaceIn | None = None
    note: str | None = Field(default=None, max_length=2000)

    @model_validator(mode="after")
    def _one_body(self) -> AmendIn:
        if self.port_call is not None and self.airspace is not None:
            raise ValueError("an amendment carries port_call or airspace details, not both")
        return self

    def details(self) -> dict[str, Any] | None:
        body = self.port_call or self.airspace
        return None if body is None else body.model_dump(by_alias=True, exclude_none=True)


class ReasonIn(Strict):
    reason: str = Reason


class QuestionsIn(Strict):
    questions: str = Reason


class ApprovalIn(Strict):
    clearance_number: str = Field(min_length=1, max_length=64)
    restrictions: list[str] = Field(default_factory=list, max_length=50)
