"""Every document type that takes a place on a channel has its words in English and in Russian, so the exchange
page never shows a type's code."""

from __future__ import annotations

import pytest

from relos.domain.exchange.envelope import UNSEQUENCED, DocumentType
from relos.web.i18n import CATALOGUE


@pytest.mark.parametrize("kind", [t for t in DocumentType if t not in UNSEQUENCED], ids=str)
def test_each_document_type_is_said_in_both_languages(kind: DocumentType) -> None:
    for lang in ("en", "ru"):
        assert f"exchange.type.{kind.value}" in CATALOGUE[lang], (lang, kind.value)
