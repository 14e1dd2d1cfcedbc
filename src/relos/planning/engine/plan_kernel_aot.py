"""The plan check's loop compiled ahead of time: an extension module kept under the user cache.

Run through numba's just-in-time compiler, the loop costs a plan check process some 0.6 s of processor time
before it starts (importing numba, then loading its cached machine code, which sets up numba's type registries
and makes it import scipy's linear algebra to look for a BLAS). Compiled ahead of time by numba's `pycc` from
the same function (relos.planning.engine.plan_kernel), it loads as a plain extension module needing only numpy.

The module lives in the directory of the cached arrays (relos.planning.earth.array_cache), named after a hash
of plan_kernel.py, numpy's version and this module's format, so a changed loop or numpy is built afresh and
older builds are removed. `scripts/setup` builds it (``python -m relos.planning.engine.plan_kernel``, about
10 s, a C compiler needed); when it is missing or does not load, the loop runs through numba as before. numba
marks `pycc` as pending deprecation: should a numba release drop it, the build fails in scripts/setup with a
note and numba's just-in-time loop carries on.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from relos.planning.earth.array_cache import cache_dir, data_hash

_FORMAT = 1
_PREFIX = "plan_kernel_"
#: The one signature the plan engine calls the loop with (relos.planning.engine.plan_engine).
SIGNATURE = "Tuple((b1[:], i8[:,:]))(i8[:,:], i8[:,:], i8[:,:], i8[:,:], b1[:])"

Kernel = Callable[..., tuple[Any, Any]]


def _kernel_source() -> bytes:
    spec = importlib.util.find_spec("relos.planning.engine.plan_kernel")  # found, not imported (no numba)
    if spec is None or spec.origin is None:
        raise RuntimeError("relos.planning.engine.plan_kernel is not installed")
    return Path(spec.origin).read_bytes()


def module_name() -> str:
    """The name of the built module for this loop and this numpy."""
    return _PREFIX + data_hash(_kernel_source(), np.__version__, f"format {_FORMAT}")


def module_path() -> Path:
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    return cache_dir() / f"{module_name()}{suffix}"


def load_compiled() -> Kernel | None:
    """The compiled loop, or None when it is not built (or does not load: then numba runs it)."""
    path = module_path()
    if not path.is_file():
        return None
    name = path.name.split(".", 1)[0]
    loader = importlib.machinery.ExtensionFileLoader(name, str(path))
    spec = importlib.util.spec_from_loader(name, loader)
    if spec is None:
        return None
    try:
        module = importlib.util.module_from_spec(spec)
        loader.exec_module(module)
    except ImportError:
        return None
    kernel: Kernel = module.first_come_first_served
    return kernel


def build() -> Path:
    """Compile the loop into the cache directory (about 10 s), replacing older builds; its path."""
    import warnings

    with warnings.catch_warnings():  # its pending deprecation is said in the module's docstring
        warnings.simplefilter("ignore")
        from numba.pycc import CC  # type: ignore[attr-defined]

    from relos.planning.engine import plan_kernel

    target = module_path()
    name = target.name.split(".", 1)[0]
    work = target.parent / f"{name}.{os.getpid()}.build"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        cc = CC(name)  # type: ignore[no-untyped-call]
        cc.output_dir = str(work)
        cc.verbose = False
        export = cc.export("first_come_first_served", SIGNATURE)  # type: ignore[no-untyped-call]
        export(plan_kernel.first_come_first_served.py_func)
        cc.compile()
        (built,) = work.glob(f"{name}*")
        os.replace(built, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for old in target.parent.glob(f"{_PREFIX}*"):
        if old != target and old.is_file():
            old.unlink(missing_ok=True)
    return target
