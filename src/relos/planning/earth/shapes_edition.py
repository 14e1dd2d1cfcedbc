"""What names the country polygons in use (relos.planning.earth.countries): the `geopip` version and the format of
the arrays kept from them. What is kept from a land test (relos.planning.sea.stored_sites) is named by it too, and
finding it loads neither the polygons nor numpy."""

from __future__ import annotations

import functools
import importlib.metadata


@functools.lru_cache(maxsize=1)
def shapes_edition() -> str:
    """The polygons' edition: land tests change only with it. Read once a process, as the polygons are."""
    return f"geopip-{_geopip_version()}-v1"


def _geopip_version() -> str:
    try:
        return importlib.metadata.version("geopip")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - declared dependency
        return "unknown"
