"""The data shipped with RELOS cites the public record (publisher, title, date, address) or says plainly that
the source is unknown; it never points to material a reader cannot look up, such as a project brief, an
issue or ticket number, or a numbered seed document."""

from __future__ import annotations

import re
from importlib import resources
from importlib.resources.abc import Traversable

import pytest

INTERNAL = re.compile(
    r"(?<![-./\w])(?:brief|briefing|developers?'?|issues?\s*#?\s*\d+|tickets?\s*#?\s*\d+|seeds?\s*\d+(?:\s*(?:and|,)\s*\d+)*)\b",
    re.IGNORECASE,
)


def _data_files() -> list[Traversable]:
    found: list[Traversable] = []
    pending = [resources.files("relos.data")]
    while pending:
        folder = pending.pop()
        for entry in folder.iterdir():
            if entry.is_dir():
                if entry.name != "__pycache__":
                    pending.append(entry)
            elif entry.name.endswith((".toml", ".csv", ".md", ".json", ".txt")):
                found.append(entry)
    return sorted(found, key=lambda f: f.name)


def _internal_citations(text: str) -> list[str]:
    return [
        f"line {text.count(chr(10), 0, match.start()) + 1}: {match.group(0)!r}" for match in INTERNAL.finditer(text)
    ]


def test_the_bundled_data_files_are_found() -> None:
    names = {f.name for f in _data_files()}
    assert {"relos-ind-rus.toml", "lemoa-ind-usa.toml", "facilities.csv", "ship_classes.csv"} <= names


@pytest.mark.parametrize("data_file", _data_files(), ids=lambda f: f.name)
def test_no_bundled_data_file_cites_internal_material(data_file: Traversable) -> None:
    assert _internal_citations(data_file.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "text",
    [
        "Seed 003 (Indian news, 2025-12-03)",
        "seeds 001 and 003",
        "as given in the developers' brief, issue 2",
        "per the issue brief",
        "see ticket #12",
    ],
)
def test_the_check_finds_internal_citations(text: str) -> None:
    assert _internal_citations(text)


@pytest.mark.parametrize(
    "text",
    [
        "RIA Novosti, 2 December 2025, https://ria.ru/20251202/voennye-2059190126.html",
        "defbrief.com",
        "https://bellona.org/news/nuclear-issues/russian-navy/2003-02-severomorsk",
        "range on internal fuel",
    ],
)
def test_public_citations_pass(text: str) -> None:
    assert _internal_citations(text) == []
