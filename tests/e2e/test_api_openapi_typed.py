"""Every operation of the API says what it answers: a named, typed schema for each JSON 2xx response.

A client generated from the OpenAPI document then gets a type for an order, a delivery, a payment or a
statement, not "object". An operation whose JSON success is a bare object (or an array of them), or
an empty schema, fails this test with its method and path.
"""

from __future__ import annotations

from typing import Any

import pytest

from relos.api.app import create_app
from relos.settings import Settings


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return create_app(Settings(database_url="sqlite://")).openapi()


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref is None:
        return schema
    name = ref.rsplit("/", 1)[-1]
    resolved: dict[str, Any] = spec["components"]["schemas"][name]
    return resolved


def _typed(spec: dict[str, Any], schema: dict[str, Any]) -> bool:
    """A named schema with declared properties, or an array whose items are one."""
    if schema.get("type") == "array":
        return _typed(spec, schema.get("items", {}))
    if "$ref" not in schema:
        return False
    target = _resolve(spec, schema)
    return bool(target.get("properties")) and target.get("additionalProperties") is not True


def _untyped_operations(spec: dict[str, Any]) -> list[str]:
    untyped = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            successes = {code: r for code, r in operation["responses"].items() if code.startswith("2")}
            assert successes, f"{method.upper()} {path} declares no success response"
            for code, response in successes.items():
                content = response.get("content")
                if content is None:
                    continue  # no body (204)
                json_schema = content.get("application/json", {}).get("schema")
                if json_schema is None:
                    continue  # a document: CSV, PDF or text
                if not _typed(spec, json_schema):
                    untyped.append(f"{method.upper()} {path} ({code})")
    return untyped


def test_every_operation_has_a_typed_success_response(spec: dict[str, Any]) -> None:
    assert _untyped_operations(spec) == []


def test_the_check_catches_an_untyped_operation(spec: dict[str, Any]) -> None:
    broken = {
        "paths": {
            "/x": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {"type": "object"}}}}}}}
        },
        "components": {"schemas": {}},
    }
    assert _untyped_operations(broken) == ["GET /x (200)"]


def _success_schemas(spec: dict[str, Any]) -> set[str]:
    names: set[str] = set()
    for operations in spec["paths"].values():
        for operation in operations.values():
            for code, response in operation["responses"].items():
                schema = (response.get("content") or {}).get("application/json", {}).get("schema", {})
                schema = schema.get("items", schema)
                if code.startswith("2") and "$ref" in schema:
                    names.add(schema["$ref"].rsplit("/", 1)[-1])
    return names


def test_every_answer_says_what_it_is(spec: dict[str, Any]) -> None:
    """Each schema an operation answers with carries a description (the result class's docstring)."""
    schemas = spec["components"]["schemas"]
    answered = _success_schemas(spec)
    assert "Health" in answered
    undescribed = sorted(name for name in answered if not schemas[name].get("description"))
    assert undescribed == []
