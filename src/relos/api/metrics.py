"""GET /metrics in Prometheus' text format (prometheus-client), for operators only.

Counted as requests are answered (relos.api.request_log): requests by method, route template and status, their
latency as histograms per route, and deployment decisions taken through the API (approvals, and refusals by
the limit each names). Read from the database at each scrape: the audit chain's length, the ledger's postings,
deployments by status.

Who may read it: a client on the loopback interface (unless RELOS_METRICS_FROM_LOOPBACK=false, as behind a
proxy on the same machine), or one presenting `Authorization: Bearer <RELOS_METRICS_TOKEN>`; anyone else 403.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from starlette.types import Scope

from relos.api.problems import problem
from relos.api.request_log import route_template
from relos.db.runtime import Database
from relos.db.tables.audit import AuditHeadRow
from relos.db.tables.deployments import DeploymentRow
from relos.db.tables.ledger import LedgerPostingRow

LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
_DECISION_ROUTE = "/api/v1/deployments/{deployment_id}/approval"


class _Stored(Collector):
    """What the database holds, read at each scrape."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def collect(self) -> Iterator[GaugeMetricFamily]:
        chain = GaugeMetricFamily("relos_audit_chain_length", "Entries in the audit chain")
        postings = GaugeMetricFamily("relos_ledger_postings", "Postings in the ledger")
        statuses = GaugeMetricFamily("relos_deployments", "Deployments by status", labels=["status"])
        with self.database.engine.connect() as conn:
            chain.add_metric([], conn.execute(select(AuditHeadRow.seq)).scalar() or 0)
            postings.add_metric([], conn.execute(select(func.count(LedgerPostingRow.id))).scalar() or 0)
            query = select(DeploymentRow.status, func.count()).group_by(DeploymentRow.status)
            for status, count in conn.execute(query):
                statuses.add_metric([status], count)
        yield from (chain, postings, statuses)


class Metrics:
    """One registry per application (tests build many)."""

    def __init__(self, database: Database) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "relos_http_requests", "HTTP requests answered", ["method", "route", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "relos_http_request_duration_seconds",
            "Time to answer an HTTP request",
            ["method", "route"],
            registry=self.registry,
        )
        self.decisions = Counter(
            "relos_deployment_decisions",
            "Deployment approvals asked of the API: approved, or refused naming a limit",
            ["outcome", "limit"],
            registry=self.registry,
        )
        self.registry.register(_Stored(database))

    @staticmethod
    def wants_body(scope: Scope) -> bool:
        return route_template(scope) == _DECISION_ROUTE

    def observe(self, scope: Scope, status: int, seconds: float, body: bytes) -> None:
        route, method = route_template(scope), str(scope.get("method"))
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)
        if route != _DECISION_ROUTE:
            return
        if 200 <= status < 300:
            self.decisions.labels("approved", "").inc()
        elif status == 409:
            for limit in _limits(body):
                self.decisions.labels("refused", limit).inc()


def _limits(body: bytes) -> list[str]:
    try:
        found: Any = json.loads(body)
    except ValueError:
        return []
    violations = found.get("violations") if isinstance(found, dict) else None
    if not isinstance(violations, list):
        return []
    return [str(v.get("limit") or v.get("rule")) for v in violations if isinstance(v, dict)]


def _allowed(request: Request) -> bool:
    settings = request.app.state.settings
    client = request.client.host if request.client else ""
    if settings.metrics_from_loopback and client in LOOPBACK:
        return True
    token = settings.metrics_token.get_secret_value() if settings.metrics_token else ""
    given = request.headers.get("authorization", "")
    return bool(token) and hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


def install(app: FastAPI, metrics: Metrics) -> None:
    @app.get("/metrics", include_in_schema=False)
    def read_metrics(request: Request) -> Response:
        if not _allowed(request):
            return problem(
                403,
                "Forbidden",
                "the metrics are read from the loopback interface or with the metrics token",
                type_="/problems/forbidden",
            )
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)
