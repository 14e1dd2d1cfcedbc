"""The `relos` command as a process: what it does around a command so that it starts and ends quickly.

Three things, none changing what a command prints or does:
- numpy's OpenBLAS starts one thread per core when numpy loads, and those threads spin for a while: some
  0.1 s of processor time for every command that loads numpy (as much again as the import itself), taken from
  the command on a busy machine. RELOS's few matrix products are small, so the process asks OpenBLAS for one
  thread (`OPENBLAS_NUM_THREADS=1`, inherited by the server's workers too) unless the variable is already set.
- Python's garbage collector stays off while the command loads its modules (a command imports tens of
  thousands of objects, none of them garbage, and the collector would scan them again and again), and
  once the command is found, everything loaded is frozen (`gc.freeze`) and the collector turned back on:
  the collector then only looks at what the command itself makes, and the interpreter does not scan the
  libraries again when the process ends. Together about a fifth of a list's time.
- `typer.rich_utils` (what any help or usage message is drawn with) imports `rich.markdown` and
  `rich.traceback`, which it uses only for help written in Markdown and for Rich tracebacks: RELOS uses
  neither, and the two cost about a quarter of `relos --help`. They are stood in for while it imports,
  each stand-in importing the real class the first time it is used.

Only the process `relos` starts does this (`RelosTyper.__call__`, the command's entry point, which
also freezes what the command made when it ends); a test invoking the app through Typer's CliRunner
keeps its collector as it was.
"""

from __future__ import annotations

import gc
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import types
from typing import Any

import typer

_paused = False


def pause_collector() -> None:
    """Collector off while the command's modules load (resumed by `resume_collector`)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume_collector() -> None:
    """Freeze what is loaded and turn the collector back on, if `pause_collector` turned it off."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()


class _Deferred(type):
    """A stand-in class: any use (a call, an attribute, isinstance) imports the real one first."""

    _real: tuple[str, str]

    def real(cls) -> Any:
        module, name = cls._real
        return getattr(importlib.import_module(module), name)

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        return cls.real()(*args, **kwargs)

    def __getattr__(cls, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(cls.real(), name)

    def __instancecheck__(cls, obj: Any) -> bool:
        return isinstance(obj, cls.real())


#: The modules typer.rich_utils imports and RELOS never uses, with the one class it takes from each.
_UNUSED = {"rich.markdown": "Markdown", "rich.traceback": "Traceback"}


def _stand_in(module: str, name: str) -> types.ModuleType:
    stand_in = types.ModuleType(module)
    setattr(stand_in, name, _Deferred(name, (), {"_real": (module, name), "__module__": module}))
    return stand_in


class _LightLoader(importlib.abc.Loader):
    """Runs the real loader with the unused modules stood in for, then takes the stand-ins away."""

    def __init__(self, real: importlib.abc.Loader) -> None:
        self.real = real

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return self.real.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        stood_in = {m: _stand_in(m, name) for m, name in _UNUSED.items() if m not in sys.modules}
        sys.modules.update(stood_in)
        try:
            self.real.exec_module(module)
        finally:
            for name, stand_in in stood_in.items():
                if sys.modules.get(name) is stand_in:
                    del sys.modules[name]

    def __getattr__(self, name: str) -> Any:  # get_source and the like, for tracebacks
        return getattr(self.real, name)


class _LightRichUtils(importlib.abc.MetaPathFinder):
    """Finds typer.rich_utils once, handing it to `_LightLoader`."""

    def find_spec(self, fullname: str, path: Any, target: types.ModuleType | None = None) -> Any:
        if fullname != "typer.rich_utils":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is not None and spec.loader is not None:
            spec.loader = _LightLoader(spec.loader)
        return spec


def light_help() -> None:
    """Have typer.rich_utils, when first imported, import without the modules RELOS does not use."""
    if "typer.rich_utils" not in sys.modules and not any(isinstance(f, _LightRichUtils) for f in sys.meta_path):
        sys.meta_path.insert(0, _LightRichUtils())


def single_threaded_blas() -> None:
    """One OpenBLAS thread, unless OPENBLAS_NUM_THREADS says otherwise (read when numpy first loads)."""
    if "numpy" not in sys.modules:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


class RelosTyper(typer.Typer):
    """The `relos` app: run as a process, it loads with the collector off and draws help without Markdown."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        single_threaded_blas()
        pause_collector()
        light_help()
        try:
            return super().__call__(*args, **kwargs)
        finally:
            gc.freeze()  # the process ends: what the command made is not scanned again on the way out
            resume_collector()
