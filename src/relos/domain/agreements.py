"""The agreement register's model: an agreement's terms, the events recorded against it, and its
status at any date (signed, in force — possibly extended —, expired, terminated).

Terms are data (an agreement file); nothing here is specific to RELOS or LEMOA.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from relos.domain.errors import FieldProblem

AGREEMENT_ID = re.compile(r"^[a-z0-9-]+$")
SLUG = re.compile(r"^[a-z][a-z0-9_]*$")

#: The purposes the bundled agreements use; an agreement may name others (any lower-case slug).
KNOWN_PURPOSES = (
    "joint_exercise",
    "training",
    "humanitarian_assistance",
    "disaster_relief",
    "port_call",
    "other",
)


class Status(StrEnum):
    NOT_SIGNED = "not_signed"
    SIGNED = "signed"
    IN_FORCE = "in_force"
    EXPIRED = "expired"
    TERMINATED = "terminated"


class EventKind(StrEnum):
    RATIFICATION = "ratification"  # a party's internal approval (parliament, law, decree)
    ENTRY_INTO_FORCE = "entry_into_force"
    EXTENSION_CONSENT = "extension_consent"  # one party's consent to a further term
    TERMINATION_NOTICE = "termination_notice"  # one party's notice; takes effect after the notice period
    TERMINATION_BY_CONSENT = "termination_by_consent"  # both parties agree on an end date
    NOTE = "note"  # any other dated fact worth keeping


@dataclass(frozen=True)
class Caps:
    """Per visiting party, in the host's territory, at any instant. None = no cap."""

    warships: int | None = None
    aircraft: int | None = None
    personnel: int | None = None

    def as_dict(self) -> dict[str, int | None]:
        return {"warships": self.warships, "aircraft": self.aircraft, "personnel": self.personnel}


@dataclass(frozen=True)
class Agreement:
    """An agreement's terms as its file states them."""

    id: str
    short_name: str
    parties: tuple[str, str]
    signed: date
    term_years: int
    title: str = ""
    title_ru: str = ""
    signed_at: str | None = None
    entry_into_force: date | None = None
    extension_years: int | None = None
    max_extensions: int = 1
    renewal: str = "mutual_consent"  # or "automatic": each term renews unless a termination cuts it
    termination_notice_days: int | None = None
    purposes: tuple[str, ...] = ()
    other_purposes_by_mutual_consent: bool = False
    caps: Caps = field(default_factory=Caps)
    caps_raisable_by_mutual_agreement: bool = False
    #: Whether an auxiliary (a fleet tanker) counts against the warship cap. The register counts every ship of a
    #: deployment, so only ``True`` is accepted; an agreement's file says so (``[caps]``), or it is the default.
    auxiliaries_count_as_warships: bool = True
    sources: Mapping[str, str] = field(default_factory=dict)
    unknown: Mapping[str, str] = field(default_factory=dict)
    document: Mapping[str, Any] = field(default_factory=dict)  # the whole file, for other areas' sections

    def partner_of(self, party: str) -> str:
        a, b = self.parties
        return b if party == a else a

    def allows_purpose(self, purpose: str, *, mutual_consent: bool = False) -> bool:
        if purpose in self.purposes:
            return True
        return purpose == "other" and self.other_purposes_by_mutual_consent and mutual_consent


@dataclass(frozen=True)
class AgreementEvent:
    """A dated fact about an agreement's life, with its source."""

    kind: EventKind
    on: date
    source: str
    party: str | None = None
    effective: date | None = None  # for terminations: the day the agreement ceases (exclusive end)
    note: str = ""
    origin: str = "recorded"  # "file" for events carried by the agreement file, else "recorded"


@dataclass(frozen=True)
class AgreementStatus:
    at: date
    status: Status
    in_force_from: date | None
    in_force_until: date | None  # exclusive: the first day it is no longer in force
    extended: bool
    extensions_consented_by: tuple[str, ...]


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later; 29 February falls back to 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def entry_into_force(agreement: Agreement, events: Iterable[AgreementEvent]) -> date | None:
    recorded = [e.on for e in events if e.kind is EventKind.ENTRY_INTO_FORCE]
    return min(recorded) if recorded else agreement.entry_into_force


def _term_end(agreement: Agreement, events: Sequence[AgreementEvent], start: date) -> tuple[date, int]:
    """End of the last term reached (exclusive) and the number of extensions that took effect.

    An extension takes effect only when every party's consent is recorded before the current term expires.
    """
    end = add_years(start, agreement.term_years)
    extensions = 0
    if not agreement.extension_years:
        return end, 0
    if agreement.renewal == "automatic":
        for _ in range(agreement.max_extensions):
            end = add_years(end, agreement.extension_years)
        return end, agreement.max_extensions
    consents = sorted((e for e in events if e.kind is EventKind.EXTENSION_CONSENT), key=lambda e: e.on)
    while extensions < agreement.max_extensions:
        term_start = add_years(start, agreement.term_years + extensions * agreement.extension_years)
        earliest = term_start if extensions else start
        consenting = {e.party for e in consents if earliest <= e.on < end}
        if not set(agreement.parties) <= consenting:
            break
        end = add_years(end, agreement.extension_years)
        extensions += 1
    return end, extensions


def current_term_end(a: Agreement, start: date | None, until: date | None, today: date) -> date | None:
    """Under automatic renewal, the end of the term running on `today` (the first term boundary after it, never
    past `until`); otherwise `until`. A user reads when the present term ends, not the outer limit of every
    renewal the agreement could still run to."""
    if a.renewal != "automatic" or start is None or until is None or not a.extension_years:
        return until
    n = 0
    while (end := add_years(start, a.term_years + n * a.extension_years)) <= today and end < until:
        n += 1
    return min(end, until)


