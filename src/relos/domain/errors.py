"""The errors that rules and use cases raise; the API and CLI map them to problems and exit codes."""

from __future__ import annotations

from dataclasses import dataclass, field


class RelosError(Exception):
    """Base of every error RELOS raises on purpose."""


@dataclass(frozen=True)
class FieldProblem:
    """One thing wrong with the input: where it is (field, and line when it came from a file), and the rule it
    breaks when one is named (e.g. ``recorded_in_future``: relos.domain.recorded)."""

    field: str
    message: str
    line: int | None = None
    rule: str | None = None

    def __str__(self) -> str:
        where = f"line {self.line}, " if self.line is not None else ""
        return f"{where}{self.field}: {self.message}"


class InvalidInput(RelosError):
    """The input is unusable; nothing was written. Carries every problem found, each naming its field."""

    def __init__(self, problems: list[FieldProblem] | FieldProblem, *, source: str | None = None) -> None:
        self.problems = problems if isinstance(problems, list) else [problems]
        self.source = source
        prefix = f"{source}: " if source else ""
        super().__init__(prefix + "; ".join(str(p) for p in self.problems))

    @classmethod
    def for_field(cls, field: str, message: str, *, line: int | None = None) -> InvalidInput:
        return cls([FieldProblem(field, message, line)])


@dataclass(frozen=True)
class Violation:
    """A rule of an agreement that an action would break."""

    rule: str
    message: str
    details: dict[str, object] = field(default_factory=dict)


class RuleViolated(RelosError):
    """The action is well-formed but an agreement's rule forbids it."""

    def __init__(self, violations: list[Violation]) -> None:
        self.violations = violations
        super().__init__("; ".join(v.message for v in violations))


class NotFound(RelosError):
    """No such record, or one the acting user may not see (the two are indistinguishable on purpose)."""

    def __init__(self, kind: str, key: str) -> None:
        self.kind = kind
        self.key = key
        super().__init__(f"{kind} {key!r} not found")


class Forbidden(RelosError):
    """The acting user may see the record but lacks the authority for this action."""


class Conflict(RelosError):
    """The action does not fit the record's current state (e.g. approving a closed deployment)."""


class NotAuthenticated(RelosError):
    """No valid credential: a missing, wrong, expired or revoked token or session, or a failed sign-in."""
