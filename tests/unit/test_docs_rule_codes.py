"""Every rule a refusal can name is listed on its area's page under docs/, so a user who reads
`"rule": "start_passed"` in a 409 finds what it means. The rules are collected from the source: the first
argument (or `rule=`) of each `Violation(...)` call, the `rule=` of any other call (a `FieldProblem` naming its
rule), and each `"rule"`/`"limit"` literal in a dict, in the area's domain and services packages; a rule of a
module shared by several areas that an area applies is named in `APPLIED`. A rule computed at run time must be
explained below (`COMPUTED`)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from relos.domain.deployments.model import CAP_NAMES, FACILITY_RESOURCES
from relos.domain.recorded import RECORDED_IN_FUTURE

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "relos"

# area -> the page that documents its refusals
AREA_DOCS = {
    "agreements": "agreement-format.md",
    "deployments": "deployments.md",
    "clearances": "clearances.md",
    "orders": "ledger.md",
    "ledger": "ledger.md",
}

# area -> the rules of a shared module (relos.domain.recorded) its services apply
APPLIED: dict[str, set[str]] = {
    "orders": {RECORDED_IN_FUTURE},  # deliveries, receipts, settlements in kind
    "ledger": {RECORDED_IN_FUTURE},  # invoices, payments and their corrections, conversions, exchange rates
}

# (module, expression) of each Violation whose rule is computed -> the rules it can take
COMPUTED: dict[tuple[str, str], set[str]] = {
    ("domain/deployments/admission.py", "self.limit"): {
        *CAP_NAMES,
        *(f"facility:<id>:{resource}" for resource in FACILITY_RESOURCES),
    },
    # the approval's refusal re-raises the admission's violations with the earliest window added
    ("services/deployments/transition.py", "v.rule"): set(),
    # a visiting party's assessment re-says the admission's facility violations in coarse terms
    ("services/deployments/visitor_view.py", "v.rule"): set(),
    # billing and payments re-raise the cash rules' violations (domain/ledger/cash.py) as field problems
    ("services/ledger/postings.py", "v.rule"): set(),
}


def _modules(area: str) -> list[Path]:
    found: list[Path] = []
    for layer in ("domain", "services"):
        package, module = PACKAGE / layer / area, PACKAGE / layer / f"{area}.py"
        found += sorted(package.rglob("*.py")) if package.is_dir() else []
        found += [module] if module.is_file() else []
    return found


def _rules_in(path: Path) -> tuple[set[str], set[tuple[str, str]]]:
    return _rules_in_source(path.read_text(encoding="utf-8"), path.relative_to(PACKAGE).as_posix())


def _rules_in_source(source: str, where: str) -> tuple[set[str], set[tuple[str, str]]]:
    """The literal rule names in a module, and its computed ones as (module, expression)."""
    literal: set[str] = set()
    computed: set[tuple[str, str]] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute):
            name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
            keyword = next((k.value for k in node.keywords if k.arg == "rule"), None)
            rule = (node.args[0] if node.args else keyword) if name == "Violation" else keyword
            if isinstance(rule, ast.Constant) and isinstance(rule.value, str):
                literal.add(rule.value)
            elif rule is not None:
                computed.add((where, ast.unparse(rule)))
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if (
                    isinstance(key, ast.Constant)
                    and key.value in ("rule", "limit")
                    and isinstance(value, ast.Constant)
                    and isinstance(value.value, str)
                ):
                    literal.add(value.value)
    return literal, computed


def rules_of(area: str) -> set[str]:
    rules: set[str] = set(APPLIED.get(area, set()))
    for path in _modules(area):
        literal, computed = _rules_in(path)
        rules |= literal
        for site in computed:
            rules |= COMPUTED.get(site, set())
    return rules


def unexplained_computed_rules() -> list[tuple[str, str]]:
    return sorted(
        site for area in AREA_DOCS for path in _modules(area) for site in _rules_in(path)[1] - COMPUTED.keys()
    )


@pytest.mark.parametrize("area", sorted(AREA_DOCS))
def test_every_rule_an_area_can_refuse_with_is_named_on_its_page(area: str) -> None:
    page = (ROOT / "docs" / AREA_DOCS[area]).read_text(encoding="utf-8")
    assert sorted(rule for rule in rules_of(area) if f"`{rule}`" not in page) == []


def test_every_computed_rule_is_explained() -> None:
    assert unexplained_computed_rules() == []


def test_the_scan_finds_the_rules() -> None:
    assert {"start_passed", "lead_time", "ship_does_not_fit", "no_port_call_clearance"} <= rules_of("clearances")
    assert {"not_in_force", "purpose_not_allowed", "warships", "facility:<id>:berths"} <= rules_of("deployments")
    assert {"excluded_item", "facility_not_open", "not_in_force", RECORDED_IN_FUTURE} <= rules_of("orders")
    assert {"invoice_not_before_billed", "not_over_paid", "before_due_date", "balanced_per_currency"} <= rules_of(
        "ledger"
    )


def test_the_scan_reads_literals_keywords_and_dicts() -> None:
    source = (
        'Violation("first", "m")\nerrors.Violation(rule="second", message="m")\n'
        'x = {"limit": "third", "at": 0}\nViolation(name, "m")\nAdmissionViolation("not a rule")\n'
        'FieldProblem("f", "m", rule="fourth")\nFieldProblem(v.field, v.message, rule=v.rule)\n'
    )
    literal, computed = _rules_in_source(source, "example.py")
    assert literal == {"first", "second", "third", "fourth"}
    assert computed == {("example.py", "name"), ("example.py", "v.rule")}
