"""The title a deployment, clearance or support order gets when its creator chooses none (relos.domain.titles):
its lead unit or item, the facility's name and its dates in the facility's local time."""

from __future__ import annotations

from datetime import tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from relos.domain.clearances.model import Clearance
from relos.domain.clearances.terms import ClearanceKind
from relos.domain.deployments.model import Deployment
from relos.domain.facilities.model import Facility
from relos.domain.orders.model import SupportOrder
from relos.domain.titles import deployment_title, flight_title, order_title, port_call_title, window_text


def _place(facility_id: str, facility: Facility | None) -> tuple[str, tuple[tzinfo, ...]]:
    """The facility's name and its time zone (its id and UTC when it is not in the catalogue)."""
    if facility is None:
        return facility_id, ()
    try:
        return facility.name_en or facility_id, (ZoneInfo(facility.timezone),)
    except (ZoneInfoNotFoundError, ValueError):
        return facility.name_en or facility_id, ()


def _label(kind: str | None, tail_number: str | None) -> str:
    return " ".join(part for part in (kind, tail_number) if part)


def of_deployment(d: Deployment, facility: Facility | None) -> str:
    place, zone = _place(d.facility_id, facility)
    return deployment_title(
        ships=[s.name for s in d.ships],
        aircraft=[_label(a.type, a.tail_number) for a in d.aircraft],
        personnel=d.personnel,
        place=place,
        window=window_text(d.start, d.end, *zone),
    )


def of_clearance(c: Clearance, facility: Facility | None) -> str:
    place, zone = _place(c.facility_id, facility)
    window = window_text(c.start, c.end, *zone)
    if c.kind is ClearanceKind.PORT_CALL:
        return port_call_title(ships=[s.name or "" for s in c.ships], place=place, window=window)
    return flight_title(aircraft=[_label(a.type, a.tail_number) for a in c.aircraft], place=place, window=window)


def of_order(o: SupportOrder, facility: Facility | None) -> str:
    place, _ = _place(o.facility_id, facility)
    return order_title(
        unit=o.requesting_unit,
        items=[ln.description or ln.item_code for ln in o.lines],
        place=place,
        needed_by=o.needed_by,
    )
