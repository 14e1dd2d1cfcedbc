"""The rules of clearances, pure: terms from the agreement file, completeness, lead time in the host's
local time and its exception, berth fit, the facility, the window, the lifecycle and coverage."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relos.domain.clearances import lifecycle
from relos.domain.clearances.coverage import Force, ShipRef, coverage_gaps, match_violations
from relos.domain.clearances.details import clearance_document, read_airspace, read_port_call
from relos.domain.clearances.model import Aircraft, Airspace, Clearance, ClearanceStatus, Commander, PortCall, Ship
from relos.domain.clearances.rules import (
    berth_violations,
    facility_violations,
    in_force_violations,
    lead_time_violation,
    missing_fields,
    submission_deadline,
)
from relos.domain.clearances.terms import ClearanceKind, notice_terms
from relos.domain.errors import Conflict, InvalidInput, RuleViolated
from relos.domain.facilities.model import Facility, FacilityKind
from relos.services.agreements.files import parse_agreement

AGREEMENTS = Path(__file__).parents[3] / "src" / "relos" / "data" / "agreements"
RELOS = parse_agreement((AGREEMENTS / "relos-ind-rus.toml").read_text())[0]
TERMS = notice_terms(RELOS.id, RELOS.document)[0]
AT = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)
START = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
END = datetime(2026, 5, 6, 8, 0, tzinfo=UTC)
VLADIVOSTOK = "Asia/Vladivostok"

TABAR = Ship("INS Tabar", "F44", "Talwar", Decimal(4035), Decimal("124.8"), Decimal("15.2"), Decimal("4.5"), 180)
PORT = Facility(
    id="RU-T7M",
    name_en="Test port",
    name_local="Тестовый порт",
    country="RUS",
    kind=FacilityKind.PORT,
    lat=43.1,
    lon=131.9,
    timezone=VLADIVOSTOK,
    berths=4,
    berth_max_length_m=200,
    berth_max_draught_m=7,
    open_under=("relos-ind-rus",),
)


def notice(**changes: object) -> Clearance:
    c = Clearance(
        id="c1",
        agreement_id="relos-ind-rus",
        kind=ClearanceKind.PORT_CALL,
        visiting_party="IND",
        host_party="RUS",
        facility_id=PORT.id,
        purpose="port_call",
        start=START,
        end=END,
        created_by="ind.requester",
        created_at=AT,
        port_call=PortCall(
            ships=(TABAR,),
            commander=Commander("Rahul Sharma", "Captain"),
            radio_frequencies=("VHF 16",),
        ),
    )
    return replace(c, **changes)  # type: ignore[arg-type]


def flight(**changes: object) -> Clearance:
    plane = Aircraft("Il-38N", "IN-305", "INDIAN NAVY 305", 10, 0, (), Decimal(25000))
    body = Airspace((plane,), "TAGIL", "TAGIL", "TAGIL B451 KNV", ("RU-KNV",))
    return replace(notice(kind=ClearanceKind.AIRSPACE, port_call=None, airspace=body), **changes)  # type: ignore[arg-type]


# -- terms -------------------------------------------------------------------------------------------
def test_relos_port_call_terms_are_fourteen_days_through_diplomatic_channels() -> None:
    assert TERMS.port_call.lead_days == 14 and TERMS.port_call.channel == "diplomatic"
    assert {"ships.name", "ships.class", "ships.draught_m", "commander.rank", "radio_frequencies"} <= set(
        TERMS.port_call.required
    )
    assert set(TERMS.port_call.optional) == {"pilot", "tugs", "other_services"}


def test_notice_terms_name_unknown_fields_and_bad_lead_times() -> None:
    _, problems = notice_terms("x", {"notice": {"port_call_days": -3, "airspace_required": ["wings"], "colour": 1}})
    assert {p.field for p in problems} == {"notice.port_call_days", "notice.airspace_required", "notice.colour"}


def test_an_agreement_silent_on_notices_requires_every_field_and_no_lead_time() -> None:
    terms, problems = notice_terms("x", {})
    assert problems == [] and terms.port_call.lead_days is None and "ships.draught_m" in terms.port_call.required


# -- completeness --------------------------------------------------------------------------------------
def test_complete_notice_misses_nothing() -> None:
    assert missing_fields(notice(), TERMS.port_call) == []
    assert missing_fields(flight(), TERMS.airspace) == []


def test_aircraft_without_tail_number_is_missing_its_tail_number() -> None:
    c = flight()
    assert c.airspace is not None
    anonymous = replace(c.airspace, aircraft=(replace(c.aircraft[0], tail_number=None),))
    fields = [p.field for p in missing_fields(replace(c, airspace=anonymous), TERMS.airspace)]
    assert fields == ["airspace.aircraft[0].tail_number"]
    with pytest.raises(InvalidInput):
        lifecycle.check_submission(replace(c, airspace=anonymous), terms=TERMS.airspace, at=AT, timezone=VLADIVOSTOK)


def test_notice_without_ships_names_the_number_of_ships() -> None:
    fields = [p.field for p in missing_fields(notice(port_call=PortCall()), TERMS.port_call)]
    assert "port_call.ships" in fields and "port_call.commander.name" in fields


def test_dangerous_cargo_not_declared_is_missing_but_an_empty_list_declares_none() -> None:
    c = flight()
    assert c.airspace is not None
    undeclared = replace(c.airspace, aircraft=(replace(c.aircraft[0], dangerous_cargo=None),))
    assert [p.field for p in missing_fields(replace(c, airspace=undeclared), TERMS.airspace)] == [
        "airspace.aircraft[0].dangerous_cargo"
    ]


# -- lead time -------------------------------------------------------------------------------------------
def test_notice_ten_days_before_the_call_breaks_the_lead_time() -> None:
    found = lead_time_violation(
        notice(), at=START - timedelta(days=10), timezone=VLADIVOSTOK, terms=TERMS.port_call, exception=None
    )
    assert found is not None and found.rule == "lead_time" and found.details["days_given"] == 10


def test_recorded_exception_admits_the_earlier_entry() -> None:
    excepted = lifecycle.record_exception(notice(), reason="cyclone relief", at=AT, by="rus.clearance")
    assert excepted.exception is not None and excepted.exception.reason == "cyclone relief"
    assert (
        lead_time_violation(
            excepted,
            at=START - timedelta(days=10),
            timezone=VLADIVOSTOK,
            terms=TERMS.port_call,
            exception=excepted.exception,
        )
        is None
    )


def test_exception_needs_its_reason() -> None:
    with pytest.raises(InvalidInput):
        lifecycle.record_exception(notice(), reason=" ", at=AT, by="rus.clearance")


def test_lead_time_is_counted_in_the_host_facility_local_time() -> None:
    # 08:00 UTC on 1 May is 18:00 in Vladivostok; the last local day is 17 April (ends 14:00 UTC).
    assert submission_deadline(START, timezone=VLADIVOSTOK, lead_days=14) == datetime(2026, 4, 17, 14, tzinfo=UTC)
    # In Lisbon (UTC+1 in summer) the same start leaves until 23:00 UTC on 17 April.
    assert submission_deadline(START, timezone="Europe/Lisbon", lead_days=14) == datetime(2026, 4, 17, 23, tzinfo=UTC)
    late_in_vladivostok = datetime(2026, 4, 17, 15, tzinfo=UTC)
    assert lead_time_violation(
        notice(), at=late_in_vladivostok, timezone=VLADIVOSTOK, terms=TERMS.port_call, exception=None
    )
    assert not lead_time_violation(
        notice(), at=late_in_vladivostok, timezone="Europe/Lisbon", terms=TERMS.port_call, exception=None
    )


@given(
    start=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)),
    days=st.integers(min_value=0, max_value=60),
    zone=st.sampled_from(["Asia/Vladivostok", "Asia/Kolkata", "Europe/Moscow", "America/New_York", "Asia/Anadyr"]),
)
def test_deadline_leaves_exactly_lead_days_local_calendar_days(start: datetime, days: int, zone: str) -> None:
    from zoneinfo import ZoneInfo

    deadline = submission_deadline(start, timezone=zone, lead_days=days)
    tz = ZoneInfo(zone)
    last_in_time = (deadline - timedelta(microseconds=1)).astimezone(tz).date()
    first_late = deadline.astimezone(tz).date()
    assert (start.astimezone(tz).date() - last_in_time).days == days
    assert (start.astimezone(tz).date() - first_late).days == days - 1


def test_an_amendment_adding_a_ship_or_an_earlier_start_is_a_new_notice() -> None:
    c = notice()
    other = replace(TABAR, name="INS Trikand", hull_number="F51")
    assert lifecycle.lead_time_applies(c, replace(c, port_call=PortCall(ships=(TABAR, other))))
    assert lifecycle.lead_time_applies(c, replace(c, start=START - timedelta(hours=1)))
    corrected = replace(c, port_call=PortCall(ships=(TABAR,), commander=Commander("A. Kumar", "Captain")))
    assert not lifecycle.lead_time_applies(c, corrected)


# -- berth fit, facility, window ---------------------------------------------------------------------------
def test_ship_of_nine_metres_draught_does_not_fit_a_seven_metre_port() -> None:
    deep = replace(TABAR, name="INS Deepak", draught_m=Decimal(9))
    violations, warnings = berth_violations(notice(port_call=PortCall(ships=(deep,))), PORT)
    assert [v.rule for v in violations] == ["ship_does_not_fit"] and warnings == []
    assert "draught 9 m exceeds the berth maximum of 7 m" in violations[0].message


def test_unrecorded_berth_limits_give_a_warning_not_a_pass() -> None:
    unknown = replace(PORT, berth_max_draught_m=None)
    violations, warnings = berth_violations(notice(), unknown)
    assert violations == [] and "host to confirm" in warnings[0]


def test_port_call_to_an_airfield_or_a_closed_port_is_refused() -> None:
    airfield = replace(PORT, kind=FacilityKind.AIR_BASE)
    assert [v.rule for v in facility_violations(notice(), airfield, agreement_parties=("IND", "RUS"))] == [
        "facility_kind"
    ]
    closed = replace(PORT, open_under=())
    assert [v.rule for v in facility_violations(notice(), closed, agreement_parties=("IND", "RUS"))] == [
        "facility_not_open"
    ]


def test_window_outside_the_agreement_in_force_is_refused() -> None:
    assert in_force_violations(notice(), None, "RELOS")[0].rule == "agreement_not_in_force"
    assert in_force_violations(notice(), (date(2026, 1, 1), date(2026, 5, 3)), "RELOS")[0].rule == (
        "agreement_not_in_force"
    )
    assert in_force_violations(notice(), (date(2026, 1, 1), date(2031, 1, 1)), "RELOS") == []


def test_end_before_start_is_refused() -> None:
    with pytest.raises(InvalidInput):
        lifecycle.check_content(
            notice(end=START),
            terms=TERMS.port_call,
            facility=PORT,
            airfields=(),
            agreement_parties=("IND", "RUS"),
            in_force=(date(2026, 1, 1), date(2031, 1, 1)),
            agreement_label="RELOS",
        )


# -- details -----------------------------------------------------------------------------------------------
def test_details_name_every_bad_value_and_round_trip_through_the_canonical_form() -> None:
    _, problems = read_port_call({"ships": [{"draught_m": "-1", "crew": "x", "colour": "grey"}], "pilot": "yes"})
    assert {p.field for p in problems} == {
        "port_call.ships[0].draught_m",
        "port_call.ships[0].crew",
        "port_call.ships[0].colour",
        "port_call.pilot",
    }
    doc = clearance_document(notice())
    again, problems = read_port_call(doc["port_call"])
    assert problems == [] and again == notice().port_call
    plane, problems = read_airspace(clearance_document(flight())["airspace"])
    assert problems == [] and plane == flight().airspace


# -- lifecycle -----------------------------------------------------------------------------------------------
def test_lifecycle_from_draft_to_approved_with_restrictions() -> None:
    c = lifecycle.submit(notice(), at=AT, by="ind.clearance")
    asked = lifecycle.request_information(c, questions="Berth length?", at=AT, by="rus.clearance")
    assert asked.status is ClearanceStatus.NEED_MORE_INFORMATION
    amended = lifecycle.amend(asked, replace(asked, note="130 m"), reason="answer")
    assert amended.status is ClearanceStatus.AMENDED and amended.version == 2
    approved = lifecycle.approve(amended, number="N-1", restrictions=["Berth 3 only", " "], at=AT, by="rus.clearance")
    assert approved.status is ClearanceStatus.APPROVED_WITH_RESTRICTIONS and approved.restrictions == ("Berth 3 only",)
    plain = lifecycle.approve(amended, number="N-1", restrictions=[], at=AT, by="rus.clearance")
    assert plain.status is ClearanceStatus.APPROVED


def test_decisions_need_a_pending_clearance_and_a_denial_its_reason() -> None:
    with pytest.raises(Conflict):
        lifecycle.approve(notice(), number="N", restrictions=[], at=AT, by="x")
    submitted = lifecycle.submit(notice(), at=AT, by="x")
    with pytest.raises(InvalidInput):
        lifecycle.deny(submitted, reason="", at=AT, by="x")
    denied = lifecycle.deny(submitted, reason="port closed", at=AT, by="x")
    with pytest.raises(Conflict):
        lifecycle.cancel(denied, reason="late")


def test_amending_an_approved_clearance_withdraws_the_grant_until_decided_again() -> None:
    approved = lifecycle.approve(lifecycle.submit(notice(), at=AT, by="x"), number="N", restrictions=[], at=AT, by="y")
    amended = lifecycle.amend(approved, approved, reason="new commander")
    assert amended.status is ClearanceStatus.AMENDED and not amended.granted


def test_expiry_after_the_window_when_granted_and_after_the_start_when_not() -> None:
    granted = lifecycle.approve(lifecycle.submit(notice(), at=AT, by="x"), number="N", restrictions=[], at=AT, by="y")
    assert lifecycle.expired(granted, now=START + timedelta(days=1)) is None
    expired = lifecycle.expired(granted, now=END)
    assert expired is not None and expired.status is ClearanceStatus.EXPIRED
    draft = lifecycle.expired(notice(), now=START)
    assert draft is not None and draft.status is ClearanceStatus.EXPIRED


def test_submission_after_the_start_is_refused() -> None:
    with pytest.raises(RuleViolated):
        lifecycle.check_submission(notice(), terms=TERMS.port_call, at=START, timezone=VLADIVOSTOK, lead_time=False)


# -- coverage ----------------------------------------------------------------------------------------------
FORCE = Force("d1", "relos-ind-rus", "IND", "RUS", PORT.id, START, END, (ShipRef("INS Tabar", "F44"),), ("IN-305",))


def _granted(c: Clearance) -> Clearance:
    return replace(c, status=ClearanceStatus.APPROVED, clearance_number="N")


def test_force_without_granted_clearances_is_not_covered() -> None:
    gaps = coverage_gaps(FORCE, [notice(), flight()])
    assert [g.rule for g in gaps] == ["no_port_call_clearance", "no_airspace_clearance"]


def test_force_is_covered_by_granted_port_call_and_airspace_clearances() -> None:
    assert coverage_gaps(FORCE, [_granted(notice()), _granted(flight())]) == []
    restricted = replace(_granted(notice()), status=ClearanceStatus.APPROVED_WITH_RESTRICTIONS)
    assert coverage_gaps(FORCE, [restricted, _granted(flight())]) == []


def test_clearance_for_part_of_the_window_or_another_port_does_not_cover() -> None:
    short = _granted(notice(end=END - timedelta(days=1)))
    elsewhere = _granted(notice(facility_id="RU-VVO"))
    assert [g.rule for g in coverage_gaps(FORCE, [short, elsewhere, _granted(flight())])] == ["no_port_call_clearance"]


def test_ships_match_by_hull_number_or_by_name() -> None:
    renamed = _granted(notice(port_call=PortCall(ships=(replace(TABAR, name="Tabar"),))))
    assert coverage_gaps(replace(FORCE, tail_numbers=()), [renamed]) == []
    no_hull = _granted(notice(port_call=PortCall(ships=(replace(TABAR, hull_number=None, name="ins  tabar"),))))
    assert coverage_gaps(replace(FORCE, tail_numbers=()), [no_hull]) == []


def test_clearance_for_a_deployment_must_name_all_its_units_and_no_other() -> None:
    extra = replace(TABAR, name="INS Trikand", hull_number="F51")
    found = match_violations(notice(port_call=PortCall(ships=(extra,))), FORCE)
    assert sorted(v.rule for v in found) == ["deployment_unit_not_covered", "unit_not_in_deployment"]
    assert match_violations(notice(), FORCE) == []
    assert [v.rule for v in match_violations(notice(start=START + timedelta(hours=1)), FORCE)] == [
        "deployment_dates_not_covered"
    ]


def test_agreement_file_with_a_bad_notice_table_is_refused_naming_key_and_line() -> None:
    text = (AGREEMENTS / "relos-ind-rus.toml").read_text().replace("port_call_days = 14", "port_call_days = -1")
    with pytest.raises(InvalidInput) as refused:
        parse_agreement(text)
    problem = refused.value.problems[0]
    assert problem.field == "notice.port_call_days" and problem.line is not None
    assert text.splitlines()[problem.line - 1].startswith("port_call_days")
