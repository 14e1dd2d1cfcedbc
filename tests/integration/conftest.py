"""Fixtures the exchange tests share: `instances`, India's instance (SQLite) and Russia's (PostgreSQL) side by
side, introduced to each other and disposed of after the test (tests.integration.exchange_helpers)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.integration.exchange_helpers import Instance, side_by_side


@pytest.fixture
def instances(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Instance, Instance]]:
    yield from side_by_side(request, tmp_path)
