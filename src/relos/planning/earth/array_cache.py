"""Arrays built once from installed packages' data, kept as ``.npz`` files under the user cache.

The directory is ``$RELOS_CACHE_DIR`` or the platform's user cache directory for ``relos``. A
missing or unreadable file is rebuilt; a read-only directory only costs the rebuild next time.
"""

from __future__ import annotations

import os
from collections.abc import Callable
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
