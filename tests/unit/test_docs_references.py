"""The docs and the README name modules by path (`services/clearances/notice.py`) or by dotted name
(`services.ledger.formats`); every such name must still exist, so a move cannot leave the docs behind."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "relos"
LAYERS = "services|web|api|cli|domain|db|planning"
REFERENCE = re.compile(rf"`((?:relos[./])?(?:{LAYERS})[./][A-Za-z0-9_./]+?)(?:\.py)?[`(]")


def _resolves(reference: str) -> bool:
    path = reference.removeprefix("relos/").removeprefix("relos.").replace(".", "/")
    if (PACKAGE / f"{path}.py").is_file() or (PACKAGE / path).is_dir():
        return True
    # `services.clearances.notice.clearance_notice`: the last part may name something inside a module.
    return "/" in path and (PACKAGE / f"{path.rsplit('/', 1)[0]}.py").is_file()


def _documents() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_every_module_the_docs_name_exists() -> None:
    missing = [
        f"{document.relative_to(ROOT)}: {match.group(1)}"
        for document in _documents()
        for match in REFERENCE.finditer(document.read_text(encoding="utf-8"))
        if not _resolves(match.group(1))
    ]
    assert missing == []


def test_the_check_finds_a_stale_name() -> None:
    assert not _resolves("services/clearance_notice")
    assert not _resolves("services.statement_formats")
    assert _resolves("services/clearances/notice")
    assert _resolves("services.clearances.notice.clearance_notice")
    assert REFERENCE.findall("see `services/presence.py` and `web.home`") == ["services/presence", "web.home"]
