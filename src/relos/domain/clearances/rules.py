"""The rules a clearance obeys, each a small pure function returning what is wrong.

- completeness: every field the agreement requires is given (``missing_fields``);
- requests: only those the agreement provides for (pilot, tugs, other services);
- window: end after start; the agreement in force for the whole window;
- facility: a port or naval base for a port call; for landing, airfields, air bases or a facility with
  aircraft stands recorded (a naval air station); in the host's territory,
  opened to the visitor under the agreement;
- berth fit: every ship fits a berth of the facility (length and draught), reusing the catalogue's
  ``berth_fit``; a limit not recorded is a warning the notice carries, never a silent pass;
- lead time: counted in the host facility's local time (IANA zone): the notice is in time when
  its local date of submission is at least ``lead_days`` before the local date of the start,
  unless the host recorded an exception admitting the earlier entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from relos.domain.clearances.model import Clearance, LeadTimeException
from relos.domain.clearances.terms import ALWAYS, ClearanceKind, KindTerms
from relos.domain.errors import FieldProblem, Violation
from relos.domain.facilities.model import Facility, FacilityKind, berth_fit, is_open_to

SEA_KINDS = frozenset({FacilityKind.PORT, FacilityKind.NAVAL_BASE})
AIR_KINDS = frozenset({FacilityKind.AIRFIELD, FacilityKind.AIR_BASE})

_SHIP_ATTRS = {"class": "class_name"}


def _given(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, str | tuple | list):
        return len(value) > 0 if not isinstance(value, str) else bool(value.strip())
    return True


def missing_fields(c: Clearance, terms: KindTerms) -> list[FieldProblem]:
    """Every required field not given, named as in the input (``port_call.ships[0].draught_m``)."""
    problems: list[FieldProblem] = []
    section = c.kind.value
    body: object = c.port_call if c.kind is ClearanceKind.PORT_CALL else c.airspace
    units_key = "ships" if c.kind is ClearanceKind.PORT_CALL else "aircraft"
    units = c.ships if c.kind is ClearanceKind.PORT_CALL else c.aircraft
    for name in terms.required:
        if name in ALWAYS:
            continue
        if name == units_key:
            if not units:
                problems.append(
                    FieldProblem.of(
                        f"{section}.{units_key}",
                        "least_one_required",
                        "at least one {units_key} is required",
                        units_key=units_key[:-1],
                    )
                )
            continue
        head, _, attr = name.partition(".")
        if head == units_key:
            for i, unit in enumerate(units):
                value = getattr(unit, _SHIP_ATTRS.get(attr, attr))
                if attr == "dangerous_cargo":
                    if value is not None:
                        continue  # an empty list declares that there is none
                    problems.append(
                        FieldProblem.of(
                            f"{section}.{units_key}[{i}].{attr}",
                            "required_list_dangerous_cargo_give",
                            "is required: list the dangerous cargo, or give an empty list to declare none",
                        )
                    )
                elif not _given(value):
                    problems.append(FieldProblem.of(f"{section}.{units_key}[{i}].{attr}", "required_2", "is required"))
            continue
        if head == "commander" and c.port_call is not None:
            if not _given(getattr(c.port_call.commander, attr)):
                problems.append(FieldProblem.of(f"{section}.{name}", "required_2", "is required"))
            continue
        if not _given(getattr(body, name, None)):
            problems.append(FieldProblem.of(f"{section}.{name}", "required_2", "is required"))
    return problems


def request_problems(c: Clearance, terms: KindTerms) -> list[FieldProblem]:
    """Requests (pilot, tugs, other services) the agreement does not provide for in this kind of notice."""
    problems: list[FieldProblem] = []
    given: dict[str, object] = {}
    if c.port_call is not None:
        given = {"pilot": c.port_call.pilot, "tugs": c.port_call.tugs, "other_services": c.port_call.other_services}
    elif c.airspace is not None:
        given = {"other_services": c.airspace.other_services}
    for name, value in given.items():
        if _given(value) and value is not False and not terms.allows_request(name):
            problems.append(
                FieldProblem.of(
                    f"{c.kind.value}.{name}",
                    "agreement_provides_no_request_notice",
                    "the agreement provides for no {name} request in this notice",
                    name=name,
                )
            )
    return problems


def window_problems(start: datetime, end: datetime) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    for name, value in (("start", start), ("end", end)):
        if value.tzinfo is None:
            problems.append(FieldProblem.of(name, "must_carry_time_zone_utc", "must carry its time zone (UTC offset)"))
    if not problems and end <= start:
        problems.append(
            FieldProblem.of(
                "end",
                "not_after_start",
                "{end} is not after the start {start}",
                end=end.isoformat(),
                start=start.isoformat(),
            )
        )
    return problems


def unit_problems(c: Clearance) -> list[FieldProblem]:
    """The same ship or aircraft twice; the body that does not match the kind."""
    problems: list[FieldProblem] = []
    if c.kind is ClearanceKind.PORT_CALL and c.port_call is None:
        problems.append(
            FieldProblem.of(
                "port_call", "port_call_notice_needs_port", "a port-call notice needs its port_call details"
            )
        )
    if c.kind is ClearanceKind.AIRSPACE and c.airspace is None:
        problems.append(
            FieldProblem.of(
                "airspace",
                "airspace_clearance_needs_airspace_details",
                "an airspace clearance needs its airspace details",
            )
        )
    seen: set[str] = set()
    for i, s in enumerate(c.ships):
        key = (s.hull_number or s.name or "").casefold()
        if key and key in seen:
            problems.append(
                FieldProblem.of(f"port_call.ships[{i}]", "listed_twice", "{label} is listed twice", label=s.label)
            )
        seen.add(key)
    tails: set[str] = set()
    for i, a in enumerate(c.aircraft):
        key = (a.tail_number or "").casefold()
        if key and key in tails:
            problems.append(
                FieldProblem.of(
                    f"airspace.aircraft[{i}].tail_number",
                    "listed_twice_2",
                    "{tail_number} is listed twice",
                    tail_number=a.tail_number,
                )
            )
        tails.add(key)
    return problems


def facility_violations(
    c: Clearance, facility: Facility, *, agreement_parties: tuple[str, str], airfields: Iterable[Facility] = ()
) -> list[Violation]:
    """The facility must be of the right kind, in the host's territory and opened to the visitor."""
    found: list[Violation] = []
    wanted = SEA_KINDS if c.kind is ClearanceKind.PORT_CALL else SEA_KINDS | AIR_KINDS
    if facility.kind not in wanted:
        found.append(
            Violation(
                "facility_kind",
                f"{facility.id} is a {facility.kind.value}: a port call needs a port or naval base",
                {"facility": facility.id},
            )
        )
    for f in (facility, *airfields):
        if f.country != c.host_party:
            found.append(
                Violation("facility_not_in_host_territory", f"{f.id} is not in {c.host_party}", {"facility": f.id})
            )
        elif not is_open_to(
            f, party=c.visiting_party, agreement_id=c.agreement_id, agreement_parties=agreement_parties
        ):
            found.append(
                Violation(
                    "facility_not_open",
                    f"{f.id} is not opened to {c.visiting_party} under {c.agreement_id}",
                    {"facility": f.id},
                )
            )
    for f in airfields:
        if f.kind not in AIR_KINDS and not f.aircraft_stands:
            found.append(
                Violation(
                    "airfield_kind",
                    f"{f.id} is a {f.kind.value} with no aircraft stands recorded: aircraft cannot land there",
                    {"facility": f.id},
                )
            )
    return found