def termination_date(agreement: Agreement, events: Iterable[AgreementEvent]) -> date | None:
    """The earliest day on which a recorded termination takes effect, if any."""
    days: list[date] = []
    for e in events:
        if e.kind is EventKind.TERMINATION_BY_CONSENT and e.effective:
            days.append(e.effective)
        elif e.kind is EventKind.TERMINATION_NOTICE:
            if e.effective:
                days.append(e.effective)
            elif agreement.termination_notice_days is not None:
                days.append(e.on + timedelta(days=agreement.termination_notice_days))
    return min(days) if days else None


def in_force_period(agreement: Agreement, events: Iterable[AgreementEvent]) -> tuple[date, date] | None:
    """[from, until) during which the agreement is in force, as far as the register knows."""
    evs = list(events)
    start = entry_into_force(agreement, evs)
    if start is None:
        return None
    end, _ = _term_end(agreement, evs, start)
    ends = termination_date(agreement, evs)
    if ends is not None and ends < end:
        end = max(ends, start)
    return (start, end)


def status_at(agreement: Agreement, events: Iterable[AgreementEvent], at: date) -> AgreementStatus:
    """The agreement's status on day `at`, given everything recorded against it."""
    evs = list(events)
    start = entry_into_force(agreement, evs)
    consented = tuple(sorted({e.party for e in evs if e.kind is EventKind.EXTENSION_CONSENT and e.party}))
    if at < agreement.signed:
        return AgreementStatus(at, Status.NOT_SIGNED, start, None, False, consented)
    if start is None:
        return AgreementStatus(at, Status.SIGNED, None, None, False, consented)
    natural_end, extensions = _term_end(agreement, evs, start)
    ends = termination_date(agreement, evs)
    until = natural_end if ends is None or ends >= natural_end else max(ends, start)
    first_term_end = add_years(start, agreement.term_years)
    extended = extensions > 0 and first_term_end <= at < until
    if at < start:
        status = Status.SIGNED
    elif at < until:
        status = Status.IN_FORCE
    elif ends is not None and until == max(ends, start):
        status = Status.TERMINATED
    else:
        status = Status.EXPIRED
    return AgreementStatus(at, status, start, until, extended, consented)


def event_problems(agreement: Agreement, events: Sequence[AgreementEvent], new: AgreementEvent) -> list[FieldProblem]:
    """What is wrong with recording `new` given the agreement and the events already recorded."""
    problems: list[FieldProblem] = []
    if not new.source.strip():
        problems.append(
            FieldProblem.of("source", "every_recorded_event_needs_source", "every recorded event needs its source")
        )
    needs_party = {EventKind.RATIFICATION, EventKind.EXTENSION_CONSENT, EventKind.TERMINATION_NOTICE}
    if new.kind in needs_party and new.party is None:
        problems.append(
            FieldProblem.of(
                "party", "event_names_party_gave", "a {kind} event names the party that gave it", kind=new.kind.value
            )
        )
    if new.party is not None and new.party not in agreement.parties:
        problems.append(
            FieldProblem.of(
                "party",
                "not_party",
                "{party} is not a party to {agreement_id} ({parties})",
                party=new.party,
                agreement_id=agreement.id,
                parties=", ".join(agreement.parties),
            )
        )
    if new.on < agreement.signed and new.kind is not EventKind.NOTE:
        problems.append(
            FieldProblem.of(
                "date",
                "before_signature",
                "{on} is before the signature ({signed})",
                on=new.on,
                signed=agreement.signed,
            )
        )
    if new.kind is EventKind.ENTRY_INTO_FORCE:
        known = entry_into_force(agreement, events)
        if known is not None and known != new.on:
            problems.append(
                FieldProblem.of(
                    "date",
                    "entry_into_force_already_recorded",
                    "entry into force is already recorded as {known}",
                    known=known,
                )
            )
    if new.kind is EventKind.EXTENSION_CONSENT:
        problems.extend(_extension_problems(agreement, events, new))
    if new.kind is EventKind.TERMINATION_BY_CONSENT and new.effective is None:
        problems.append(
            FieldProblem.of(
                "effective",
                "termination_consent_names_day_takes",
                "a termination by consent names the day it takes effect",
            )
        )
    if new.kind is EventKind.TERMINATION_NOTICE and new.effective is None and agreement.termination_notice_days is None:
        problems.append(
            FieldProblem.of(
                "effective",
                "states_no_notice_period_give",
                "{agreement_id} states no notice period: give the day termination takes effect",
                agreement_id=agreement.id,
            )
        )
    if new.effective is not None and new.effective < new.on:
        problems.append(
            FieldProblem.of(
                "effective",
                "before_event_s_date",
                "{effective} is before the event's date {on}",
                effective=new.effective,
                on=new.on,
            )
        )
    return problems


def _extension_problems(
    agreement: Agreement, events: Sequence[AgreementEvent], new: AgreementEvent
) -> list[FieldProblem]:
    if not agreement.extension_years:
        return [
            FieldProblem.of(
                "kind", "provides_no_extension", "{agreement_id} provides for no extension", agreement_id=agreement.id
            )
        ]
    period = in_force_period(agreement, events)
    if period is None:
        return [
            FieldProblem.of(
                "kind",
                "not_force_yet_there_no",
                "{agreement_id} is not in force yet: there is no term to extend",
                agreement_id=agreement.id,
            )
        ]
    if new.on >= period[1]:
        return [
            FieldProblem.of(
                "date",
                "consent_given_comes_after_agreement",
                "consent given on {on} comes after the agreement ceased on {period}: an extension needs both "
                "consents before expiry",
                on=new.on,
                period=period[1],
            )
        ]
    return []
