"""A deployment's units: ships and aircraft as the requester gives them, and the totals counted from them.

The totals (warships, aircraft, personnel) are what the agreement's caps limit (`CAP_NAMES`).
"""

from __future__ import annotations

from dataclasses import dataclass

#: The limits a visiting party's presence is held to (the agreement's caps).
CAP_NAMES = ("warships", "aircraft", "personnel")


@dataclass(frozen=True)
class Ship:
    """One ship: dimensions in metres, displacement in tonnes."""

    name: str
    hull_number: str
    ship_class: str
    displacement_t: float
    length_m: float
    beam_m: float
    draught_m: float

    def as_dict(self) -> dict[str, str | float]:
        """The ship as it stands in a deployment's canonical JSON (key `class` for its class)."""
        return {
            "name": self.name,
            "hull_number": self.hull_number,
            "class": self.ship_class,
            "displacement_t": self.displacement_t,
            "length_m": self.length_m,
            "beam_m": self.beam_m,
            "draught_m": self.draught_m,
        }


@dataclass(frozen=True)
class Aircraft:
    type: str
    tail_number: str
    callsign: str

    def as_dict(self) -> dict[str, str]:
        return {"type": self.type, "tail_number": self.tail_number, "callsign": self.callsign}


@dataclass(frozen=True)
class Totals:
    warships: int = 0
    aircraft: int = 0
    personnel: int = 0

    def get(self, name: str) -> int:
        return int(getattr(self, name))

    def as_dict(self) -> dict[str, int]:
        return {"warships": self.warships, "aircraft": self.aircraft, "personnel": self.personnel}
