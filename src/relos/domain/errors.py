"""The errors that rules and use cases raise; the API and CLI map them to problems and exit codes.

Every refusal carries a stable `code` and its `params` (the particulars its sentence names), besides its English
message: the web says it in the reader's language from the catalogue (`problem.<code>`, web/i18n/problems.py)
with the particulars written the language's way; the API and the command give the English message and the code.
A refusal is made with `FieldProblem.of`, `InvalidInput.of`, `Conflict.of` or `Forbidden.of` from its code and its
English template (a `str.format` template over the params), so that the message and the particulars agree."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from dataclasses import field as dataclass_field
from typing import Any, Self

#: Params of a refusal: the particulars its sentence names, by name.
Params = Mapping[str, Any]


class RelosError(Exception):
    """Base of every error RELOS raises on purpose."""


class Said(str):
    """A refusal's English message that keeps its `code` and `params`, for a rule that hands back a message to be
    placed in a problem later (a column's check, a ledger error): a FieldProblem made with it takes them."""

    code: str
    params: Params

    @classmethod
    def of(cls, code: str, template: str, /, **params: Any) -> Said:
        made = cls(template.format(**params))
        made.code, made.params = code, params
        return made


@dataclass(frozen=True)
class FieldProblem:
    """One thing wrong with the input: where it is (field, and line when it came from a file), the rule it
    breaks when one is named (e.g. ``recorded_in_future``: relos.domain.recorded), and its stable `code` with
    the `params` its sentence names (see the module's docstring)."""

    field: str
    message: str
    line: int | None = None
    rule: str | None = None
    code: str = ""
    params: Params = dataclass_field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not self.code and isinstance(self.message, Said):
            object.__setattr__(self, "code", self.message.code)
            object.__setattr__(self, "params", self.message.params)

    @classmethod
    def of(
        cls, field: str, code: str, template: str, /, line: int | None = None, rule: str | None = None, **params: Any
    ) -> FieldProblem:
        """The problem `code` of `field`, its English message `template` filled with `params`."""
        return cls(field, template.format(**params), line, rule, code, params)

    @property
    def refusal_code(self) -> str:
        """The code the catalogue says it by: its own, else the rule it names."""
        return self.code or self.rule or ""

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
    def for_field(cls, field: str, message: str, *, line: int | None = None, code: str = "") -> InvalidInput:
        return cls([FieldProblem(field, message, line, code=code)])

    @classmethod
    def of(cls, field: str, code: str, template: str, /, line: int | None = None, **params: Any) -> InvalidInput:
        """One problem of `field` (FieldProblem.of)."""
        return cls([FieldProblem.of(field, code, template, line, **params)])


@dataclass(frozen=True)
class Violation:
    """A rule of an agreement that an action would break: the rule is its code, `details` its particulars."""

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


class SaidError(RelosError):
    """A refusal said in one sentence: its English message, its `code` and the `params` it names."""

    def __init__(self, message: str = "", *, code: str = "", params: Params | None = None) -> None:
        super().__init__(message)
        said = isinstance(message, Said) and not code
        self.code = message.code if isinstance(message, Said) and said else code
        self.params: Params = dict(message.params if isinstance(message, Said) and said else params or {})

    @classmethod
    def of(cls, code: str, template: str, /, **params: Any) -> Self:
        """The refusal `code`, its English message `template` filled with `params`."""
        return cls(template.format(**params), code=code, params=params)


class Forbidden(SaidError):
    """The acting user may see the record but lacks the authority for this action."""


class Conflict(SaidError):
    """The action does not fit the record's current state (e.g. approving a closed deployment)."""


class NotAuthenticated(SaidError):
    """No valid credential: a missing, wrong, expired or revoked token or session, or a failed sign-in."""
