"""The plan check's loop compiled ahead of time (relos.planning.engine.plan_kernel_aot) gives what numba's
gives, is what the plan engine runs once built, and is looked for again when the loop changes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from relos.planning.engine import plan_engine, plan_kernel_aot


@pytest.fixture(scope="module")
def compiled() -> Callable[..., tuple[np.ndarray, np.ndarray]]:
    """The built loop (scripts/setup builds it; built here when missing, about 10 s once per machine)."""
    found = plan_kernel_aot.load_compiled()
    if found is None:
        plan_kernel_aot.build()
        found = plan_kernel_aot.load_compiled()
    assert found is not None
    return found


def _case(seed: int, steps: int, rows: int, groupings: int) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    headroom = rng.integers(0, 40, (steps, 3)).astype(np.int64)
    lo = rng.integers(-1, max(steps - 8, 1), (groupings, rows)).astype(np.int64)
    hi = np.where(lo < 0, 0, np.minimum(lo + rng.integers(1, 9, (groupings, rows)), steps)).astype(np.int64)
    amounts = rng.integers(0, 4, (rows, 3)).astype(np.int64)
    refused = rng.random(rows) < 0.05
    return headroom, lo, hi, amounts, refused


@pytest.mark.parametrize(
    ("seed", "steps", "rows", "groupings"), [(1, 3000, 20_000, 2), (2, 1, 50, 1), (3, 40, 0, 2), (4, 10, 30, 0)]
)
def test_the_loop_built_ahead_of_time_gives_what_numba_gives(
    compiled: Callable[..., tuple[np.ndarray, np.ndarray]], seed: int, steps: int, rows: int, groupings: int
) -> None:
    from relos.planning.engine import plan_kernel

    case = _case(seed, steps, rows, groupings)
    ahead = compiled(*case)
    jitted = plan_kernel.first_come_first_served(*case)
    assert np.array_equal(ahead[0], jitted[0])
    assert np.array_equal(ahead[1], jitted[1])
    if rows > 1000:
        assert 0 < ahead[0].sum() < rows and len(ahead[1]) > 0  # some admitted, some over a limit


def test_the_plan_engine_runs_the_built_loop(compiled: Callable[..., tuple[np.ndarray, np.ndarray]]) -> None:
    plan_engine.kernel.cache_clear()
    try:
        assert plan_engine.kernel() is not None
        assert type(plan_engine.kernel()).__name__ == "builtin_function_or_method"  # not numba's dispatcher
    finally:
        plan_engine.kernel.cache_clear()


def test_without_a_build_numba_runs_the_loop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELOS_CACHE_DIR", str(tmp_path))
    assert plan_kernel_aot.load_compiled() is None
    plan_engine.kernel.cache_clear()
    try:
        assert type(plan_engine.kernel()).__name__ == "CPUDispatcher"
    finally:
        plan_engine.kernel.cache_clear()


def test_a_changed_loop_is_looked_for_under_another_name(monkeypatch: pytest.MonkeyPatch) -> None:
    now = plan_kernel_aot.module_name()
    monkeypatch.setattr(plan_kernel_aot, "_kernel_source", lambda: b"# another loop\n")
    assert plan_kernel_aot.module_name() != now
    assert plan_kernel_aot.module_path().name.startswith(plan_kernel_aot.module_name() + ".")
