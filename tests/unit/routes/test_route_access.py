"""Which agreements count and which facilities a party may refuel at (no database)."""

from __future__ import annotations

from datetime import date

from relos.domain.agreements import Agreement
from relos.domain.facilities import Facility, FacilityKind
from relos.services.planning._inputs import SEA_KINDS, Access, AgreementChoice, refuel_points

RELOS = Agreement("relos-ind-rus", "RELOS", ("IND", "RUS"), date(2025, 2, 18), 5)


def facility(
    fid: str,
    country: str,
    *,
    fuels: tuple[str, ...] = ("naval_distillate",),
    open_under: tuple[str, ...] = (),
    kind: FacilityKind = FacilityKind.NAVAL_BASE,
) -> Facility:
    return Facility(fid, fid, "", country, kind, 10.0, 80.0, "UTC", fuel_types=fuels, open_under=open_under)


def test_agreement_choice_in_force_none_or_named() -> None:
    assert AgreementChoice.parse(None).ids is None
    assert AgreementChoice.parse("  ").ids is None
    assert AgreementChoice.parse("none").ids == ()
    assert AgreementChoice.parse("a, b,a").ids == ("a", "b")


def test_party_uses_its_own_and_the_partner_facilities_opened_to_it() -> None:
    with_relos = Access("IND", date(2026, 1, 1), (RELOS,), what_if=False)
    alone = Access("IND", date(2026, 1, 1), (), what_if=False)
    own, theirs = facility("IN-X", "IND"), facility("RU-X", "RUS", open_under=("relos-ind-rus",))
    closed = facility("RU-Y", "RUS")
    assert with_relos.may_use(own) and with_relos.may_use(theirs) and not with_relos.may_use(closed)
    assert alone.may_use(own) and not alone.may_use(theirs)


def test_a_third_party_gains_nothing_from_an_agreement_it_is_not_party_to() -> None:
    american = Access("USA", date(2026, 1, 1), (RELOS,), what_if=True)
    assert not american.may_use(facility("RU-X", "RUS", open_under=("relos-ind-rus",)))


def test_facilities_without_recorded_fuel_or_of_other_kinds_do_not_refuel_ships() -> None:
    access = Access("IND", date(2026, 1, 1), (), what_if=False)
    points = refuel_points(
        [
            facility("IN-A", "IND"),
            facility("IN-B", "IND", fuels=()),
            facility("IN-C", "IND", kind=FacilityKind.AIR_BASE),
        ],
        access,
        kinds=SEA_KINDS,
    )
    assert [(p.id, p.usable) for p in points] == [("IN-A", True), ("IN-B", False)]
