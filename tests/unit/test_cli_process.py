"""The command's process: help drawn without rich's Markdown and tracebacks, the collector paused while it loads."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from relos.cli import process

_HELP_PROBE = """
import sys
from relos.cli.process import light_help
light_help()
import typer.rich_utils as r
print(sorted(m for m in ("rich.markdown", "rich.traceback") if m in sys.modules))
print(type(r.Markdown("# a", style="dim")).__module__)
try:
    1 / 0
except ZeroDivisionError as e:
    print(type(r.Traceback.from_exception(type(e), e, e.__traceback__)).__module__)
print(sorted(m for m in ("rich.markdown", "rich.traceback") if m in sys.modules))
print(r.__loader__.get_source("typer.rich_utils") is not None)
"""


def test_help_imports_neither_markdown_nor_tracebacks_until_they_are_used() -> None:
    out = subprocess.run([sys.executable, "-c", _HELP_PROBE], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == [
        "[]",
        "rich.markdown",
        "rich.traceback",
        "['rich.markdown', 'rich.traceback']",
        "True",
    ]


def test_a_stand_in_is_the_real_class_to_isinstance() -> None:
    from rich.text import Text

    stand_in = process._stand_in("rich.text", "Text").Text
    assert isinstance(Text("a"), stand_in)
    assert isinstance(stand_in("b"), Text)


def test_the_collector_resumes_frozen_only_when_the_process_paused_it(monkeypatch: pytest.MonkeyPatch) -> None:
    frozen: list[bool] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    process.resume_collector()  # not paused: a test's collector is left alone
    assert frozen == [] and gc.isenabled()
    try:
        process.pause_collector()
        assert not gc.isenabled()
    finally:
        process.resume_collector()
    assert frozen == [True] and gc.isenabled()


_BLAS_PROBE = """
import os, sys
from relos.cli.process import single_threaded_blas
single_threaded_blas()
print(os.environ.get("OPENBLAS_NUM_THREADS"))
"""


@pytest.mark.parametrize(("given", "seen"), [(None, "1"), ("3", "3")])
def test_the_process_asks_openblas_for_one_thread_unless_told(given: str | None, seen: str) -> None:
    import os

    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if given is not None:
        env["OPENBLAS_NUM_THREADS"] = given
    done = subprocess.run([sys.executable, "-c", _BLAS_PROBE], capture_output=True, text=True, check=True, env=env)
    assert done.stdout.strip() == seen
