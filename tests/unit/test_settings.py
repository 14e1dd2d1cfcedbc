"""Settings read from RELOS_* variables as pydantic-settings read them: any case, the constructor's values first,
each value validated and refused by its field's type with pydantic's own words."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from relos.settings import Settings


@pytest.fixture(autouse=True)
def _no_relos_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for name in list(os.environ):
        if name.lower().startswith("relos_"):
            monkeypatch.delenv(name)


def test_variables_are_read_in_any_case_and_typed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELOS_PORT", "9000")
    monkeypatch.setenv("relos_host", "0.0.0.0")
    monkeypatch.setenv("Relos_Cookie_Secure", "false")
    monkeypatch.setenv("RELOS_DATA_DIR", "/srv/relos")
    monkeypatch.setenv("RELOS_UNKNOWN", "ignored")
    s = Settings()
    assert (s.port, s.host, s.cookie_secure, s.data_dir) == (9000, "0.0.0.0", False, Path("/srv/relos"))
    assert s.effective_database_url == "sqlite:////srv/relos/relos.sqlite3"


def test_the_constructor_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELOS_PORT", "9000")
    monkeypatch.setenv("RELOS_WORKERS", "3")
    s = Settings(port=8001, unknown=1)
    assert (s.port, s.workers) == (8001, 3)


def test_a_bad_value_is_refused_naming_the_field(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELOS_WORKERS", "0")
    with pytest.raises(ValidationError) as refused:
        Settings()
    words = "1 validation error for Settings\nworkers\n  Input should be greater than or equal to 1"
    assert words in str(refused.value)


def test_the_defaults() -> None:
    s = Settings()
    assert (s.database_url, s.port, s.workers, s.secret_key) == (None, 8000, 1, None)


def test_the_settings_do_not_send_pydantic_looking_for_plugins() -> None:
    import subprocess
    import sys

    probe = (
        "from relos.settings import Settings; Settings(); from pydantic.plugin import _loader; print(_loader._plugins)"
    )
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout == "None\n"
