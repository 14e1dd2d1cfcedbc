"""Bodies of the world-record imports: a World Port Index CSV, or OurAirports' airports.csv and runways.csv."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

#: The largest file accepted (OurAirports' airports.csv is about 12 MB); RELOS_MAX_REQUEST_BYTES bounds the body.
MAX_FILE_CHARS = 40_000_000
AirportType = Literal[
    "large_airport", "medium_airport", "small_airport", "heliport", "seaplane_base", "balloonport", "closed"
]


class WpiImport(BaseModel):
    """The World Port Index CSV (NGA Pub. 150, UpdatedPub150.csv) to import."""

    model_config = ConfigDict(extra="forbid")
    content: str = Field(max_length=MAX_FILE_CHARS, description="the CSV's text, header row first")
    edition: str = Field(min_length=1, max_length=200, description="the edition of the file, e.g. its date")
    overwrite_curated: bool = Field(default=False, description="take the source's values over curated ones")


class OurAirportsImport(BaseModel):
    """OurAirports' airports.csv, and optionally its runways.csv, to import."""

    model_config = ConfigDict(extra="forbid")
    airports: str = Field(max_length=MAX_FILE_CHARS, description="airports.csv's text, header row first")
    runways: str | None = Field(default=None, max_length=MAX_FILE_CHARS, description="runways.csv's text")
    types: list[AirportType] = Field(
        default=["large_airport", "medium_airport", "small_airport"], min_length=1, description="types to import"
    )
    edition: str = Field(min_length=1, max_length=200, description="the edition of the files, e.g. their date")
    overwrite_curated: bool = Field(default=False, description="take the source's values over curated ones")
