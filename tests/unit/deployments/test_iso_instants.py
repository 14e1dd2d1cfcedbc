"""An instant as the use cases write it (relos.domain.deployments.admission.iso): in UTC, with a "Z", whatever zone
it was given in; one already in UTC is written as it is."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from relos.domain.deployments.admission import iso


def test_an_instant_in_utc_is_written_with_a_z() -> None:
    assert iso(datetime(2026, 3, 1, 12, 30, tzinfo=UTC)) == "2026-03-01T12:30:00Z"
    assert iso(datetime(2026, 3, 1, 12, 30, 0, 250000, tzinfo=UTC)) == "2026-03-01T12:30:00.250000Z"


def test_an_instant_in_another_zone_is_written_in_utc() -> None:
    assert iso(datetime(2026, 3, 1, 12, 30, tzinfo=timezone(timedelta(hours=3)))) == "2026-03-01T09:30:00Z"
    assert iso(datetime(2026, 7, 1, 12, 0, tzinfo=ZoneInfo("Asia/Kolkata"))) == "2026-07-01T06:30:00Z"
    assert iso(datetime(2026, 3, 1, 12, 30, tzinfo=ZoneInfo("UTC"))) == "2026-03-01T12:30:00Z"


@given(st.datetimes(timezones=st.sampled_from([UTC, timezone(timedelta(hours=-5)), ZoneInfo("Europe/Moscow")])))
def test_any_zone_gives_the_text_of_the_same_instant_in_utc(instant: datetime) -> None:
    written = iso(instant)
    assert written.endswith("Z")
    # (by the timestamp: two zones' datetimes compare unequal at an hour the clocks went back)
    assert datetime.fromisoformat(written.replace("Z", "+00:00")).timestamp() == instant.timestamp()
