"""What limits a presence besides the agreement's caps: cap overrides ("unless otherwise agreed") and what a
facility holds at once (its capacity), with the total each facility resource is loaded by.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class CapOverride:
    """ "Unless otherwise agreed": raised limits for one visiting party in the host's territory for a window.

    Only the caps it names are lifted (None = not lifted), and only within [start, end).
    """

    id: str
    agreement_id: str
    visiting_party: str
    host_party: str
    start: datetime
    end: datetime
    authority: str  # who agreed (e.g. the exchange of notes between the ministries)
    reference: str  # the document's reference
    warships: int | None = None
    aircraft: int | None = None
    personnel: int | None = None
    recorded_by: str = ""
    recorded_at: datetime | None = None
    revoked_at: datetime | None = None  # revoked (recorded in error, or withdrawn): it lifts nothing any more
    revoked_by: str = ""
    revocation_reason: str = ""

    def limit(self, name: str) -> int | None:
        value: int | None = getattr(self, name)
        return value

    def covers(self, name: str, at: datetime) -> bool:
        return self.limit(name) is not None and self.start <= at < self.end


@dataclass(frozen=True)
class Capacity:
    """What a facility holds at once: berths, aircraft stands and beds (None: not recorded, not limited)."""

    facility_id: str
    berths: int | None = None
    aircraft_stands: int | None = None
    beds: int | None = None
    berth_max_length_m: float | None = None
    berth_max_draught_m: float | None = None

    def limits(self) -> dict[str, int | None]:
        return {"berths": self.berths, "aircraft_stands": self.aircraft_stands, "beds": self.beds}


#: Which total each facility resource is loaded by.
FACILITY_RESOURCES = {"berths": "warships", "aircraft_stands": "aircraft", "beds": "personnel"}
