"""The sign-in window every worker of one server shares (relos.api.shared_window): two windows over one file, as
two worker processes hold them, count one key's events together, each key apart, and forget an event once the
window has passed it."""

from __future__ import annotations

from pathlib import Path

from relos.api.shared_window import SharedSlidingWindow


def test_two_windows_over_one_file_count_together(tmp_path: Path) -> None:
    now = [1000.0]
    path = tmp_path / "counts.sqlite3"
    one, two = (SharedSlidingWindow(path, 3, 60.0, clock=lambda: now[0]) for _ in range(2))
    assert [one.take("203.0.113.7"), two.take("203.0.113.7")] == [0.0, 0.0]
    now[0] += 10
    assert one.take("203.0.113.7") == 0.0
    now[0] += 5
    assert two.take("203.0.113.7") == 45.0  # the first attempt leaves the window 60 s after it was made
    assert one.take("198.51.100.1") == 0.0  # another address counts apart
    now[0] += 45
    assert two.take("203.0.113.7") == 0.0  # the first two have left the window: 1010 and now are in it
    assert one.take("203.0.113.7") == 0.0
    assert two.take("203.0.113.7") == 10.0  # the one at 1010 leaves it at 1070
