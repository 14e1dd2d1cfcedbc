"""References and titles through HTTP: a deployment, clearance and order created over the API come back with
their reference and the title given (or made), the lists carry both, and a title that is too long or not
one line is refused with 422 naming the field `title`, writing nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.e2e.web_helpers import records_world, window
from tests.integration.clearance_helpers import IND_REQUESTER, PORT, TALWAR, port_call
from tests.integration.orders_helpers import price_list

import relos.api.deps
from relos.api.app import create_app
from relos.db.runtime import Database
from relos.settings import Settings


@pytest.fixture
def client(orders_db: Database) -> Iterator[TestClient]:
    db = records_world(orders_db)
    price_list(db)
    app = create_app(Settings(database_url=db.url), db)
    app.dependency_overrides[relos.api.deps.get_actor] = lambda: IND_REQUESTER
    with TestClient(app) as c:
        yield c


def _bodies() -> dict[str, dict[str, Any]]:
    start, end = (t.isoformat() for t in window(40))
    ship = {k: v for k, v in TALWAR.items() if k != "crew"}
    return {
        "deployments": {
            "agreement_id": "relos-ind-rus",
            "facility_id": PORT,
            "purpose": "joint_exercise",
            "start": start,
            "end": end,
            "ships": [ship],
            "personnel": 150,
        },
        "clearances": {
            "agreement_id": "relos-ind-rus",
            "kind": "port_call",
            "facility_id": PORT,
            "purpose": "port_call",
            "start": start,
            "end": end,
            "port_call": port_call(),
        },
        "orders": {
            "agreement_id": "relos-ind-rus",
            "requesting_unit": "INS Tabar",
            "facility_id": "RU-VVO",
            "lines": [
                {
                    "category": "petroleum_oils_lubricants",
                    "item_code": "F-76",
                    "description": "Fuel",
                    "quantity": "1000",
                    "unit": "L",
                    "method": "cash",
                }
            ],
        },
    }


@pytest.mark.parametrize("kind", ["deployments", "clearances", "orders"])
def test_a_record_created_over_http_has_its_reference_and_title(client: TestClient, kind: str) -> None:
    code = {"deployments": "DEP", "clearances": "CLR", "orders": "ORD"}[kind]
    chosen = client.post(f"/api/v1/{kind}", json={**_bodies()[kind], "title": "Малабар-2027"})
    assert chosen.status_code == 201, chosen.text
    made = client.post(f"/api/v1/{kind}", json=_bodies()[kind]).json()
    first, second = chosen.json(), made
    assert first["title"] == "Малабар-2027" and first["reference"].startswith(f"RUS-{code}-")
    assert int(second["reference"][-4:]) == int(first["reference"][-4:]) + 1 and second["title"]
    listed = client.get(f"/api/v1/{kind}").json()
    assert {(r["reference"], r["title"]) for r in listed} == {
        (first["reference"], first["title"]),
        (second["reference"], second["title"]),
    }


@pytest.mark.parametrize("kind", ["deployments", "clearances", "orders"])
def test_a_bad_title_over_http_is_refused_naming_the_field(client: TestClient, kind: str) -> None:
    for title in ("x" * 201, "two\nlines"):
        refused = client.post(f"/api/v1/{kind}", json={**_bodies()[kind], "title": title})
        assert refused.status_code == 422 and "title" in refused.text, refused.text
    assert client.get(f"/api/v1/{kind}").json() == []
