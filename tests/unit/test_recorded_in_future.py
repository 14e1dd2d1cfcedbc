"""The rule that what is recorded as having happened cannot lie in the future (relos.domain.recorded): an
instant beyond the present by more than the clock tolerance, a day not yet begun anywhere on Earth."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from relos.clock import Clock
from relos.domain.errors import InvalidInput
from relos.domain.recorded import DEFAULT_TOLERANCE, RECORDED_IN_FUTURE, day_begins, in_future, refuse_future
from relos.settings import Settings

#: 3 December 2026, 10:00 UTC: the day the issue's false arrival and delivery were accepted.
NOW = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)


def test_the_tolerance_is_a_setting_in_minutes_five_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RELOS_CLOCK_TOLERANCE_MINUTES", raising=False)
    assert Clock.from_settings(Settings()).tolerance == timedelta(minutes=5) == DEFAULT_TOLERANCE
    monkeypatch.setenv("RELOS_CLOCK_TOLERANCE_MINUTES", "30")
    assert Clock.from_settings(Settings()).tolerance == timedelta(minutes=30)
    monkeypatch.setenv("RELOS_CLOCK_TOLERANCE_MINUTES", "-1")
    with pytest.raises(ValueError, match="clock_tolerance_minutes"):
        Settings()


def test_a_pinned_clock_stands_still_and_a_running_one_reads_the_real_time() -> None:
    clock = Clock(pinned=datetime(2027, 1, 10, 2, 0))  # naive: taken as UTC
    assert clock.now() == datetime(2027, 1, 10, 2, 0, tzinfo=UTC) and clock.today() == date(2027, 1, 10)
    clock.pin(None)
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(minutes=1)


def test_an_arrival_five_weeks_ahead_is_refused_naming_the_field_the_instant_and_the_present() -> None:
    found = in_future("arrived_at", datetime(2027, 1, 10, 2, 0, tzinfo=UTC), now=NOW)
    assert found is not None
    assert (found.field, found.rule) == ("arrived_at", RECORDED_IN_FUTURE)
    assert "2027-01-10T02:00:00Z is in the future" in found.message
    assert "it is 2026-12-03T10:00:00Z now" in found.message


def test_an_instant_within_the_tolerance_is_accepted_and_one_beyond_it_refused() -> None:
    assert in_future("departed_at", NOW, now=NOW) is None
    assert in_future("departed_at", NOW - timedelta(days=400), now=NOW) is None
    assert in_future("departed_at", NOW + timedelta(minutes=5), now=NOW) is None
    assert in_future("departed_at", NOW + timedelta(minutes=5, seconds=1), now=NOW) is not None
    assert in_future("departed_at", NOW + timedelta(minutes=30), now=NOW, tolerance=timedelta(minutes=30)) is None
    assert in_future("departed_at", NOW + timedelta(seconds=1), now=NOW, tolerance=timedelta(0)) is not None


def test_an_instant_in_another_zone_is_compared_as_the_same_instant() -> None:
    from datetime import timezone

    vladivostok = timezone(timedelta(hours=10))
    assert in_future("arrived_at", datetime(2026, 12, 3, 20, 0, tzinfo=vladivostok), now=NOW) is None  # 10:00 UTC
    assert in_future("arrived_at", datetime(2026, 12, 3, 21, 0, tzinfo=vladivostok), now=NOW) is not None


def test_a_day_counts_once_it_has_begun_anywhere_on_earth() -> None:
    # on 3 December at 10:00 UTC it is already 4 December at UTC+14 (00:00): a receipt dated 4 December is true
    assert day_begins(date(2026, 12, 4)) == datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
    assert in_future("receipted_on", date(2026, 12, 4), now=NOW) is None
    assert in_future("receipted_on", date(2026, 12, 3), now=NOW) is None
    assert in_future("receipted_on", date(2026, 12, 5), now=NOW) is not None
    assert in_future("receipted_on", date(2026, 12, 4), now=NOW - timedelta(minutes=6)) is not None
    assert in_future("receipted_on", date(2026, 12, 4), now=NOW - timedelta(minutes=4)) is None  # the tolerance


def test_a_delivery_dated_eleven_january_2027_is_refused_on_three_december_2026() -> None:
    found = in_future("delivered_on", date(2027, 1, 11), now=NOW)
    assert found is not None and (found.field, found.rule) == ("delivered_on", RECORDED_IN_FUTURE)
    assert found.message.startswith("2027-01-11 (a day that has not yet begun anywhere) is in the future")
    assert "2026-12-03T10:00:00Z" in found.message


def test_refuse_future_names_every_field_ahead_and_ignores_those_not_given() -> None:
    refuse_future([("signed", date(2024, 1, 1)), ("entry_into_force", None)], now=NOW)  # nothing ahead: no error
    with pytest.raises(InvalidInput) as exc:
        refuse_future(
            [("signed", date(2027, 1, 1)), ("entry_into_force", None), ("events.0.date", date(2028, 1, 1))],
            now=NOW,
            source="t.toml",
        )
    assert [(p.field, p.rule) for p in exc.value.problems] == [
        ("signed", RECORDED_IN_FUTURE),
        ("events.0.date", RECORDED_IN_FUTURE),
    ]
    assert str(exc.value).startswith("t.toml: signed: 2027-01-01")
