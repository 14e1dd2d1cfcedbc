"""How a service's refusal reads on a page: the API's statuses, one line per field or rule."""

from __future__ import annotations

from relos.domain.errors import Conflict, FieldProblem, Forbidden, InvalidInput, NotFound, RuleViolated, Violation
from relos.web.common import page_error


def test_invalid_input_is_422_naming_each_field_and_line() -> None:
    exc = InvalidInput([FieldProblem("source", "every recorded event needs its source"), FieldProblem("date", "x", 3)])
    error = page_error(exc)
    assert error.status == 422 and error.items == [
        ("source", "every recorded event needs its source"),
        ("date (line 3)", "x"),
    ]


def test_a_rule_violated_is_409_naming_the_rule() -> None:
    exc = RuleViolated([Violation("facility_not_open", "RU-VVO is not open to USA under relos-ind-rus")])
    error = page_error(exc)
    assert (error.status, error.title) == (409, "error.rule_violated")
    assert error.items == [("facility_not_open", "RU-VVO is not open to USA under relos-ind-rus")]


def test_forbidden_conflict_and_not_found() -> None:
    assert page_error(Forbidden("signing an order needs host_approver")).status == 403
    assert page_error(Conflict("order x is draft; accepting needs it signed")).status == 409
    hidden = page_error(NotFound("order", "x"))
    assert hidden.status == 404 and hidden.items == []  # says nothing of what was asked for
