"""Where a point joins the sea network, kept on disk: a command asking a route about the same facilities again
neither loads the country polygons nor tests its connectors against land (relos.planning.sea.distances).

A site's connectors (the nodes a point is joined to and their lengths) are a function of the network, the country
polygons, the point and the rules choosing them, and a file is named by a hash of those: the folder
``sea-sites-<network key>`` under the cache directory holds one small JSON file per point. Only the sites of the
installed network are kept, at most MAX_FILES; the folders of other networks go when a site is first stored. A
missing, unreadable or read-only cache only costs the land tests.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from relos.planning.earth.array_cache import cache_dir, data_hash, room_in

#: Sites kept on disk (each some 200 bytes): the catalogue's facilities and the points asked about.
MAX_FILES = 4096

Connectors = tuple[tuple[int, ...], tuple[float, ...]]


def _path(network: str, edition: str, lat: float, lon: float) -> Path:
    return cache_dir() / f"sea-sites-{network}" / (data_hash(edition, f"{lat!r},{lon!r}") + ".json")


def load(network: str, edition: str, lat: float, lon: float) -> Connectors | None:
    """The stored connectors of the point (`edition`: the polygons and the rules they were chosen by), or None."""
    try:
        data = json.loads(_path(network, edition, lat, lon).read_bytes())
        nodes = tuple(int(n) for n in data["nodes"])
        lengths = tuple(float(d) for d in data["connectors_nm"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return (nodes, lengths) if nodes and len(nodes) == len(lengths) else None


def store(network: str, edition: str, lat: float, lon: float, connectors: Connectors) -> None:
    """Keep the connectors (floats written as Python writes them, so read back exactly)."""
    path = _path(network, edition, lat, lon)
    try:
        if not room_in(path.parent, max_files=MAX_FILES):
            return
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"nodes": list(connectors[0]), "connectors_nm": list(connectors[1])}))
        os.replace(tmp, path)
    except OSError:
        pass
