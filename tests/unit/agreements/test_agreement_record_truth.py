"""What the bundled agreement record says of facts that are disputed or not public: the Federation Council's
date (8 or 10 December 2025) and whether an auxiliary counts against the warship cap."""

from __future__ import annotations

from datetime import date
from importlib import resources

import pytest

from relos.domain.agreements import EventKind
from relos.domain.errors import InvalidInput
from relos.services.agreements.files import parse_agreement

GOOD = """\
id = "test-pact"
short_name = "TEST"
parties = ["IND", "RUS"]
signed = 2024-01-01
term_years = 5

[caps]
warships = 5
"""


def _relos() -> str:
    return (resources.files("relos.data") / "agreements" / "relos-ind-rus.toml").read_text(encoding="utf-8")


def test_the_federation_council_date_is_kept_both_ways_with_sources_and_marked_disputed() -> None:
    agreement, events = parse_agreement(_relos(), source="relos-ind-rus.toml")
    disputed = agreement.unknown["federation_council_date"]
    assert disputed.startswith("DISPUTED") and "8 December 2025" in disputed and "10 December 2025" in disputed
    assert "indiatoday.in" in disputed and "tass.com" in disputed
    [council] = [e for e in events if "Federation Council" in e.note]
    assert council.kind is EventKind.RATIFICATION and council.on == date(2025, 12, 8)
    assert "date disputed" in council.note and "tass.com" in council.source and "indiatoday.in" in council.source


def test_relos_counts_an_auxiliary_against_the_warship_cap_by_a_stated_assumption() -> None:
    agreement, _ = parse_agreement(_relos(), source="relos-ind-rus.toml")
    assert agreement.auxiliaries_count_as_warships
    assert agreement.unknown["auxiliaries_in_warship_cap"].startswith("ASSUMED")


def test_an_agreement_that_says_nothing_counts_every_ship() -> None:
    agreement, _ = parse_agreement(GOOD, source="t.toml")
    assert agreement.auxiliaries_count_as_warships


def test_rejects_leaving_auxiliaries_outside_the_cap_the_register_cannot_administer() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_agreement(GOOD + "auxiliaries_count_as_warships = false\n", source="t.toml")
    assert [(p.field, p.code) for p in caught.value.problems] == [
        ("caps.auxiliaries_count_as_warships", "auxiliaries_outside_cap_unsupported")
    ]
