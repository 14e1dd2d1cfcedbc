"""The planners' pages: route, reach (and its comparison by tier),
ferry flight, sustainment estimate and plan check (`/planning/...`), the
maps' GeoJSON (`/planning/map/...`) and what the maps are drawn with (Leaflet and Natural Earth land, served
from `node_modules`; web/planning/assets.py). They only read: forms are GET (a shareable address), except the
plan check's upload."""

from __future__ import annotations

from fastapi import FastAPI
from jinja2 import Environment

from relos.web.planning import assets, map_data, pages, plan_check, reach_compare, sustainment

ROUTERS = (pages.router, reach_compare.router, sustainment.router, plan_check.router, map_data.router, assets.router)


def install(app: FastAPI, env: Environment) -> None:
    """The planners' routes, and `map_ready()` for every template (a map partial draws only when it is true)."""
    for router in ROUTERS:
        app.include_router(router)
    env.globals["map_ready"] = assets.map_available
