"""Whether a ship of a given length and draught fits a berth at a facility."""

from __future__ import annotations

from relos.domain.facilities import Facility, FacilityKind, FitVerdict, berth_fit


def port(*, berths: int | None = 3, length: float | None = 200.0, draught: float | None = 9.0) -> Facility:
    return Facility(
        "IN-BOM",
        "Mumbai",
        "",
        "IND",
        FacilityKind.NAVAL_BASE,
        18.9,
        72.8,
        "Asia/Kolkata",
        berths=berths,
        berth_max_length_m=length,
        berth_max_draught_m=draught,
        source="s",
    )


def test_ship_within_length_and_draught_fits() -> None:
    assert berth_fit(port(), length_m=124.8, draught_m=4.5).fits
    assert port().berth_fit(length_m=200.0, draught_m=9.0).fits  # limits are inclusive


def test_rejects_ship_longer_than_the_berth() -> None:
    result = berth_fit(port(length=120.0), length_m=124.8, draught_m=4.5)
    assert result.refused and "length 124.8 m exceeds" in result.reasons[0]


def test_rejects_ship_deeper_than_the_berth() -> None:
    result = berth_fit(port(draught=4.0), length_m=124.8, draught_m=4.5)
    assert result.refused and "draught" in result.reasons[0]


def test_rejects_every_ship_where_there_are_no_berths() -> None:
    assert berth_fit(port(berths=0), length_m=10, draught_m=1).refused


def test_unknown_limit_gives_unknown_not_refusal() -> None:
    result = berth_fit(port(draught=None), length_m=124.8, draught_m=4.5)
    assert result.verdict is FitVerdict.UNKNOWN and not result.refused and not result.fits


def test_a_known_breach_outweighs_an_unknown_limit() -> None:
    assert berth_fit(port(length=100.0, draught=None), length_m=124.8, draught_m=4.5).refused


def test_partner_may_use_a_facility_opened_under_the_agreement_but_not_as_access_to_its_own() -> None:
    from dataclasses import replace

    from relos.domain.facilities import is_open_to

    karwar = replace(port(), open_under=("relos-ind-rus",))
    parties = ("IND", "RUS")
    assert is_open_to(karwar, party="RUS", agreement_id="relos-ind-rus", agreement_parties=parties)
    assert not is_open_to(karwar, party="IND", agreement_id="relos-ind-rus", agreement_parties=parties)
    assert not is_open_to(karwar, party="USA", agreement_id="relos-ind-rus", agreement_parties=parties)
    assert not is_open_to(karwar, party="RUS", agreement_id="lemoa-ind-usa", agreement_parties=("IND", "USA"))
