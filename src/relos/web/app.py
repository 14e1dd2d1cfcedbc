"""Mounting the web application on the HTTP application: its pages, its own stylesheet, and its error pages
(web/errors.py: the web's paths get pages in the user's language, the API's keep problem+json)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from relos.web import (
    agreements,
    clearances,
    clearances_edit,
    errors,
    facilities,
    home,
    ledger,
    ledger_forms,
    proposals,
    reconciliation,
)
from relos.web.admin import agreements as admin_agreements
from relos.web.admin import exchange as admin_exchange
from relos.web.admin import partners as admin_partners
from relos.web.admin import tokens as admin_tokens
from relos.web.admin import users as admin_users
from relos.web.common import TEMPLATES
from relos.web.dashboard import pages as dashboard
from relos.web.deployments import edit as deployment_forms
from relos.web.deployments import listing as deployment_list
from relos.web.deployments import pages as deployments
from relos.web.deployments import presence
from relos.web.i18n import filters
from relos.web.orders import billing, listing, new
from relos.web.orders import pages as orders
from relos.web.planning import install as install_planning

STATIC = Path(__file__).parent / "static"


def install(app: FastAPI) -> None:
    filters.install(TEMPLATES.env)
    # the forms' own addresses (/deployments/new) come before the records' (/deployments/{id})
    for module in (deployment_forms, clearances_edit):
        app.include_router(module.router)
    for module in (dashboard, admin_users, admin_tokens, admin_agreements, admin_partners, admin_exchange):
        app.include_router(module.router)
    # the new order's page (/orders/new) before an order's (/orders/{id})
    order_pages = (listing, new, billing, orders)
    deployment_pages = (deployment_list, deployments, presence)
    for module in (
        home,
        agreements,
        facilities,
        *order_pages,
        *deployment_pages,
        clearances,
        reconciliation,
        proposals,
        ledger,
        ledger_forms,
    ):
        app.include_router(module.router)
    install_planning(app, TEMPLATES.env)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    errors.install(app)
