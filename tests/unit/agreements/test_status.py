"""The register's status rules: term, extension only by both consents before expiry, termination."""

from __future__ import annotations

from datetime import date

from relos.domain.agreements import (
    Agreement,
    AgreementEvent,
    Caps,
    EventKind,
    Status,
    add_years,
    event_problems,
    in_force_period,
    status_at,
)


def pact(**overrides: object) -> Agreement:
    base: dict[str, object] = dict(
        id="test-pact",
        short_name="TEST",
        parties=("IND", "RUS"),
        signed=date(2024, 1, 1),
        entry_into_force=date(2024, 2, 1),
        term_years=5,
        extension_years=5,
        caps=Caps(5, 10, 3000),
        purposes=("joint_exercise",),
    )
    base.update(overrides)
    return Agreement(**base)  # type: ignore[arg-type]


def consent(party: str, on: date) -> AgreementEvent:
    return AgreementEvent(EventKind.EXTENSION_CONSENT, on, "note verbale", party=party)


def test_signed_but_not_in_force_before_entry_into_force() -> None:
    assert status_at(pact(), [], date(2024, 1, 15)).status is Status.SIGNED


def test_not_signed_before_signature() -> None:
    assert status_at(pact(), [], date(2023, 12, 31)).status is Status.NOT_SIGNED


def test_in_force_for_the_term_then_expired() -> None:
    a = pact()
    assert status_at(a, [], date(2024, 2, 1)).status is Status.IN_FORCE
    last = status_at(a, [], date(2029, 1, 31))
    assert last.status is Status.IN_FORCE and last.in_force_until == date(2029, 2, 1)
    assert status_at(a, [], date(2029, 2, 1)).status is Status.EXPIRED


def test_unknown_entry_into_force_leaves_it_signed() -> None:
    st = status_at(pact(entry_into_force=None), [], date(2030, 1, 1))
    assert st.status is Status.SIGNED and st.in_force_from is None


def test_recorded_entry_into_force_starts_the_term() -> None:
    eif = AgreementEvent(EventKind.ENTRY_INTO_FORCE, date(2026, 1, 10), "exchange of notes")
    st = status_at(pact(entry_into_force=None), [eif], date(2027, 1, 1))
    assert st.status is Status.IN_FORCE and st.in_force_until == date(2031, 1, 10)


def test_extension_needs_both_parties_consent() -> None:
    st = status_at(pact(), [consent("IND", date(2028, 6, 1))], date(2029, 6, 1))
    assert st.status is Status.EXPIRED and not st.extended


def test_extension_with_both_consents_before_expiry_adds_the_extension_term() -> None:
    events = [consent("IND", date(2028, 6, 1)), consent("RUS", date(2029, 1, 15))]
    st = status_at(pact(), events, date(2029, 6, 1))
    assert st.status is Status.IN_FORCE and st.extended and st.in_force_until == date(2034, 2, 1)


def test_consent_after_expiry_does_not_extend_and_is_refused() -> None:
    a = pact()
    late = consent("RUS", date(2029, 3, 1))
    assert status_at(a, [consent("IND", date(2028, 6, 1)), late], date(2029, 6, 1)).status is Status.EXPIRED
    problems = event_problems(a, [consent("IND", date(2028, 6, 1))], late)
    assert [p.field for p in problems] == ["date"]


def test_only_one_extension_unless_the_agreement_allows_more() -> None:
    events = [
        consent("IND", date(2028, 6, 1)),
        consent("RUS", date(2028, 7, 1)),
        consent("IND", date(2033, 6, 1)),
        consent("RUS", date(2033, 7, 1)),
    ]
    assert in_force_period(pact(), events) == (date(2024, 2, 1), date(2034, 2, 1))


def test_automatic_renewal_needs_no_consent() -> None:
    a = pact(renewal="automatic", extension_years=10, max_extensions=2)
    assert in_force_period(a, []) == (date(2024, 2, 1), date(2049, 2, 1))


def test_termination_notice_takes_effect_after_the_notice_period() -> None:
    a = pact(termination_notice_days=180)
    notice = AgreementEvent(EventKind.TERMINATION_NOTICE, date(2026, 1, 1), "note", party="RUS")
    assert status_at(a, [notice], date(2026, 6, 29)).status is Status.IN_FORCE
    st = status_at(a, [notice], date(2026, 6, 30))
    assert st.status is Status.TERMINATED and st.in_force_until == date(2026, 6, 30)


def test_termination_notice_without_known_period_needs_an_effective_date() -> None:
    notice = AgreementEvent(EventKind.TERMINATION_NOTICE, date(2026, 1, 1), "note", party="RUS")
    assert [p.field for p in event_problems(pact(), [], notice)] == ["effective"]


def test_event_of_a_non_party_is_refused() -> None:
    event = AgreementEvent(EventKind.RATIFICATION, date(2024, 3, 1), "gazette", party="USA")
    assert [p.field for p in event_problems(pact(), [], event)] == ["party"]


def test_second_entry_into_force_on_another_day_is_refused() -> None:
    event = AgreementEvent(EventKind.ENTRY_INTO_FORCE, date(2024, 5, 1), "notes")
    assert [p.field for p in event_problems(pact(), [], event)] == ["date"]


def test_leap_day_anniversary_falls_back_to_28_february() -> None:
    assert add_years(date(2024, 2, 29), 5) == date(2029, 2, 28)
