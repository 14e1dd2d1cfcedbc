"""What the dashboard's reads hand back (the convention of relos.services.results): typed records of JSON-ready
values (ISO dates and instants, decimal strings)."""

from __future__ import annotations

from typing import TypedDict

from relos.services.ledger.results import AgeingRow
from relos.services.results import record


@record
class AgreementCalendar(TypedDict):
    """An agreement's status on the day and the days left: to the end of its term in force (`expires_on`,
    the first day it is no longer in force) and to the day by which a further term must be decided
    (`extension_decision_by`: both parties' consents recorded before it; null when none can follow). Under
    automatic renewal `expires_on` is the end of the current term (`renews_automatically`), which a further term
    follows unless a party's notice stops it: the decision then is whether to give that notice."""

    id: str
    short_name: str
    title: str
    title_ru: str
    parties: list[str]
    caps: dict[str, int | None]
    status: str
    in_force_from: str | None
    expires_on: str | None
    days_to_expiry: int | None
    extension_decision_by: str | None
    days_to_extension_decision: int | None
    extension_consented_by: list[str]
    renews_automatically: bool


CapStep = TypedDict("CapStep", {"from": str, "until": str, "value": int, "cap": int | None, "raised": bool})
CapStep.__doc__ = (
    "One stretch of a total beside the cap in effect there: `cap` null when the agreement sets none, "
    "`raised` when a recorded override raises it there."
)
record(CapStep)


@record
class CapUse(TypedDict):
    """One total present at an instant beside the cap in effect then."""

    name: str
    present: int
    cap: int | None
    raised: bool
    over: bool


@record
class OverrideMark(TypedDict):
    """An override in effect within the period: its window and the caps it raises (null: not raised)."""

    id: str
    start: str
    end: str
    warships: int | None
    aircraft: int | None
    personnel: int | None
    reference: str


@record
class PresenceAgainstCaps(TypedDict):
    """A visiting party's warships, aircraft and personnel in a host's territory under one agreement: now, and
    as steps over [start, end) beside the caps in effect (overrides cut the steps)."""

    agreement_id: str
    host_party: str
    visiting_party: str
    at: str
    start: str
    end: str
    now: list[CapUse]
    steps: dict[str, list[CapStep]]
    overrides: list[OverrideMark]
    breaches: int


@record
class Waiting(TypedDict):
    """Something waiting for the user: `kind` says what (approve a deployment, decide a clearance, submit a
    clearance or make one for a deployment, sign or accept an order, receipt a delivery); `record` is the
    kind of record it is on (deployment, clearance, order) and `id`/`reference` which; `due` the deadline
    when there is one, `overdue` when it has passed, `days_left` until it. `made_of`: the record as it was read,
    from which a title RELOS made is said again in the reader's language."""

    kind: str
    record: str
    id: str
    reference: str
    title: str
    made_of: dict[str, object]
    agreement_id: str
    due: str | None
    overdue: bool
    days_left: int | None


@record
class DueReimbursement(TypedDict):
    """An open item of the ledger overdue or due within the nearly-due days: who owes whom how much, since
    when, due when; `order_id` the order it arises from (null when the ledger does not say)."""

    agreement_id: str
    state: str
    item: str
    reference: str
    order_id: str | None
    creditor: str
    debtor: str
    amount: str
    currency: str
    since: str
    due_on: str | None
    age_days: int


@record
class AgreementAgeing(TypedDict):
    """What each debtor owes each creditor under one agreement on a day (`as_of`), by age of the open items."""

    agreement_id: str
    as_of: str
    rows: list[AgeingRow]


@record
class Activity(TypedDict):
    """An entry of the audit trail: when, who, what, on which record."""

    seq: int
    at: str
    user_id: str
    party: str | None
    action: str
    entity: str
    entity_id: str


@record
class Dashboard(TypedDict):
    """What the user sees first: the day, each agreement's calendar, presence against caps per agreement and
    direction, what waits for the user, reimbursements overdue and nearly due, and (auditors and
    administrators) recent activity (`activity` null for others)."""

    at: str
    party: str | None
    agreements: list[AgreementCalendar]
    presence: list[PresenceAgainstCaps]
    waiting: list[Waiting]
    reimbursements: list[DueReimbursement]
    activity: list[Activity] | None
