"""What the deployment use cases hand back (the convention of relos.services.results): a deployment and its
versions, the admission assessment, cap overrides, the presence timeline and the plan check's verdicts.

Instants are ISO 8601 texts in UTC (`Z`), as the API sends them. Keys whose names are Python keywords
(`class`, `from`) are declared in the functional form of ``TypedDict``.
"""

from __future__ import annotations

from typing_extensions import TypedDict

from relos.services.results import record

# -- a deployment ---------------------------------------------------------------------------------------
DeploymentShip = TypedDict(
    "DeploymentShip",
    {
        "name": str,
        "hull_number": str,
        "class": str,
        "displacement_t": float,
        "length_m": float,
        "beam_m": float,
        "draught_m": float,
    },
)
DeploymentShip.__doc__ = "A ship of a deployment: dimensions in metres, displacement in tonnes."
record(DeploymentShip)


@record
class DeploymentAircraft(TypedDict):
    """An aircraft of a deployment."""

    type: str
    tail_number: str
    callsign: str


@record
class DeploymentTotals(TypedDict):
    """A deployment's totals, derived from its units: warships, aircraft and personnel."""

    warships: int
    aircraft: int
    personnel: int


@record
class DeploymentDocument(TypedDict):
    """The canonical JSON of one version of a deployment (what the parties exchange): its id (the identity
    between the parties), its reference (HOST-DEP-YEAR-NUMBER) and title, and its particulars."""

    id: str
    reference: str
    title: str
    version: int
    agreement_id: str
    visiting_party: str
    host_party: str
    facility_id: str
    purpose: str
    purpose_consent: str
    start: str
    end: str
    ships: list[DeploymentShip]
    aircraft: list[DeploymentAircraft]
    personnel: int
    totals: DeploymentTotals
    requested_by: str
    note: str
    amendment_reason: str


@record
class Breach(TypedDict):
    """A breach of a deployment's approval (relos.domain.deployments.breaches): `rule` is `overstay` (still
    present after the approved end), `overstay_recorded` (departed after it), `arrival_before_window` or
    `recorded_in_future` (only in records made before those were refused); [since, until) is the stretch it
    covers (until null: still going on)."""

    deployment_id: str
    rule: str
    since: str
    until: str | None
    message: str


@record
class Deployment(DeploymentDocument):
    """A deployment: its current version, where it stands (status, decision, arrival, departure), whether it
    overstayed its approved end (still present after it, or departed after it) and every breach of its
    approval."""

    status: str
    created_at: str
    decided_by: str | None
    decided_at: str | None
    decision_reason: str
    arrived_at: str | None
    departed_at: str | None
    overstay: bool
    breaches: list[Breach]


@record
class DeploymentVersion(TypedDict):
    """One recorded version of a deployment: why it was made, by whom, when."""

    version: int
    reason: str
    recorded_by: str
    recorded_at: str


@record
class DeploymentWithVersions(Deployment):
    """A deployment with every version recorded of it."""

    versions: list[DeploymentVersion]


# -- the admission assessment ---------------------------------------------------------------------------
@record
class AdmissionViolation(TypedDict):
    """A rule the deployment would break: the limit (or rule), its first instant, the total there, the max."""

    limit: str
    at: str
    total: int
    max: int
    message: str


@record
class EarliestWindow(TypedDict):
    """The earliest window [start, end) of the same length in which the deployment would be admitted."""

    start: str
    end: str


@record
class Assessment(TypedDict):
    """Whether a deployment would be admitted now: every violation, and the earliest window that would fit."""

    admitted: bool
    violations: list[AdmissionViolation]
    earliest_window: EarliestWindow | None


@record
class SubmittedDeployment(Deployment):
    """A deployment just submitted, with what the host's decision would find now (`admission`)."""

    admission: Assessment


@record
class RejectedDeployment(Deployment):
    """A deployment just rejected, with the admission's explanation at the time of the rejection."""

    explanation: Assessment


# -- cap overrides --------------------------------------------------------------------------------------
@record
class OverrideLimits(TypedDict):
    """The caps an override raises (null: that cap is not raised)."""

    warships: int | None
    aircraft: int | None
    personnel: int | None


@record
class CapOverride(TypedDict):
    """A cap override ("unless otherwise agreed"): raised caps for a visiting party for a window, and its
    revocation if revoked."""

    id: str
    agreement_id: str
    visiting_party: str
    host_party: str
    start: str
    end: str
    limits: OverrideLimits
    authority: str
    reference: str
    recorded_by: str
    recorded_at: str | None
    in_effect: bool
    revoked_at: str | None
    revoked_by: str | None
    revocation_reason: str | None


# -- the presence timeline ------------------------------------------------------------------------------
PresenceStep = TypedDict("PresenceStep", {"from": str, "until": str, "value": int})
PresenceStep.__doc__ = "One step of a step function: its value on [from, until)."
record(PresenceStep)


@record
class PartyPresence(TypedDict):
    """A visiting party's totals in the host's territory, each a step function."""

    warships: list[PresenceStep]
    aircraft: list[PresenceStep]
    personnel: list[PresenceStep]


@record
class ResourceLoad(TypedDict):
    """A facility resource's load as a step function, beside its capacity (null: not recorded)."""

    capacity: int | None
    steps: list[PresenceStep]


@record
class FacilityLoad(TypedDict):
    """A facility's load: berths, aircraft stands and beds in use."""

    berths: ResourceLoad
    aircraft_stands: ResourceLoad
    beds: ResourceLoad


@record
class PresenceTimeline(TypedDict):
    """The presence step functions over [start, end) in a host's territory: per visiting party and per facility;
    the deployments present in it that overstayed their approved end (still there, or departed after it); and
    every breach of an approval among the deployments present in it."""

    host_party: str
    start: str
    end: str
    visiting_parties: dict[str, PartyPresence]
    facilities: dict[str, FacilityLoad]
    overstays: list[str]
    breaches: list[Breach]


# -- the plan check -------------------------------------------------------------------------------------
@record
class PlanViolation(TypedDict):
    """A limit (or rule) a plan's row breaks: its first instant, the total there, the max."""

    limit: str
    at: str
    total: int
    max: int


@record
class PlanRowVerdict(TypedDict):
    """The verdict on one row of a plan (`line`: where it stands in the file)."""

    ref: str
    line: int
    admitted: bool
    violations: list[PlanViolation]


@record
class PlanCheck(TypedDict):
    """A plan's verdict, row by row, first come first served, and how many rows were admitted and rejected."""

    results: list[PlanRowVerdict]
    admitted: int
    rejected: int
