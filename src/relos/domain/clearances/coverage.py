"""Whether clearances cover a force: every ship by a granted port-call notice, every aircraft by a
granted airspace clearance, each for the force's whole window, at its facility, under its agreement.

A ship is the same ship when the hull numbers match (both given), else when the names match
(case and spacing ignored); an aircraft is matched by tail number.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from relos.domain.clearances.model import Clearance, Ship
from relos.domain.clearances.terms import ClearanceKind
from relos.domain.errors import Violation


@dataclass(frozen=True)
class ShipRef:
    name: str
    hull_number: str | None = None


@dataclass(frozen=True)
class Force:
    """What a deployment brings into the host's territory, as the clearances must cover it."""

    deployment_id: str
    agreement_id: str
    visiting_party: str
    host_party: str
    facility_id: str
    start: datetime
    end: datetime
    ships: tuple[ShipRef, ...] = ()
    tail_numbers: tuple[str, ...] = ()
    deployment_reference: str = ""  # its human reference (HOST-DEP-YEAR-NUMBER), "" when it has none yet

    @property
    def named(self) -> dict[str, object]:
        """The deployment as a violation's particulars name it: its id, and its reference when it has one."""
        ref: dict[str, object] = {"deployment_id": self.deployment_id}
        if self.deployment_reference:
            ref["deployment_reference"] = self.deployment_reference
        return ref


def _key(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def same_ship(ref: ShipRef, ship: Ship) -> bool:
    if ref.hull_number and ship.hull_number:
        return _key(ref.hull_number) == _key(ship.hull_number)
    return bool(ship.name) and _key(ref.name) == _key(ship.name)


def _fits(c: Clearance, force: Force) -> bool:
    return (
        c.agreement_id == force.agreement_id
        and c.visiting_party == force.visiting_party
        and c.host_party == force.host_party
        and c.start <= force.start
        and force.end <= c.end
    )


def coverage_gaps(force: Force, clearances: Iterable[Clearance]) -> list[Violation]:
    """What of the force no granted clearance covers (empty: the force may enter)."""
    granted = [c for c in clearances if c.granted and _fits(c, force)]
    ports = [c for c in granted if c.kind is ClearanceKind.PORT_CALL and c.facility_id == force.facility_id]
    flights = [c for c in granted if c.kind is ClearanceKind.AIRSPACE]
    gaps: list[Violation] = []
    for ref in force.ships:
        if not any(same_ship(ref, s) for c in ports for s in c.ships):
            label = f"{ref.name} ({ref.hull_number})" if ref.hull_number else ref.name
            gaps.append(
                Violation(
                    "no_port_call_clearance",
                    f"no approved port-call clearance covers {label} at {force.facility_id} for "
                    f"[{force.start.isoformat()}, {force.end.isoformat()})",
                    {**force.named, "ship": label},
                )
            )
    for tail in force.tail_numbers:
        if not any(_key(a.tail_number) == _key(tail) for c in flights for a in c.aircraft):
            gaps.append(
                Violation(
                    "no_airspace_clearance",
                    f"no approved airspace clearance covers aircraft {tail} for "
                    f"[{force.start.isoformat()}, {force.end.isoformat()})",
                    {**force.named, "tail_number": tail},
                )
            )
    return gaps


def match_violations(c: Clearance, force: Force) -> list[Violation]:
    """A clearance made for a deployment must match it: same agreement and parties, its facility (a port
    call), its whole window, every ship (or aircraft) of the deployment and none that it does not bring."""
    found: list[Violation] = []
    ref = force.named
    same = (c.agreement_id, c.visiting_party, c.host_party) == (
        force.agreement_id,
        force.visiting_party,
        force.host_party,
    )
    if not same:
        found.append(
            Violation(
                "deployment_mismatch",
                f"deployment {force.deployment_id} is {force.visiting_party} in {force.host_party} under "
                f"{force.agreement_id}, the clearance {c.visiting_party} in {c.host_party} under {c.agreement_id}",
                ref,
            )
        )
    if c.kind is ClearanceKind.PORT_CALL and c.facility_id != force.facility_id:
        found.append(
            Violation(
                "deployment_mismatch",
                f"deployment {force.deployment_id} goes to {force.facility_id}, the notice names {c.facility_id}",
                ref,
            )
        )
    if not (c.start <= force.start and force.end <= c.end):
        found.append(
            Violation(
                "deployment_dates_not_covered",
                f"the clearance's window [{c.start.isoformat()}, {c.end.isoformat()}) does not cover the "
                f"deployment's [{force.start.isoformat()}, {force.end.isoformat()})",
                ref,
            )
        )
    if c.kind is ClearanceKind.PORT_CALL:
        for s in force.ships:
            if not any(same_ship(s, x) for x in c.ships):
                found.append(
                    Violation("deployment_unit_not_covered", f"the notice omits the deployment's ship {s.name}", ref)
                )
        for x in c.ships:
            if not any(same_ship(s, x) for s in force.ships):
                found.append(Violation("unit_not_in_deployment", f"{x.label} is not a ship of the deployment", ref))
    else:
        tails = {_key(t) for t in force.tail_numbers}
        given = {_key(a.tail_number) for a in c.aircraft}
        for t in force.tail_numbers:
            if _key(t) not in given:
                found.append(
                    Violation("deployment_unit_not_covered", f"the request omits the deployment's aircraft {t}", ref)
                )
        for a in c.aircraft:
            if a.tail_number and _key(a.tail_number) not in tails:
                found.append(
                    Violation("unit_not_in_deployment", f"{a.label} is not an aircraft of the deployment", ref)
                )
    return found
