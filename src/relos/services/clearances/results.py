"""What the clearance use cases hand back (the convention of relos.services.results): a clearance with its
details (a port call's ships, an airspace request's aircraft), its history and versions, what is due for
submission and what was expired.

Instants are ISO 8601 texts, as the API sends them; measures (tonnes, metres, kilograms) are decimal texts.
Keys whose names are Python keywords (`class`, `from`) are declared in the functional form of ``TypedDict``.
"""

from __future__ import annotations

from typing import Literal, NotRequired

from typing_extensions import TypedDict

from relos.services.deployments.results import DeploymentAircraft, DeploymentShip
from relos.services.results import record

# -- a clearance's details ------------------------------------------------------------------------------
ClearanceShip = TypedDict(
    "ClearanceShip",
    {
        "name": str | None,
        "hull_number": str | None,
        "class": str | None,
        "displacement_t": str | None,
        "length_m": str | None,
        "beam_m": str | None,
        "draught_m": str | None,
        "crew": int | None,
    },
)
ClearanceShip.__doc__ = "A ship of a port call: displacement in tonnes, dimensions in metres (null: not given)."
record(ClearanceShip)


@record
class PortCallCommander(TypedDict):
    """The commander of the ships of a port call (null: not given)."""

    name: str | None
    rank: str | None


@record
class PortCallDetails(TypedDict):
    """What a port-call notice tells: the ships, their commander, radio frequencies and the services asked for."""

    ships: list[ClearanceShip]
    commander: PortCallCommander
    radio_frequencies: list[str]
    pilot: bool | None
    tugs: int | None
    other_services: list[str]


@record
class ClearanceAircraft(TypedDict):
    """An aircraft of an airspace request (`dangerous_cargo`: [] declares none, null: not declared)."""

    type: str | None
    tail_number: str | None
    callsign: str | None
    crew: int | None
    passengers: int | None
    dangerous_cargo: list[str] | None
    fuel_needed_kg: str | None


@record
class AirspaceDetails(TypedDict):
    """What an airspace clearance request tells: the aircraft, entry and exit points, route and airfields."""

    aircraft: list[ClearanceAircraft]
    entry_point: str | None
    exit_point: str | None
    route: str | None
    airfields: list[str]
    other_services: list[str]


@record
class LeadTimeException(TypedDict):
    """The host's admission of an entry earlier than the notice period allows: why, by whom, when, from when."""

    reason: str
    recorded_by: str
    recorded_at: str
    admits_start: str


@record
class MissingClearanceField(TypedDict):
    """A field the agreement requires that the clearance does not give yet."""

    field: str
    message: str


# -- a clearance ----------------------------------------------------------------------------------------
@record
class Clearance(TypedDict):
    """A port-call notice or airspace clearance request: its data (window in UTC and in the facility's local
    time), where it stands, what it misses, its notice period and submission deadline. `id` is its identity
    between the parties; `reference` (HOST-CLR-YEAR-NUMBER) and `title` are what people read and type."""

    id: str
    reference: str
    title: str
    version: int
    agreement_id: str
    kind: str
    visiting_party: str
    host_party: str
    facility_id: str
    facility_name: str | None
    facility_name_local: str | None
    facility_name_ru: str | None  # "" or None: no Russian name is recorded
    timezone: str
    deployment_id: str | None
    purpose: str
    start: str
    end: str
    start_local: str
    end_local: str
    status: str
    port_call: PortCallDetails | None
    airspace: AirspaceDetails | None
    clearance_number: str | None
    restrictions: list[str]
    reason: str
    exception: LeadTimeException | None
    warnings: list[str]
    missing: list[MissingClearanceField]
    lead_days: int | None
    channel: str | None
    submit_by: str | None
    submit_by_local_date: str | None
    created_by: str
    created_at: str
    submitted_by: str | None
    submitted_at: str | None
    decided_by: str | None
    decided_at: str | None
    note: str


@record
class ClearanceChange(TypedDict):
    """One change of a clearance: its step, by whom (of which party), when, and the status before and after."""

    seq: int
    at: str
    by: str
    party: str | None
    action: str
    from_status: str | None
    to_status: str
    version: int
    note: str


@record
class ClearanceWithHistory(Clearance):
    """A clearance with every change made to it (what each step returns)."""

    changes: list[ClearanceChange]


@record
class ClearanceVersion(TypedDict):
    """One recorded version of a clearance: why it was made, by whom, when."""

    version: int
    reason: str
    recorded_by: str
    recorded_at: str


@record
class ClearanceWithVersions(ClearanceWithHistory):
    """A clearance with its history and every version recorded of it."""

    versions: list[ClearanceVersion]


# -- what is due, what expired --------------------------------------------------------------------------
@record
class DueItem(TypedDict):
    """Something due for submission, by deadline: a clearance still to be submitted (`item`: "clearance", with
    the clearance's fields) or a deployment whose ships or aircraft no live clearance names yet (`item`:
    "deployment", with what it needs); whether it is overdue, and the whole days left."""

    item: Literal["clearance", "deployment"]
    id: str
    reference: str
    title: str
    version: NotRequired[int]
    agreement_id: str
    kind: NotRequired[str]
    visiting_party: str
    host_party: str
    facility_id: str
    facility_name: NotRequired[str | None]
    facility_name_local: NotRequired[str | None]
    facility_name_ru: NotRequired[str | None]
    timezone: NotRequired[str]
    deployment_id: NotRequired[str | None]
    purpose: NotRequired[str]
    start: str
    end: str
    start_local: NotRequired[str]
    end_local: NotRequired[str]
    status: str
    port_call: NotRequired[PortCallDetails | None]
    airspace: NotRequired[AirspaceDetails | None]
    clearance_number: NotRequired[str | None]
    restrictions: NotRequired[list[str]]
    reason: NotRequired[str]
    exception: NotRequired[LeadTimeException | None]
    warnings: NotRequired[list[str]]
    missing: NotRequired[list[MissingClearanceField]]
    lead_days: NotRequired[int | None]
    channel: NotRequired[str | None]
    needs: NotRequired[list[str]]
    #: a deployment's: its units and personnel, as the deployment has them (what its title is made of)
    ships: NotRequired[list[DeploymentShip]]
    aircraft: NotRequired[list[DeploymentAircraft]]
    personnel: NotRequired[int]
    ships_without_clearance: NotRequired[list[str]]
    aircraft_without_clearance: NotRequired[list[str]]
    submit_by: str | None
    submit_by_local_date: NotRequired[str | None]
    created_by: NotRequired[str]
    created_at: NotRequired[str]
    submitted_by: NotRequired[str | None]
    submitted_at: NotRequired[str | None]
    decided_by: NotRequired[str | None]
    decided_at: NotRequired[str | None]
    note: NotRequired[str]
    overdue: bool
    days_left: int


ExpiredClearance = TypedDict("ExpiredClearance", {"id": str, "from": str, "to": str})
ExpiredClearance.__doc__ = "A clearance just marked expired: the status it had (`from`) and its new one (`to`)."
record(ExpiredClearance)
