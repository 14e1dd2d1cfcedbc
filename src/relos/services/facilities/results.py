"""What the importers of the world records hand back: the report of an import and a facility's provenance."""

from __future__ import annotations

from typing_extensions import TypedDict

from relos.services.results import record


@record
class WorldImportSummary(TypedDict):
    """An import of the World Port Index or OurAirports: counts, and every curated value kept or overwritten."""

    source: str
    edition: str
    added: int
    updated: int
    unchanged: int
    kept_curated: list[str]  # "RU-SV3: kept curated lat 68.8667, source says 68.87"
    overwritten_curated: list[str]  # facility ids
    skipped: list[str]  # rows left out, with the reason


@record
class FieldProvenance(TypedDict):
    """Where the stored values of a facility's fields came from in a bulk import."""

    source: str
    external_id: str
    edition: str
    imported_at: str  # ISO instant
    fields: list[str]
