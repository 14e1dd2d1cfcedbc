"""Arrays built once from installed packages' data, kept under the user cache.

The directory is ``$RELOS_CACHE_DIR`` or the platform's user cache directory for ``relos``
(``$XDG_CACHE_HOME/relos`` on Linux). ``load_or_build`` keeps a ``.npz`` file; ``load_or_build_mapped``
keeps a folder of ``.npy`` files named after a hash of the input data, opened memory-mapped (read
without copying, shared between processes by the page cache): other data gives another name, so a
change of the data is rebuilt, and the folders of older data are removed. A missing or unreadable
cache is rebuilt; a read-only directory only costs the rebuild next time.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

Arrays = dict[str, NDArray[np.generic]]


def cache_dir() -> Path:
    """Where the cached arrays live."""
    base = os.environ.get("RELOS_CACHE_DIR")
    if base is None:
        import platformdirs

        base = platformdirs.user_cache_dir("relos")
    return Path(base)


def load_or_build(name: str, build: Callable[[], Arrays]) -> Arrays:
    """The arrays stored as ``name`` (a file name ending in .npz), built and stored when missing."""
    path = cache_dir() / name
    try:
        with np.load(path, allow_pickle=False) as z:
            return {k: z[k] for k in z.files}
    except (OSError, ValueError, KeyError):
        pass
    arrays = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npz")
        np.savez(tmp, **arrays)  # type: ignore[arg-type]
        os.replace(tmp, path)
    except OSError:
        pass
    return arrays


def data_hash(*parts: bytes | str) -> str:
    """A short hash of the input data (file contents, format versions) to name a cache by."""
    h = hashlib.blake2b(digest_size=10)
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def load_or_build_mapped(name: str, key: str, build: Callable[[], Arrays], *, names: Iterable[str]) -> Arrays:
    """The arrays `names` kept in the folder ``name-key`` (one ``.npy`` each, opened memory-mapped and
    read-only); built, stored and opened when missing or incomplete. Folders ``name-<other key>`` go."""
    wanted = list(names)
    folder = cache_dir() / f"{name}-{key}"
    try:
        return {k: np.load(folder / f"{k}.npy", mmap_mode="r", allow_pickle=False) for k in wanted}
    except (OSError, ValueError):
        pass
    arrays = build()
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = folder.with_name(f"{folder.name}.{os.getpid()}.tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        for k in wanted:
            np.save(tmp / f"{k}.npy", np.ascontiguousarray(arrays[k]), allow_pickle=False)
        shutil.rmtree(folder, ignore_errors=True)  # an incomplete one
        os.replace(tmp, folder)  # another process may have stored it first: then its folder stays
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        return arrays
    for old in folder.parent.glob(f"{name}-*"):
        if old != folder and old.is_dir() and not old.name.endswith(".tmp"):
            shutil.rmtree(old, ignore_errors=True)
    return {k: np.load(folder / f"{k}.npy", mmap_mode="r", allow_pickle=False) for k in wanted}


def room_in(folder: Path, *, max_files: int) -> bool:
    """Ready `folder` (named ``<kind>-<key>``) to take one more file: made when missing, the folders of the same kind
    with other keys removed then; False when it already holds `max_files`. Raises OSError."""
    if not folder.is_dir():
        kind = folder.name.rpartition("-")[0]
        for old in folder.parent.glob(f"{kind}-*"):
            shutil.rmtree(old, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
        return True
    return len(os.listdir(folder)) < max_files
