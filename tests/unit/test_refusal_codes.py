"""Every refusal the services can raise has a stable code, and every code has words in English and in Russian.

The codes are collected by reading the source (every layer, the web's forms and the command included): each
`FieldProblem.of`,
`InvalidInput.of`, `Conflict.of`, `Forbidden.of`, `NotAuthenticated.of` and `Said.of` with its code and English
template, each rule a `Violation` names, each rule a `FieldProblem` names. A refusal made without a code (a
literal message handed to `FieldProblem(...)`, `InvalidInput.for_field(...)`, `Conflict(...)`, …) fails the test."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from relos.domain.errors import Conflict, FieldProblem, InvalidInput, Said
from relos.web.i18n import CATALOGUE
from relos.web.i18n.names import Names
from relos.web.i18n.page import Page, translator
from relos.web.i18n.problems import key_of, said

SRC = Path(__file__).parents[2] / "src" / "relos"
MADE_BY = {"FieldProblem", "InvalidInput", "Conflict", "Forbidden", "NotAuthenticated", "Said"}
ERRORS = {"Conflict", "Forbidden", "NotAuthenticated"}
PLACEHOLDER = re.compile(r"\{(\w+)")


@dataclass(frozen=True)
class Site:
    where: str
    code: str
    template: str
    params: frozenset[str]


def _modules() -> list[tuple[str, ast.Module]]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith("db/migrations/") or rel == "domain/errors.py":
            continue
        found.append((rel, ast.parse(path.read_text(encoding="utf-8"))))
    return found


MODULES = _modules()


def _made(call: ast.Call) -> str | None:
    f = call.func
    if isinstance(f, ast.Attribute) and f.attr == "of" and isinstance(f.value, ast.Name) and f.value.id in MADE_BY:
        return f.value.id
    return None


def coded_sites() -> list[Site]:
    sites = []
    for rel, tree in MODULES:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or (made := _made(node)) is None:
                continue
            head = node.args[1:3] if made in ("FieldProblem", "InvalidInput") else node.args[:2]
            assert len(head) == 2 and all(isinstance(a, ast.Constant) for a in head), (
                f"{rel}:{node.lineno}: a refusal's code and template are written out"
            )
            code, template = (str(a.value) for a in head)  # type: ignore[attr-defined]
            params = frozenset(k.arg for k in node.keywords if k.arg not in (None, "line", "rule"))
            sites.append(Site(f"{rel}:{node.lineno}", code, template, params))
    return sites


def named_rules() -> set[str]:
    rules = set()
    for _, tree in MODULES:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            if isinstance(f, ast.Name) and f.id == "Violation" and node.args and isinstance(node.args[0], ast.Constant):
                rules.add(str(node.args[0].value))
            for k in node.keywords:
                if k.arg == "rule" and isinstance(k.value, ast.Constant) and isinstance(k.value.value, str):
                    rules.add(k.value.value)
    return rules


SITES = coded_sites()


def test_the_source_makes_hundreds_of_coded_refusals() -> None:
    assert len(SITES) > 300 and len({s.code for s in SITES}) > 250


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_refusal_code_has_words(lang: str) -> None:
    missing = sorted({f"{s.code} ({s.where})" for s in SITES if f"problem.{s.code}" not in CATALOGUE[lang]})
    assert missing == []


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_rule_a_refusal_names_has_words(lang: str) -> None:
    words = CATALOGUE[lang]
    missing = sorted(
        r for r in named_rules() if f"rule.{r}" not in words and not any(k.startswith(f"rule.{r}.") for k in words)
    )
    assert missing == []


def test_one_code_says_one_thing() -> None:
    templates: dict[str, set[str]] = {}
    for s in SITES:
        templates.setdefault(s.code, set()).add(s.template)
    assert {c: t for c, t in templates.items() if len(t) > 1} == {}


def test_the_words_name_only_particulars_the_refusal_gives() -> None:
    given: dict[str, set[str]] = {}
    for s in SITES:
        given.setdefault(s.code, set()).update(s.params)
    wrong = {}
    for code, params in given.items():
        for lang in ("en", "ru"):
            named = set(PLACEHOLDER.findall(CATALOGUE[lang].get(f"problem.{code}", "")))
            if not named <= params:
                wrong[f"{lang} {code}"] = sorted(named - params)
    assert wrong == {}


def _message(node: ast.Call, kind: str) -> ast.expr | None:
    position = 0 if kind in ERRORS else 1
    return node.args[position] if len(node.args) > position else None


def test_no_refusal_is_made_without_a_code() -> None:
    """A message written out in place (text or f-string) has no code: it must be made with `.of`. A message
    handed on (a name or attribute: a Said made elsewhere, a problem passed along) keeps the code it has."""
    uncoded = []
    for rel, tree in MODULES:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            if isinstance(f, ast.Name) and f.id in ERRORS | {"FieldProblem"}:
                kind = f.id
            elif isinstance(f, ast.Attribute) and f.attr == "for_field":
                kind = "for_field"
            else:
                continue
            if any(k.arg in ("code", "rule") for k in node.keywords):
                continue
            message = _message(node, kind)
            if message is not None and not isinstance(message, ast.Name | ast.Attribute | ast.Call):
                uncoded.append(f"{rel}:{node.lineno}")
            if isinstance(message, ast.Call) and _made(message) != "Said":
                uncoded.append(f"{rel}:{node.lineno}")
    assert uncoded == []


def test_a_refusal_keeps_its_english_message_and_says_it_in_russian() -> None:
    problem = FieldProblem.of("user_id", "taken", "{user_id!r} is taken", user_id="ivan")
    assert problem.message == "'ivan' is taken" and problem.code == "taken" and problem.params == {"user_id": "ivan"}
    ru = Page("ru", translator("ru"), Names(None, None, "ru"))
    assert said(problem.code, problem.params, problem.message, ru) == "имя «ivan» уже занято"
    handed = FieldProblem("limit", Said.of("must_least_1_not", "must be at least 1, not {limit}", limit=0))
    assert handed.code == "must_least_1_not" and str(InvalidInput(handed)) == "limit: must be at least 1, not 0"
    conflict = Conflict.of(
        "conflict.payment_reversed_already", "payment {payment_id} is reversed already", payment_id="p"
    )
    assert str(conflict) == "payment p is reversed already" and key_of(conflict.code) is not None
    assert said(conflict.code, conflict.params, str(conflict), ru) == "платёж p уже сторнирован"


def test_particulars_are_written_the_languages_way() -> None:
    ru = Page("ru", translator("ru"), Names(None, None, "ru"))
    text = said("must_most_got", {"MAX_COUNT": 100000, "number": 250000}, "", ru)
    assert text == "должно быть не больше 100\u00a0000, указано 250\u00a0000"
    assert "05.03.2026" in said("before_order_was_made", {"delivered_on": "2026-03-05"}, "", ru)
