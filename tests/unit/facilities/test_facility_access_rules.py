"""Opening and closing a facility under an agreement: the rules of relos.domain.facilities.access."""

from __future__ import annotations

import pytest

from relos.domain.errors import Conflict
from relos.domain.facilities import Facility, FacilityKind
from relos.domain.facilities.access import access_problems, closed, opened

BASE = Facility("RU-GDZ", "Gadzhiyevo", "Гаджиево", "RUS", FacilityKind.NAVAL_BASE, 69.25, 33.32, "Europe/Moscow")
PORT = Facility(
    "RU-NAK", "Nakhodka", "Находка", "RUS", FacilityKind.PORT, 42.8, 132.9, "Asia/Vladivostok",
    open_under=("relos-ind-rus",), estimated=("open_under", "fuel_types"),
)  # fmt: skip


def test_opening_a_closed_site_is_a_decision_not_an_assumption() -> None:
    after = opened(BASE, agreement_id="relos-ind-rus")
    assert after.open_under == ("relos-ind-rus",) and "open_under" not in after.estimated
    assert after.notes == BASE.notes  # the catalogue's notes are its own: the decision is in the audit trail


def test_closing_the_last_agreement_leaves_nothing_assumed() -> None:
    after = closed(PORT, agreement_id="relos-ind-rus")
    assert after.open_under == () and after.estimated == ("fuel_types",)


def test_rejects_opening_what_is_open_and_closing_what_is_closed() -> None:
    with pytest.raises(Conflict) as caught:
        opened(PORT, agreement_id="relos-ind-rus")
    assert caught.value.code == "conflict.facility_already_open"
    with pytest.raises(Conflict):
        closed(BASE, agreement_id="relos-ind-rus")


def test_rejects_opening_under_an_agreement_the_host_is_not_party_to_and_without_a_reason() -> None:
    problems = access_problems(BASE, agreement_id="lemoa-ind-usa", agreement_parties=("IND", "USA"), reason="")
    assert [(p.field, p.code) for p in problems] == [
        ("reason", "access_reason_required"),
        ("agreement", "facility_host_not_party"),
    ]
    assert access_problems(BASE, agreement_id="relos-ind-rus", agreement_parties=("IND", "RUS"), reason="ok") == []
