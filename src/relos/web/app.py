"""Mounting the web application on the HTTP application: its pages and its own stylesheet."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from relos.web import (
    pages,
    pages_agreements,
    pages_clearances,
    pages_deployments,
    pages_facilities,
    pages_ledger,
    pages_orders,
    pages_presence,
)

STATIC = Path(__file__).parent / "static"


def install(app: FastAPI) -> None:
    for module in (
        pages,
        pages_agreements,
        pages_facilities,
        pages_orders,
        pages_deployments,
        pages_presence,
        pages_clearances,
        pages_ledger,
    ):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
