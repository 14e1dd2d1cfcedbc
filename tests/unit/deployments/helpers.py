"""Builders for the deployment unit tests: an agreement in force, ships, deployments."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from relos.domain.agreements import Agreement, AgreementEvent, Caps, EventKind
from relos.domain.deployments.model import Aircraft, Deployment, DeploymentStatus, Ship

T0 = datetime(2026, 3, 1, tzinfo=UTC)
AGREEMENT = Agreement(
    id="relos-test",
    short_name="T",
    parties=("IND", "RUS"),
    signed=date(2025, 2, 18),
    term_years=5,
    extension_years=5,
    purposes=("joint_exercise", "training", "port_call"),
    other_purposes_by_mutual_consent=True,
    caps=Caps(warships=5, aircraft=10, personnel=3000),
)
IN_FORCE = (AgreementEvent(EventKind.ENTRY_INTO_FORCE, date(2026, 1, 1), "test"),)


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


def ship(i: int, *, draught: float = 6.0, length: float = 120.0) -> Ship:
    return Ship(f"Ship {i}", f"F{i:03d}", "talwar", 4000.0, length, 15.0, draught)


def plane(i: int) -> Aircraft:
    return Aircraft("su-30mki", f"SB{i:03d}", f"VIPER{i}")


def deployment(
    n: int,
    *,
    start: float = 0,
    end: float = 10,
    ships: int = 0,
    aircraft: int = 0,
    personnel: int = 0,
    visiting: str = "RUS",
    host: str = "IND",
    facility: str = "IN-VZG",
    status: DeploymentStatus = DeploymentStatus.APPROVED,
) -> Deployment:
    return Deployment(
        id=f"d{n}",
        agreement_id=AGREEMENT.id,
        visiting_party=visiting,
        host_party=host,
        facility_id=facility,
        purpose="joint_exercise",
        start=day(start),
        end=day(end),
        ships=tuple(ship(100 * n + i) for i in range(ships)),
        aircraft=tuple(plane(100 * n + i) for i in range(aircraft)),
        personnel=personnel,
        requested_by="rus-req",
        created_at=T0,
        status=status,
    )


def arrived(d: Deployment, at: datetime) -> Deployment:
    return replace(d, status=DeploymentStatus.ARRIVED, arrived_at=at)
