"""Timing whole processes as a user meets them, for the benchmarks: wall time and peak memory of each run.

`run` starts a command N times (after one unmeasured run that warms the disk cache) and returns the median
wall time (s), processor time (s) and peak resident memory (MiB) of the runs; `report` prints a figure beside its
baseline with their ratio; `median_seconds` times a call within one process.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"


@dataclass(frozen=True)
class Runs:
    seconds: float  # median wall time
    cpu: float  # median processor time (user + system): steadier than wall time on a busy machine
    mib: float  # median peak resident memory
    codes: tuple[int, ...]  # exit codes seen


#: Runs the command and prints its wall time, processor time, peak memory and exit code. A small launcher
#: starts it, as the benchmark's own memory would otherwise count in the child's peak until it execs.
_LAUNCH = (
    "import os, subprocess, sys, time; t = time.perf_counter(); "
    "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
    "_, s, u = os.wait4(p.pid, 0); "
    "print(time.perf_counter() - t, u.ru_utime + u.ru_stime, u.ru_maxrss, os.waitstatus_to_exitcode(s))"
)


def run(cmd: Sequence[str], repeats: int, env: Mapping[str, str] | None = None) -> Runs:
    """The median wall time and peak memory of `repeats` runs of `cmd` (stdout and stderr discarded)."""
    full_env = {**os.environ, **(env or {})}
    times, cpus, peaks, codes = [], [], [], set()
    for i in range(repeats + 1):
        out = subprocess.run(
            [sys.executable, "-S", "-c", _LAUNCH, *cmd], env=full_env, capture_output=True, text=True, check=True
        ).stdout.split()
        codes.add(int(out[3]))
        if i:  # the first run only warms the page cache
            times.append(float(out[0]))
            cpus.append(float(out[1]))
            peaks.append(int(out[2]) / 1024)
    return Runs(statistics.median(times), statistics.median(cpus), statistics.median(peaks), tuple(sorted(codes)))


def report(label: str, runs: Runs, baseline: Runs | None = None, baseline_label: str = "") -> None:
    line = f"{label}: {_figures(runs)} (exit {'/'.join(map(str, runs.codes))})"
    if baseline is not None:
        line += f"; {baseline_label} {_figures(baseline)} -> {runs.seconds / baseline.seconds:.2f}x"
    print(line, flush=True)


def _figures(runs: Runs) -> str:
    return f"median {runs.seconds * 1000:.0f} ms (cpu {runs.cpu * 1000:.0f} ms), {runs.mib:.0f} MiB"


def median_seconds(fn: Callable[[], object], repeats: int, *, warm: int = 0) -> float:
    """The median time of `repeats` calls of `fn`, after `warm` calls left out."""
    for _ in range(warm):
        fn()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)
