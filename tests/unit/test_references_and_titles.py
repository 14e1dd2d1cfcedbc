"""Human references (HOST-KIND-YEAR-NUMBER) and titles of deployments, clearances and support orders: how a
reference is written and read back as a user types it, what a title may be, and the titles made when none
is chosen."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from relos.domain import default_titles
from relos.domain.clearances.model import Aircraft as FlightAircraft
from relos.domain.clearances.model import Airspace, Clearance, PortCall
from relos.domain.clearances.model import Ship as CallShip
from relos.domain.clearances.terms import ClearanceKind
from relos.domain.deployments.model import Aircraft, Deployment, Ship
from relos.domain.facilities import Facility, FacilityKind
from relos.domain.ledger.money import Money
from relos.domain.ledger.obligations import ReimbursementMethod
from relos.domain.orders.catalogue import Category
from relos.domain.orders.model import OrderLine, SupportOrder
from relos.domain.references import RecordKind, Reference, parse_reference, reference_text
from relos.domain.titles import MAX_TITLE, chosen_title, fitted, title_problem, window_text

VLADIVOSTOK = Facility(
    id="RU-VVO",
    name_en="Vladivostok",
    name_local="Владивосток",
    country="RUS",
    kind=FacilityKind.NAVAL_BASE,
    lat=43.1,
    lon=131.9,
    timezone="Asia/Vladivostok",
)


# -- references -----------------------------------------------------------------------------------------
def test_a_reference_names_host_kind_year_and_a_number_of_at_least_four_digits() -> None:
    assert reference_text("RUS", RecordKind.DEPLOYMENT, 2027, 14) == "RUS-DEP-2027-0014"
    assert reference_text("IND", RecordKind.CLEARANCE, 2026, 3) == "IND-CLR-2026-0003"
    assert reference_text("RUS", RecordKind.ORDER, 2027, 10_000) == "RUS-ORD-2027-10000"


def test_a_reference_number_counts_from_one() -> None:
    with pytest.raises(ValueError):
        reference_text("RUS", RecordKind.ORDER, 2027, 0)


def test_a_reference_is_read_as_a_user_types_it_in_any_case_and_without_leading_zeros() -> None:
    expected = Reference("RUS", RecordKind.DEPLOYMENT, 2027, 14)
    assert parse_reference("RUS-DEP-2027-0014") == expected
    assert parse_reference("  rus-dep-2027-14 ") == expected
    assert str(parse_reference("ind-clr-2026-3")) == "IND-CLR-2026-0003"


@pytest.mark.parametrize(
    "text",
    ["01a23ab6-0000-7000-8000-000000000000", "RUS-XYZ-2027-0001", "RUS-DEP-27-0001", "RUS-DEP-2027-0000", "", "R" * 40],
)
def test_what_is_not_a_reference_is_not_read_as_one(text: str) -> None:
    assert parse_reference(text) is None


# -- titles ---------------------------------------------------------------------------------------------
def test_a_title_is_optional_one_line_and_at_most_200_characters_naming_the_field() -> None:
    assert title_problem(None) is None and title_problem("   ") is None
    assert title_problem("Отряд кораблей ТОФ, визит в Мумбаи") is None
    too_long = title_problem("x" * (MAX_TITLE + 1))
    assert too_long is not None and too_long.field == "title" and "at most 200 characters" in too_long.message
    two_lines = title_problem("first\nsecond")
    assert two_lines is not None and two_lines.field == "title"
    not_text = title_problem(42)
    assert not_text is not None and not_text.field == "title"
    assert chosen_title("  Malabar 2027  ") == "Malabar 2027" and chosen_title(None) == ""


def test_a_window_is_written_by_its_days_its_last_day_the_one_before_its_end() -> None:
    def at(*args: int) -> datetime:
        return datetime(*args, tzinfo=UTC)

    assert window_text(at(2027, 1, 10), at(2027, 1, 21)) == "10–20 Jan 2027"
    assert window_text(at(2027, 1, 10, 8), at(2027, 1, 10, 18)) == "10 Jan 2027"
    assert window_text(at(2027, 1, 28), at(2027, 2, 4)) == "28 Jan – 3 Feb 2027"
    assert window_text(at(2026, 12, 28), at(2027, 1, 4)) == "28 Dec 2026 – 3 Jan 2027"
    # in the place's time: 9 Jan 14:00 UTC is 10 Jan in Vladivostok (UTC+10)
    assert window_text(at(2027, 1, 9, 14), at(2027, 1, 20, 14), ZoneInfo("Asia/Vladivostok")) == "10–20 Jan 2027"


def test_a_made_title_is_one_line_cut_to_the_limit() -> None:
    made = fitted("a\tb  c " + "x" * 300)
    assert made.startswith("a b c ") and len(made) == MAX_TITLE and made.endswith("…")


def _ship(name: str, hull: str) -> Ship:
    return Ship(name, hull, "talwar", 4035, 124.8, 15.2, 4.5)


def test_a_deployment_without_a_title_is_named_by_its_lead_unit_place_and_local_days() -> None:
    d = Deployment(
        id="d1",
        agreement_id="relos-ind-rus",
        visiting_party="IND",
        host_party="RUS",
        facility_id="RU-VVO",
        purpose="port_call",
        start=datetime(2027, 1, 9, 14, tzinfo=UTC),
        end=datetime(2027, 1, 20, 14, tzinfo=UTC),
        ships=(_ship("INS Talwar", "F40"), _ship("INS Tabar", "F44")),
        aircraft=(Aircraft("ka-31", "IN-561", "KAMOV1"),),
        personnel=600,
        requested_by="ind.requester",
        created_at=datetime(2026, 12, 1, tzinfo=UTC),
    )
    assert default_titles.of_deployment(d, VLADIVOSTOK) == "INS Talwar and 2 more at Vladivostok, 10–20 Jan 2027"
    people_only = Deployment(**{**d.__dict__, "ships": (), "aircraft": ()})
    assert default_titles.of_deployment(people_only, None).startswith("600 personnel at RU-VVO, 9–20 Jan 2027")


def test_a_clearance_without_a_title_is_named_by_its_kind_ships_or_aircraft_place_and_days() -> None:
    base = {
        "id": "c1",
        "agreement_id": "relos-ind-rus",
        "visiting_party": "IND",
        "host_party": "RUS",
        "facility_id": "RU-VVO",
        "purpose": "port_call",
        "start": datetime(2027, 1, 10, tzinfo=ZoneInfo("Asia/Vladivostok")),
        "end": datetime(2027, 1, 21, tzinfo=ZoneInfo("Asia/Vladivostok")),
        "created_by": "ind.requester",
        "created_at": datetime(2026, 12, 1, tzinfo=UTC),
    }
    call = Clearance(kind=ClearanceKind.PORT_CALL, port_call=PortCall(ships=(CallShip(name="INS Talwar"),)), **base)
    assert default_titles.of_clearance(call, VLADIVOSTOK) == "Port call of INS Talwar at Vladivostok, 10–20 Jan 2027"
    unnamed = Clearance(kind=ClearanceKind.PORT_CALL, port_call=PortCall(), **base)
    assert default_titles.of_clearance(unnamed, VLADIVOSTOK) == "Port call at Vladivostok, 10–20 Jan 2027"
    flight = Clearance(
        kind=ClearanceKind.AIRSPACE,
        airspace=Airspace(aircraft=(FlightAircraft(type="Il-38SD", tail_number="IN-301"),)),
        **base,
    )
    assert default_titles.of_clearance(flight, VLADIVOSTOK) == "Flight of Il-38SD IN-301 to Vladivostok, 10–20 Jan 2027"


def test_an_order_without_a_title_is_named_by_its_unit_first_item_place_and_day_needed() -> None:
    line = OrderLine(
        1,
        Category.POL,
        "F-76",
        "Diesel fuel, marine",
        Decimal(600),
        "m3",
        Money.of("100.00", "RUB"),
        ReimbursementMethod.CASH,
    )
    order = SupportOrder(
        id="o1",
        agreement_id="relos-ind-rus",
        requesting_party="IND",
        requesting_unit="INS Talwar",
        supplying_party="RUS",
        facility_id="RU-VVO",
        lines=(line, OrderLine(**{**line.__dict__, "line_no": 2, "description": "Water"})),
        requested_by="ind.requester",
        created_at=datetime(2026, 12, 1, tzinfo=UTC),
        needed_by=date(2027, 1, 12),
    )
    assert (
        default_titles.of_order(order, VLADIVOSTOK)
        == "INS Talwar: Diesel fuel, marine and 1 more at Vladivostok, needed by 12 Jan 2027"
    )
