"""The one clock of a running RELOS: what time it is for the API, the web application and the command, and
how far ahead of it a fact may be dated (``RELOS_CLOCK_TOLERANCE_MINUTES``, relos.domain.recorded).

It reads the real time (UTC). Tests pin it to an instant (``Clock(pinned=...)``, or ``clock.pin(...)`` on the
one an application holds as ``app.state.clock``; the command's is ``relos.cli.common.CLOCK``) so that what they
record in 2027 is judged as of 2027. Sign-in, sessions and tokens keep to the real time whatever the clock.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from relos.domain.recorded import DEFAULT_TOLERANCE
from relos.settings import Settings


class Clock:
    """The present, and the tolerance for facts dated a little ahead of it."""

    def __init__(self, *, tolerance: timedelta = DEFAULT_TOLERANCE, pinned: datetime | None = None) -> None:
        self.tolerance = tolerance
        self.pinned: datetime | None = None
        self.pin(pinned)

    @classmethod
    def from_settings(cls, settings: Settings) -> Clock:
        return cls(tolerance=timedelta(minutes=settings.clock_tolerance_minutes))

    def pin(self, at: datetime | None) -> None:
        """Stop the clock at `at` (aware; a naive instant is taken as UTC); None sets it running again."""
        if at is not None and at.tzinfo is None:
            at = at.replace(tzinfo=UTC)
        self.pinned = at.astimezone(UTC) if at is not None else None

    def now(self) -> datetime:
        return self.pinned if self.pinned is not None else datetime.now(UTC)

    def today(self) -> date:
        """Today's date in UTC."""
        return self.now().date()

    def __repr__(self) -> str:
        return f"Clock(tolerance={self.tolerance!r}, pinned={self.pinned!r})"
