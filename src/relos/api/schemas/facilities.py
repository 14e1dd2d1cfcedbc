"""Request and response bodies of the facility catalogue and force data (columns as in docs/facilities.md)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class FacilityOut(BaseModel):
    """A port, naval base, airfield or air base of the catalogue, with its source."""

    id: str
    name: str = Field(description="the English name")
    name_en: str
    name_local: str
    name_ru: str = Field(default="", description="the name in Russian; empty when none is recorded")
    country: str
    kind: str = Field(description="port, naval_base, airfield or air_base")
    lat: float
    lon: float
    timezone: str
    berths: int | None
    berth_max_length_m: float | None
    berth_max_draught_m: float | None
    harbour_size: str | None = Field(
        default=None,
        description="the World Port Index's harbour size: very_small, small, medium, large; null when unknown",
    )
    aircraft_stands: int | None
    fuel_types: list[str]
    fuel_capacity_m3: float | None
    water: str | None = Field(description="yes, no, or null when unknown")
    rations: str | None
    spares: str | None
    repair: str | None
    medical: str | None
    accommodation_beds: int | None
    open_under: list[str] = Field(description="agreements (visible to you) opening it to the partner")
    estimated: list[str]
    source: str
    notes: str
    distance_km: float | None = Field(default=None, description="with `near`: great-circle distance")


class ShipClassOut(BaseModel):
    """A ship class of a navy: displacement, dimensions, range, speeds, fuel and crew, with its source."""

    id: str
    name: str
    navy: str
    type: str
    displacement_t: float | None
    length_m: float | None
    beam_m: float | None
    draught_m: float | None
    range_nm: float | None
    range_speed_kn: float | None
    cruise_speed_kn: float | None
    max_speed_kn: float | None
    fuel_type: str | None
    crew: int | None
    ice_class: str | None
    estimated: list[str]
    source: str
    notes: str


class AircraftTypeOut(BaseModel):
    """An aircraft type: its operators, role, ranges, cruising speed, fuel and crew, with its source."""

    id: str
    name: str
    operators: list[str]
    role: str | None
    ferry_range_km: float | None
    range_km: float | None
    cruise_speed_kmh: float | None
    fuel_type: str | None
    crew: int | None
    estimated: list[str]
    source: str
    notes: str


class PlanningFactorOut(BaseModel):
    """A planning factor (water, rations, fuel per day ...) with its unit and source."""

    id: str
    description: str
    value: str = Field(description="exact decimal, as text")
    unit: str
    climate: str
    source: str
    notes: str


class ReferenceImport(BaseModel):
    """A reference-data file (CSV or JSON) to import."""

    model_config = ConfigDict(extra="forbid")
    content: str = Field(max_length=5_000_000, description="the file's text: CSV with a header row, or a JSON list")
    format: Literal["csv", "json"] | None = Field(default=None, description="default: JSON if it starts with '['")
    source_name: str = Field(default="api upload", max_length=256)


class AccessChange(BaseModel):
    """Open a facility to the partner under an agreement, or close it (administrators), saying why."""

    model_config = ConfigDict(extra="forbid")
    agreement: str = Field(max_length=64, description="agreement id, e.g. relos-ind-rus")
    open: bool = Field(description="true opens the facility under the agreement, false closes it")
    reason: str = Field(max_length=2000, description="why the access changes (audit trail and the facility's notes)")


class ImportReportOut(BaseModel):
    """What an import did: records added, updated, unchanged, and those kept because a user had edited them."""

    kind: str
    added: list[str]
    updated: list[str]
    unchanged: list[str]
    kept_user_version: list[str]
