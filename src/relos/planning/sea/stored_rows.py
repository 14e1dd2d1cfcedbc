"""Sea distances from a site kept on disk: a command asking a refuelling route searches once per site, and the
next command asking about the same sites reads the rows instead of searching again.

A row (distances to every node and each node's predecessor, relos.planning.sea.distances) is a function of the
network, the passages closed and the site's connectors, and is named by a hash of those: the folder
``sea-rows-<network key>`` under the cache directory (relos.planning.earth.array_cache) holds one ``.npy``
file per site and set of closed passages, opened memory-mapped. Only rows of the installed network are kept,
at most MAX_FILES of them; the folders of other networks go when a row is first stored. A missing, unreadable
or read-only cache only costs the search.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from relos.planning.earth.array_cache import cache_dir, data_hash, room_in

#: Rows kept on disk (each about 150 kB, so at most some 80 MB): the catalogue's facilities under a few sets of
#: closed passages.
MAX_FILES = 512

Row = tuple[NDArray[np.float64], NDArray[np.int32]]


def _folder(network: str) -> Path:
    return cache_dir() / f"sea-rows-{network}"


def _name(closed: list[str], nodes: tuple[int, ...], connectors_nm: tuple[float, ...]) -> str:
    """The file of a row: the closed passages and the site's connectors (their exact values)."""
    seeds = np.asarray(nodes, dtype=np.int64).tobytes() + np.asarray(connectors_nm, dtype=np.float64).tobytes()
    return data_hash(",".join(sorted(closed)), seeds) + ".npy"


def load(network: str, closed: list[str], nodes: tuple[int, ...], connectors_nm: tuple[float, ...]) -> Row | None:
    """The stored row (distances, predecessors), or None."""
    try:
        both = np.load(_folder(network) / _name(closed, nodes, connectors_nm), mmap_mode="r", allow_pickle=False)
    except (OSError, ValueError):
        return None
    if both.ndim != 2 or both.shape[0] != 2:
        return None
    return np.asarray(both[0]), both[1].astype(np.int32)


def store(network: str, closed: list[str], nodes: tuple[int, ...], connectors_nm: tuple[float, ...], row: Row) -> None:
    """Keep the row (predecessors are exact in float64: node numbers are far below 2**53)."""
    folder = _folder(network)
    try:
        if not room_in(folder, max_files=MAX_FILES):
            return
        path = folder / _name(closed, nodes, connectors_nm)
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npy")
        np.save(tmp, np.stack((row[0], row[1].astype(np.float64))), allow_pickle=False)
        os.replace(tmp, path)
    except OSError:
        pass
