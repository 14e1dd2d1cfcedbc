"""Reading a planner's form. The planners only read, so their forms are GET: the address holds the whole
question and can be shared. Numbers are read as either language writes them (4 850,5 or 4,850.5); what
cannot be read is refused naming the form's field, and the form is shown again with what was typed.

A service names a field as the command's option (``--range-nm``); `form_field` says which field of the
form that is (``range_nm``), so a refusal marks the field the planner typed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from starlette.datastructures import QueryParams

from relos.domain.errors import FieldProblem, InvalidInput, RelosError
from relos.services import locale_format
from relos.web.common import not_a_day
from relos.web.refusals import PageError, page_error

#: The longest text a planner's field takes (an id, LAT,LON, a list of CLASS:N).
MAX_TEXT = 500
#: A service's field (the command's option) → the form's field, where the name alone does not say it.
SERVICE_FIELDS = {"--agreement": "agreement", "--agreements": "agreement", "--close": "close", "plan": "plan"}


def form_field(service_field: str) -> str:
    """``--range-nm`` → ``range_nm``; a field the form does not have stays as it is."""
    if service_field in SERVICE_FIELDS:
        return SERVICE_FIELDS[service_field]
    return service_field.removeprefix("--").replace("-", "_")


def refusal_of(exc: RelosError) -> PageError:
    """The service's refusal as the page shows it, each field named as the form names it (and, for a line of
    an uploaded plan, the line in `details`)."""
    if isinstance(exc, InvalidInput):
        said = page_error(exc)
        items = [(form_field(p.field), p.message) for p in exc.problems]
        details: list[dict[str, object]] = [{"line": p.line} if p.line is not None else {} for p in exc.problems]
        return PageError("error.invalid_input", 422, items, details, codes=said.codes)
    return page_error(exc)


@dataclass
class PlannerQuery:
    """A planner form's query, read field by field; problems gather until `check` refuses them all at once."""

    params: QueryParams
    lang: str
    #: the application clock's day: a planner's date when the form gives none
    today: date | None = None
    problems: list[FieldProblem] = field(default_factory=list)

    @property
    def asked(self) -> bool:
        """Whether the form was sent (its `go` button), or only opened."""
        return "go" in self.params

    def text(self, name: str, default: str = "") -> str:
        return (self.params.get(name) or default).strip()[:MAX_TEXT]

    def all(self, name: str) -> list[str]:
        return [v.strip()[:64] for v in self.params.getlist(name) if v.strip()][:40]

    def flag(self, name: str) -> bool:
        return self.params.get(name) in ("1", "on", "true")

    def required(self, name: str) -> str:
        value = self.text(name)
        if not value:
            self.problems.append(FieldProblem.of(name, "form_required", "required"))
        return value

    def number(self, name: str, *, low: float, high: float, whole: bool = False) -> float | None:
        """A number within (low, high] (whole when told), or None when empty."""
        raw = self.text(name)
        if not raw:
            return None
        cleaned = raw.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
        cleaned = cleaned.replace(",", ".") if self.lang == "ru" else cleaned.replace(",", "")
        try:
            value = float(cleaned)
        except ValueError:
            self.problems.append(FieldProblem.of(name, "not_number", "{value!r} is not a number", value=raw[:40]))
            return None
        if whole and not value.is_integer():
            self.problems.append(
                FieldProblem.of(name, "not_whole_number", "{value!r} is not a whole number", value=raw[:40])
            )
            return None
        if not low < value <= high:
            self.problems.append(
                FieldProblem.of(
                    name, "form_out_of_range", "must be more than {low} and at most {high}", low=low, high=high
                )
            )
            return None
        return value

    def day(self, name: str) -> date | None:
        raw = self.text(name)
        if not raw:
            return None
        try:
            return locale_format.parse_day(raw, "en")
        except ValueError:
            self.problems.append(not_a_day(name, raw))
            return None

    def day_or_today(self, name: str) -> date | None:
        """The day given in `name`, else the application clock's day (not the server's)."""
        return self.day(name) if self.text(name) else self.today

    def check(self) -> None:
        """Refuse every problem found so far (InvalidInput naming each field)."""
        if self.problems:
            raise InvalidInput(list(self.problems))


def access_choice(query: PlannerQuery) -> str | None:
    """The agreements a route or ferry flight counts, as the service takes them: those in force at the date
    (None), none of them (``none``), or exactly those ticked, assumed in force."""
    access = query.text("access", "in_force")
    if access == "none":
        return "none"
    if access == "assume":
        chosen = query.all("agreement")
        if not chosen:
            query.problems.append(
                FieldProblem.of("agreement", "tick_agreement", "tick at least one agreement to assume")
            )
        return ",".join(chosen) or None
    return None
