"""Response bodies of route planning and sustainment (the route shape is fixed by shared/INTERFACES.md)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class RouteOut(BaseModel):
    """A route, or why there is none (``feasible`` false with ``reason``); more keys may follow."""

    model_config = ConfigDict(extra="allow")

    feasible: bool
    distance_nm: float | None
    duration_h: float | None
    stops: list[str]
    legs: list[dict[str, Any]]
    geometry: dict[str, Any] | None
    reason: str | None = None


class ReachOut(BaseModel):
    """Reach without and with the agreement(s), the gain rows, and the GeoJSON when asked."""

    model_config = ConfigDict(extra="allow")

    home: str
    days: float
    ship_class: str
    without: dict[str, Any]
    with_: dict[str, Any] = Field(alias="with")
    added: list[dict[str, Any]]
    sea_nodes_added: int


class SustainmentOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    people: int
    days: int
    climate: str
    lines: list[dict[str, Any]]
    factors: list[str]
    gaps: list[str]
