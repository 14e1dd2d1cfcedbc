"""docs/facilities.md documents every column the importer knows (one source of truth: the specs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from relos.domain.facilities import SPECS, RecordKind

DOC = Path(__file__).parents[3] / "docs" / "facilities.md"


@pytest.mark.parametrize("kind", list(RecordKind))
def test_docs_name_every_column_of_each_file(kind: RecordKind) -> None:
    text = DOC.read_text(encoding="utf-8")
    section = text.split(f"### {kind.value}\n", 1)[1].split("###", 1)[0]
    for name in SPECS[kind].column_names:
        assert f"| `{name}` |" in section, f"docs/facilities.md, {kind.value}: column {name} missing"
