"""Each agreement's calendar on a day: its status, the days left in force, and the day by which a further term
must be decided.

Under renewal by mutual consent a further term takes effect only when both parties' consents are recorded
before the current term ends (relos.domain.agreements), so the decision is due by the first day the agreement
is no longer in force; under automatic renewal a party stops the next term by its notice, due the notice period
before that day (the day itself when the agreement states no period). No decision is due once the agreement is
terminated (or a termination is recorded), when the extensions it allows are used up, or before it is in force.
"""

from __future__ import annotations

from datetime import date, timedelta

from relos.domain.actor import Actor
from relos.domain.agreements import (
    Agreement,
    AgreementEvent,
    Status,
    add_years,
    current_term_end,
    termination_date,
)
from relos.services.agreements.register import AgreementView, list_agreements
from relos.services.dashboard import results
from relos.services.unit_of_work import UnitOfWork


def agreement_calendars(uow: UnitOfWork, *, actor: Actor, today: date) -> list[results.AgreementCalendar]:
    """The calendar of every agreement the actor's party is party to, on `today`."""
    return [calendar_of(view, today) for view in list_agreements(uow, actor=actor, at=today)]


def calendar_of(view: AgreementView, today: date) -> results.AgreementCalendar:
    a, st = view.agreement, view.status
    outer = st.in_force_until if st.status in (Status.SIGNED, Status.IN_FORCE) else None
    until = current_term_end(a, st.in_force_from, outer, today)
    automatic = a.renewal == "automatic" and until is not None and outer is not None and until < outer
    decision = extension_decision_by(a, view.events, st.in_force_from, until) if st.status is Status.IN_FORCE else None
    return {
        "id": a.id,
        "short_name": a.short_name,
        "title": a.title,
        "title_ru": a.title_ru,
        "parties": list(a.parties),
        "caps": a.caps.as_dict(),
        "status": st.status.value,
        "in_force_from": st.in_force_from.isoformat() if st.in_force_from else None,
        "expires_on": until.isoformat() if until else None,
        "days_to_expiry": (until - today).days if until else None,
        "extension_decision_by": decision.isoformat() if decision else None,
        "days_to_extension_decision": (decision - today).days if decision else None,
        "extension_consented_by": list(st.extensions_consented_by),
        "renews_automatically": automatic,
    }


def extension_decision_by(
    a: Agreement, events: tuple[AgreementEvent, ...], start: date | None, until: date | None
) -> date | None:
    """The day by which the next term must be decided (module docstring), or None when none can follow."""
    if start is None or until is None or not a.extension_years or termination_date(a, events) is not None:
        return None
    taken = next(
        (n for n in range(a.max_extensions + 1) if add_years(start, a.term_years + n * a.extension_years) >= until),
        a.max_extensions,
    )
    if taken >= a.max_extensions:
        return None
    if a.renewal == "automatic":
        return until - timedelta(days=a.termination_notice_days or 0)
    return until
