"""A new support order names the deployment it serves by the deployment's reference (RUS-DEP-2027-0014), as
its staff know it, or by its id; a reference that names nothing the user may see is refused on the form, and no
order is made."""

from __future__ import annotations

from fastapi.testclient import TestClient
from tests.e2e.test_web_orders_forms import NEW, client, db, new_order_fields, orders_in  # noqa: F401
from tests.e2e.web_helpers import india_deployment, sign_in

from relos.db.runtime import Database


def test_an_order_serves_the_deployment_its_reference_names(client: TestClient, db: Database) -> None:  # noqa: F811
    deployment = india_deployment(db, facility_id="RU-VVO")
    page = sign_in(client, "ind.requester").get(NEW).text
    assert "its reference (e.g. RUS-DEP-2027-0014) or identifier" in page
    typed = deployment["reference"].lower()  # typed in any case
    r = client.post("/orders/new", data=new_order_fields(page, deployment=typed), follow_redirects=True)
    assert 'id="done"' in r.text and f'href="/deployments/{deployment["id"]}"' in r.text
    assert len(orders_in(db)) == 1


def test_a_reference_naming_no_deployment_is_refused_and_makes_no_order(client: TestClient, db: Database) -> None:  # noqa: F811
    page = sign_in(client, "ind.requester").get(NEW + "&lang=ru").text
    r = client.post("/orders/new", data=new_order_fields(page, deployment="RUS-DEP-2027-9999"))
    assert r.status_code in (404, 422) and "RUS-DEP-2027-9999" in r.text and 'id="done"' not in r.text
    assert orders_in(db) == []
