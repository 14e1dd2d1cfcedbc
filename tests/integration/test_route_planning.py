"""Routes and reach for the seed pairs from the bundled catalogue, with and without RELOS (both databases).

RELOS' entry into force is not public (the bundled file leaves it unknown), so each test records one
(2026-01-01) before planning; LEMOA is in force from its file. The Talwar class's range (4,850 nm at
14 kn) is used as given (--range-nm): with the 30% reserve factor no seed destination is reachable,
because the catalogue holds no refuelling point between India and Russia (see the reserve test).
"""

from __future__ import annotations

from datetime import date

import pytest

from relos.db.runtime import Database
from relos.domain.actor import Actor, Role
from relos.domain.agreements import AgreementEvent, EventKind
from relos.domain.errors import InvalidInput, NotFound
from relos.services.agreements import register
from relos.services.planning import routes

RELOS = "relos-ind-rus"
AT = date(2026, 8, 1)
ORIGINS = ("IN-BOM", "IN-VTZ", "IN-COK", "IN-IXZ")
FAR = ("RU-MUR", "RU-PKC")  # Murmansk, Petropavlovsk-Kamchatsky
TALWAR_RANGE = 4850.0


def record_relos_in_force(db: Database, on: date = date(2026, 1, 1)) -> None:
    event = AgreementEvent(EventKind.ENTRY_INTO_FORCE, on, source="test: assumed entry into force")
    register.record_event(db.uow(), actor=Actor.operator("test"), agreement_id=RELOS, event=event, at=on)


@pytest.fixture
def relos_in_force(catalogue: Database) -> Database:
    record_relos_in_force(catalogue)
    return catalogue


def plan(db: Database, origin: str, destination: str, **kw: object) -> routes.RoutePlan:
    args: dict[str, object] = {"ship_class": "talwar", "range_nm": TALWAR_RANGE, "party": "IND", "at": AT}
    args.update(kw)
    return routes.route(db.uow(), actor=Actor.operator("test"), origin=origin, destination=destination, **args)  # type: ignore[arg-type]


def test_far_seed_pairs_are_feasible_only_with_relos(relos_in_force: Database) -> None:
    for origin in ORIGINS:
        for destination in FAR:
            alone = plan(relos_in_force, origin, destination, agreements="none")
            with_relos = plan(relos_in_force, origin, destination, agreements=RELOS)
            assert not alone.feasible, (origin, destination)
            assert "beyond the usable range" in (alone.result.reason or "")
            assert with_relos.feasible, (origin, destination, with_relos.result.reason)
            assert any(s.startswith("RU-") for s in with_relos.result.stops)


def test_vladivostok_is_never_longer_with_relos(relos_in_force: Database) -> None:
    for origin in ORIGINS:
        alone = plan(relos_in_force, origin, "RU-VVO", agreements="none")
        with_relos = plan(relos_in_force, origin, "RU-VVO", agreements=RELOS)
        assert with_relos.feasible
        assert not alone.feasible or alone.result.duration_h >= with_relos.result.duration_h  # type: ignore[operator]


def test_no_leg_of_a_constrained_route_exceeds_the_range(relos_in_force: Database) -> None:
    for origin in ORIGINS:
        for destination in ("RU-VVO", *FAR):
            result = plan(relos_in_force, origin, destination).result
            assert result.feasible
            assert all(leg.distance_nm <= TALWAR_RANGE for leg in result.legs)
            assert sum(leg.distance_nm for leg in result.legs) == pytest.approx(result.distance_nm, rel=1e-6)


def test_relos_counts_from_its_entry_into_force_only(relos_in_force: Database) -> None:
    before = plan(relos_in_force, "IN-VTZ", "RU-PKC", at=date(2025, 12, 31))
    after = plan(relos_in_force, "IN-VTZ", "RU-PKC", at=AT)
    assert RELOS not in before.to_json()["agreements"] and "lemoa-ind-usa" in before.to_json()["agreements"]
    assert RELOS in after.to_json()["agreements"] and after.feasible


def test_class_range_is_reduced_by_the_reserve_factor(relos_in_force: Database) -> None:
    result = plan(relos_in_force, "IN-VTZ", "RU-PKC", range_nm=None)
    data = result.to_json()
    assert data["usable_range_nm"] == pytest.approx(4850 * 0.7) and data["reserve_factor"] == "fuel-reserve-fraction"
    assert not result.feasible and data["shortfall"]["beyond_nm"] > 0


def test_unconstrained_route_is_the_shortest_and_ignores_fuel(catalogue: Database) -> None:
    result = plan(catalogue, "IN-BOM", "RU-PKC", unconstrained=True).result
    assert result.feasible and result.stops == () and len(result.legs) == 1


def test_lat_lon_endpoints_and_unknown_ids_name_the_option(catalogue: Database) -> None:
    assert plan(catalogue, "17.69,83.29", "RU-VVO", unconstrained=True).feasible
    with pytest.raises(InvalidInput) as bad:
        plan(catalogue, "IN-VTZ", "XX-NOPE")
    assert bad.value.problems[0].field == "--to"
    with pytest.raises(InvalidInput) as bad:
        plan(catalogue, "95,10", "RU-VVO")
    assert bad.value.problems[0].field == "--from"


def test_a_user_sees_and_counts_only_agreements_of_their_party(relos_in_force: Database) -> None:
    american = Actor("u1", "USA", frozenset({Role.LOGISTICS_OFFICER}))
    with pytest.raises(NotFound):
        routes.route(
            relos_in_force.uow(),
            actor=american,
            origin="US-GUM",
            destination="IN-VTZ",
            range_nm=5000,
            speed_kn=16,
            agreements=RELOS,
            at=AT,
        )
    counted = routes.route(
        relos_in_force.uow(),
        actor=american,
        origin="US-GUM",
        destination="IN-VTZ",
        range_nm=5000,
        speed_kn=16,
        at=AT,
    ).to_json()
    assert counted["party"] == "USA" and counted["agreements"] == ["lemoa-ind-usa"]


def test_reach_shows_what_relos_adds(relos_in_force: Database) -> None:
    result = routes.reach_from(
        relos_in_force.uow(),
        actor=Actor.operator("test"),
        home="IN-VTZ",
        ship_class="talwar",
        range_nm=TALWAR_RANGE,
        days=45,
        party="IND",
        agreement=RELOS,
        at=AT,
    )
    data = result.to_json()
    assert data["agreements_added"] == [RELOS] and RELOS not in data["agreements_baseline"]
    assert data["added"], "RELOS adds nothing"
    newly = {g["id"] for g in data["added"] if g["change"] == "newly_reachable"}
    assert {"RU-MUR", "RU-SVM"} <= newly  # the Northern Fleet's ports, via Novorossiysk and Baltiysk
    features = result.geojson()["features"]
    assert any(f["properties"].get("status") == "newly_reachable" for f in features)


def test_ferry_lists_the_countries_each_leg_crosses(relos_in_force: Database) -> None:
    result = routes.ferry(
        relos_in_force.uow(),
        actor=Actor.operator("test"),
        origin="IN-HDN",
        destination="RU-CKS",
        aircraft="su-30mki",
        range_nm=2500,
        speed_kn=450,
        party="IND",
        agreements=RELOS,
        at=AT,
    )
    data = result.to_json()
    assert result.feasible, data.get("reason")
    assert all(leg["countries"] for leg in data["legs"])
    assert data["countries"][-1] == "RUS" and len(data["countries"]) >= 3
