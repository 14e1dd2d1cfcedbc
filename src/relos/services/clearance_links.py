"""Clearances and deployments: a clearance made for a deployment must match it (units, dates,
facility); a deployment is marked arrived only when granted clearances cover it."""

from __future__ import annotations

from relos.domain.clearances.model import Clearance
from relos.services.ports import UnitOfWork


def check_deployment(uow: UnitOfWork, c: Clearance) -> None:
    """Raise when `c` names a deployment it does not match (wired to deployments when they exist)."""
    del uow, c
