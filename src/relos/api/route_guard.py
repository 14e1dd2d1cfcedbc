"""Routing a request without trying every route of every included router.

FastAPI (from 0.16x) keeps each included router as one entry of the application's routes and, for every request,
asks each router in turn whether one of its routes matches: a request for the last router's route tries the
path patterns of all the routers before it (about 90 for `/api/v1/health`), and the chosen router's twice. That
was the largest part of the processor time of a small request.

`guard_included_routers` gives each included router of an application the literal beginnings of its routes'
paths (`/api/v1/deployments`, `/planning/map/`…): a request whose path begins with none of them cannot match any
of its routes, and the router says so without trying them. The routes, their order, what matches and the OpenAPI
document are unchanged. With a FastAPI that copies included routes into the application (before 0.16x), there is
nothing to guard and nothing is done.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from fastapi import FastAPI
from fastapi import routing as fastapi_routing
from starlette.routing import Match
from starlette.types import Scope

_Included: Any = getattr(fastapi_routing, "_IncludedRouter", None)


def _route_path(scope: Scope) -> str:
    """The path the routes match against: the request's path without the application's root path."""
    path: str = scope["path"]
    root = scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


def literal_beginning(path_format: str) -> str:
    """What every path a route pattern matches begins with: the pattern up to its first parameter."""
    return path_format.split("{", 1)[0]


if _Included is not None:

    @dataclass
    class GuardedRouter(_Included):  # type: ignore[misc]
        """An included router that first checks the path against the beginnings of its routes' paths."""

        _beginnings: tuple[str, ...] | None = None
        _beginnings_version: int | None = None

        def beginnings(self) -> tuple[str, ...]:
            version = self.original_router._get_routes_version()
            if self._beginnings is None or version != self._beginnings_version:
                found = {literal_beginning(c.path_format) for c in self.effective_route_contexts()}
                self._beginnings, self._beginnings_version = tuple(sorted(found)), version
            return self._beginnings

        def matches(self, scope: Scope) -> tuple[Match, Scope]:
            if not _route_path(scope).startswith(self.beginnings()):
                return Match.NONE, {}
            return super().matches(scope)  # type: ignore[no-any-return]


def guard_included_routers(app: FastAPI) -> int:
    """Make each router included into `app` a `GuardedRouter`; how many were."""
    if _Included is None:
        return 0
    routes = app.router.routes
    guarded = 0
    for i, route in enumerate(routes):
        if type(route) is _Included:
            kept = {f.name: getattr(route, f.name) for f in fields(route) if f.init}  # type: ignore[arg-type]
            routes[i] = GuardedRouter(**kept)
            guarded += 1
    return guarded