def berth_violations(c: Clearance, facility: Facility) -> tuple[list[Violation], list[str]]:
    """Ships that do not fit a berth of the facility (violations), and fits that are unknown (warnings)."""
    violations: list[Violation] = []
    warnings: list[str] = []
    for i, s in enumerate(c.ships):
        if s.length_m is None or s.draught_m is None:
            continue  # missing_fields names them when the agreement requires them
        fit = berth_fit(facility, length_m=float(s.length_m), draught_m=float(s.draught_m))
        if fit.refused:
            violations.append(
                Violation(
                    "ship_does_not_fit",
                    f"{s.label} does not fit a berth at {facility.id}: {'; '.join(fit.reasons)}",
                    {"ship": i, "facility": facility.id, "reasons": list(fit.reasons)},
                )
            )
        elif not fit.fits:
            warnings.append(
                f"{s.label}: berth fit at {facility.id} unknown ({'; '.join(fit.reasons)}); host to confirm"
            )
    return violations, warnings


def in_force_violations(c: Clearance, period: tuple[date, date] | None, agreement_label: str) -> list[Violation]:
    """The agreement must be in force for the whole window [start, end)."""
    if period is None:
        return [Violation("agreement_not_in_force", f"{agreement_label} is not in force", {})]
    first, until = period
    start_day, last_day = c.start.astimezone(UTC).date(), (c.end - timedelta(microseconds=1)).astimezone(UTC).date()
    if start_day < first or last_day >= until:
        return [
            Violation(
                "agreement_not_in_force",
                f"{agreement_label} is in force [{first}, {until}) only; the window "
                f"[{c.start.isoformat()}, {c.end.isoformat()}) is not inside it",
                {"in_force_from": first.isoformat(), "in_force_until": until.isoformat()},
            )
        ]
    return []


def local_day(at: datetime, timezone: str) -> date:
    return at.astimezone(ZoneInfo(timezone)).date()


def submission_deadline(start: datetime, *, timezone: str, lead_days: int) -> datetime:
    """The first instant (UTC) at which a notice is late: the host's local midnight ending the last day
    that is still `lead_days` whole local days before the local date of the start."""
    last_day = local_day(start, timezone) - timedelta(days=lead_days)
    return datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def lead_time_violation(
    c: Clearance, *, at: datetime, timezone: str, terms: KindTerms, exception: LeadTimeException | None
) -> Violation | None:
    """A notice given at `at` too late for the agreement's lead time, unless an exception admits it."""
    if terms.lead_days is None:
        return None
    deadline = submission_deadline(c.start, timezone=timezone, lead_days=terms.lead_days)
    if at < deadline:
        return None
    if exception is not None and c.start >= exception.admits_start:
        return None
    given, starts = local_day(at, timezone), local_day(c.start, timezone)
    return Violation(
        "lead_time",
        f"a {c.kind.value.replace('_', '-')} notice is due at least {terms.lead_days} days before the start "
        f"through {terms.channel} channels: given on {given} for a start on {starts} ({(starts - given).days} days, "
        f"local time {timezone}); the host may admit the earlier entry by recording an exception with its reason",
        {
            "lead_days": terms.lead_days,
            "days_given": (starts - given).days,
            "deadline": deadline.isoformat(),
            "timezone": timezone,
        },
    )
