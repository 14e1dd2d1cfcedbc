"""A bounded schemathesis run over the OpenAPI document, in-process, as a signed-in administrator,
with data that fits the document and data that does not: no server error anywhere, and every
answer conforms to the document (status, content type, schema)."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")

from fastapi import FastAPI  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.generation.modes import GenerationMode  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    ignored_auth,
    response_schema_conformance,
    status_code_conformance,
)

from relos.db.runtime import Database  # noqa: E402
from relos.domain.actor import Actor  # noqa: E402
from relos.server import create_app  # noqa: E402
from relos.services.people import tokens, users  # noqa: E402
from relos.settings import Settings  # noqa: E402

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    ignored_auth,
]


@pytest.fixture
def api(loaded: Database) -> tuple[FastAPI, str]:
    operator = Actor.operator("test")
    users.create_user(
        loaded.uow(), actor=operator, user_id="st-admin", party="IND", roles=["administrator"], password="x" * 16
    )
    issued = tokens.issue_token(
        loaded.uow(),
        actor=operator,
        user_id="st-admin",
        name="schemathesis",
        lifetime=timedelta(days=1),
        now=datetime.now(UTC),
    )
    settings_ = Settings(database_url=loaded.url, secret_key="k" * 40, max_request_bytes=300_000)
    return create_app(settings_, loaded), issued.secret


def test_api_conforms_to_its_openapi_document(api: tuple[FastAPI, str]) -> None:
    app, token = api
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {token}"}
    failures: dict[str, str] = {}
    statuses: Counter[int] = Counter()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12

    for operation, mode in itertools.product(operations, (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)):

        @given(case=operation.as_strategy(mode))
        @settings(
            max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None
        )
        def run(case: Any) -> None:
            statuses[case.call_and_validate(headers=headers, checks=CHECKS).status_code] += 1

        try:
            run()
        except Unsatisfiable:  # nothing can be wrong about a request without parameters or body
            assert mode is GenerationMode.NEGATIVE, operation.label
        except Exception as exc:  # gather every operation's failure, then report them together
            failures[f"{operation.label} ({mode.value})"] = str(exc)[:2_000]
    assert statuses[200] and statuses[422], f"the run reached the handlers, signed in: {statuses}"
    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())
