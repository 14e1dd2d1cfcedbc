"""Mounting the web application on the HTTP application: its pages, its own stylesheet, and its error pages
(web/errors.py: the web's paths get pages in the user's language, the API's keep problem+json)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from relos.web import agreements, clearances, errors, facilities, home, ledger
from relos.web.common import TEMPLATES
from relos.web.dashboard import pages as dashboard
from relos.web.deployments import pages as deployments
from relos.web.deployments import presence
from relos.web.i18n import filters
from relos.web.orders import pages as orders

STATIC = Path(__file__).parent / "static"


def install(app: FastAPI) -> None:
    filters.install(TEMPLATES.env)
    for module in (home, agreements, facilities, orders, deployments, presence, clearances, ledger):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(dashboard.router)
    errors.install(app)
