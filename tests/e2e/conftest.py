"""Fixtures the end-to-end tests share (those of every test are in tests/conftest.py)."""

from __future__ import annotations

from typing import Any

import anyio.to_thread
import pytest


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of each function sent to the thread pool, in order."""
    sent: list[str] = []
    run_sync = anyio.to_thread.run_sync

    async def counted(func: Any, *args: Any, **kwargs: Any) -> Any:
        sent.append(getattr(func, "__qualname__", repr(func)))
        return await run_sync(func, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counted)
    return sent
