"""Agreement files: the INTERFACES.md format, and errors that name the key and the line."""

from __future__ import annotations

from importlib import resources

import pytest

from relos.domain.errors import InvalidInput
from relos.services.agreements.files import parse_agreement

GOOD = """\
id = "test-pact"
short_name = "TEST"
parties = ["IND", "RUS"]
signed = 2024-01-01
entry_into_force = 2024-02-01
term_years = 5
extension_years = 5
purposes = ["joint_exercise", "training"]

[caps]
warships = 5
aircraft = 10
personnel = 3000
"""


def problems_of(text: str) -> list[tuple[int | None, str]]:
    with pytest.raises(InvalidInput) as info:
        parse_agreement(text, source="t.toml")
    return [(p.line, p.field) for p in info.value.problems]


def test_reads_the_interfaces_format() -> None:
    agreement, events = parse_agreement(GOOD)
    assert agreement.id == "test-pact" and agreement.parties == ("IND", "RUS")
    assert (agreement.caps.warships, agreement.caps.aircraft, agreement.caps.personnel) == (5, 10, 3000)
    assert events == []


def test_negative_term_names_key_and_line() -> None:
    assert problems_of(GOOD.replace("term_years = 5", "term_years = -1")) == [(6, "term_years")]


def test_unknown_party_code_names_key_and_line() -> None:
    assert problems_of(GOOD.replace('"RUS"]', '"XYZ"]')) == [(3, "parties[1]")]


def test_date_that_is_not_a_date() -> None:
    assert problems_of(GOOD.replace("signed = 2024-01-01", 'signed = "yesterday"')) == [(4, "signed")]


def test_malformed_file_reports_the_syntax_line() -> None:
    [(line, field)] = problems_of(GOOD.replace("warships = 5", "warships = = 5"))
    assert field == "(syntax)" and line == 11


def test_missing_required_keys_are_all_reported() -> None:
    fields = {f for _, f in problems_of('id = "x"\n')}
    assert fields == {"short_name", "parties", "signed", "term_years"}


def test_cap_of_wrong_type_names_the_table_key() -> None:
    assert problems_of(GOOD.replace("aircraft = 10", 'aircraft = "ten"')) == [(12, "caps.aircraft")]


def test_bad_id_is_refused() -> None:
    assert problems_of(GOOD.replace('"test-pact"', '"Test Pact"')) == [(1, "id")]


def test_event_in_second_table_array_entry_names_its_line() -> None:
    text = (
        GOOD + '\n[[events]]\nkind = "ratification"\ndate = 2024-01-05\nsource = "x"\nparty = "RUS"\n'
        '\n[[events]]\nkind = "ratified"\ndate = 2024-01-06\nsource = "y"\n'
    )
    assert problems_of(text) == [(22, "events.1.kind")]


@pytest.mark.parametrize("name", ["relos-ind-rus.toml", "lemoa-ind-usa.toml"])
def test_bundled_agreements_parse_and_cite_sources(name: str) -> None:
    text = (resources.files("relos.data") / "agreements" / name).read_text(encoding="utf-8")
    agreement, events = parse_agreement(text, source=name)
    assert agreement.sources, "every bundled agreement cites its sources"
    assert all(e.source for e in events)


def test_relos_caps_and_term_are_those_of_the_agreement() -> None:
    text = (resources.files("relos.data") / "agreements" / "relos-ind-rus.toml").read_text(encoding="utf-8")
    agreement, events = parse_agreement(text)
    assert agreement.caps.as_dict() == {"warships": 5, "aircraft": 10, "personnel": 3000}
    assert (agreement.term_years, agreement.extension_years, agreement.renewal) == (5, 5, "mutual_consent")
    assert agreement.entry_into_force is None and "entry_into_force" in agreement.unknown
    assert {e.on.isoformat() for e in events} == {"2025-12-02", "2025-12-08", "2025-12-15"}
