"""The docs name the ledger's tables (`ledger_postings`, …) to say how the books are kept: each must be a table
of the schema, so that no page describes storage RELOS does not have (it once named a staging table)."""

from __future__ import annotations

import re
from pathlib import Path

from relos.db.tables import metadata

ROOT = Path(__file__).resolve().parents[2]
LEDGER_NAME = re.compile(r"`(ledger_[a-z0-9_]+)`")
# fields of the API's answers whose names begin the same way (not storage): the settlement certificate's hash
# of the books it certifies
ANSWER_FIELDS = {"ledger_hash"}


def test_every_ledger_table_the_docs_name_exists() -> None:
    documents = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    named = {
        (document.name, name)
        for document in documents
        for name in LEDGER_NAME.findall(document.read_text(encoding="utf-8"))
    }
    assert {n for _, n in named} & {"ledger_postings", "ledger_transactions"}, "the ledger's page names its tables"
    assert sorted((doc, name) for doc, name in named if name not in metadata.tables and name not in ANSWER_FIELDS) == []


def test_the_check_finds_a_table_the_schema_lacks() -> None:
    assert LEDGER_NAME.findall("staged in `ledger_posting_staging` and") == ["ledger_posting_staging"]
    assert "ledger_posting_staging" not in metadata.tables
