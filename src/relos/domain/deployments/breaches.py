"""Where a deployment's recorded presence broke its approval — said loudly, never smoothed over.

- ``overstay``: still present after the approved end (it counts against the caps until it departs);
- ``overstay_recorded``: departed after the approved end (the host records the departure as it happened; the
  overstay stays on the record, from the end to the departure);
- ``arrival_before_window``: arrived before the approved start, counted from the arrival (only in records
  made before such an arrival was refused: relos.domain.deployments.lifecycle);
- ``recorded_in_future``: an arrival or departure recorded at an instant still to come (only in records made
  before that was refused: relos.domain.recorded).

Each breach names the deployment, the rule, the stretch [since, until) it covers (until None: still going on)
and says it in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from relos.domain.deployments.admission import iso
from relos.domain.deployments.model import DeploymentStatus, Occupancy
from relos.domain.recorded import RECORDED_IN_FUTURE

OVERSTAY = "overstay"
OVERSTAY_RECORDED = "overstay_recorded"
ARRIVAL_BEFORE_WINDOW = "arrival_before_window"


@dataclass(frozen=True)
class Breach:
    """One breach of a deployment's approval: its rule, the stretch it covers and what it means."""

    deployment_id: str
    rule: str
    since: datetime
    until: datetime | None
    message: str


def _span(since: datetime, until: datetime) -> str:
    hours = (until - since) / timedelta(hours=1)
    return f"{hours / 24:.1f} days" if hours >= 48 else f"{hours:.1f} hours"


def breaches(o: Occupancy, now: datetime) -> list[Breach]:
    """The breaches of `o`'s approval as its record stands at `now` (empty: none)."""
    found: list[Breach] = []
    if o.status not in (DeploymentStatus.ARRIVED, DeploymentStatus.DEPARTED, DeploymentStatus.CLOSED):
        return found
    for name, instant in (("arrived_at", o.arrived_at), ("departed_at", o.departed_at)):
        if instant is not None and instant > now:
            found.append(
                Breach(o.id, RECORDED_IN_FUTURE, instant, None,
                       f"{name} {iso(instant)} is recorded but lies in the future (it is {iso(now)} now)")
            )  # fmt: skip
    if o.arrived_at is not None and o.arrived_at < o.start:
        found.append(
            Breach(o.id, ARRIVAL_BEFORE_WINDOW, o.arrived_at, o.start,
                   f"arrived {iso(o.arrived_at)}, {_span(o.arrived_at, o.start)} before the approved start "
                   f"{iso(o.start)}: present outside its approval, and counted from its arrival")
        )  # fmt: skip
    if o.overstaying(now):
        found.append(
            Breach(o.id, OVERSTAY, o.end, None,
                   f"still present after the approved end {iso(o.end)} ({_span(o.end, max(now, o.end))} so far): "
                   "counted until it departs")
        )  # fmt: skip
    elif o.status is not DeploymentStatus.ARRIVED and o.overstay_recorded:
        assert o.departed_at is not None
        found.append(
            Breach(o.id, OVERSTAY_RECORDED, o.end, o.departed_at,
                   f"departed {iso(o.departed_at)}, {_span(o.end, o.departed_at)} after the approved end "
                   f"{iso(o.end)}: an overstay, counted until the departure")
        )  # fmt: skip
    return found
