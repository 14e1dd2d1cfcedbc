"""The plan check as a page (`/planning/plan-check`): a deployment plan (CSV with a header row, or a JSON list
of objects; docs/deployments.md) uploaded or pasted, checked first come first served against the agreements,
recorded overrides and facility capacities (`relos.services.deployments.plan_check`, which writes nothing).
The verdict is a table, a row per violation (limit or rule, first instant, total, maximum), and downloads as
CSV or JSON: the download buttons post the same plan again (kept in the page, never on the server).

The check writes nothing, so its answer is the page itself rather than a redirect; a refused plan (a
column missing, a cell that is no day) comes back on the same page naming the line and field, with the plan."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from relos.domain.errors import RelosError
from relos.services.deployments.plan_check import FIELDS, check_plan
from relos.services.deployments.results import PlanCheck
from relos.web import session as web
from relos.web.common import render, to_sign_in
from relos.web.forms import form_session
from relos.web.planning.inputs import refusal_of
from relos.web.refusals import PageError

router = APIRouter(include_in_schema=False)
#: The columns of the CSV download: a row per violation (an admitted row, or one refused without particulars,
#: is one row with the violation's cells empty).
CSV_COLUMNS = ("line", "ref", "admitted", "limit", "at", "total", "max")
DOWNLOADS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def violation_rows(check: PlanCheck) -> list[dict[str, Any]]:
    """The verdict as one row per violation, in the plan's order."""
    rows: list[dict[str, Any]] = []
    for verdict in check["results"]:
        head = {"line": verdict["line"], "ref": verdict["ref"], "admitted": verdict["admitted"]}
        if not verdict["violations"]:
            rows.append({**head, "limit": "", "at": "", "total": "", "max": ""})
        rows.extend({**head, **v} for v in verdict["violations"])
    return rows


def as_csv(check: PlanCheck) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in violation_rows(check):
        writer.writerow({**row, "admitted": "yes" if row["admitted"] else "no"})
    return out.getvalue()


@router.get("/planning/plan-check", response_class=HTMLResponse)
def plan_check_page(request: Request) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    return render(
        request, "planning/plan_check.html", session, plan="", check=None, rows=[], error=None, columns=FIELDS
    )


async def _plan_text(request: Request) -> tuple[dict[str, str], str, str]:
    """The posted form's fields, the plan's text (the file uploaded, else the text pasted) and its name."""
    form = await request.form()
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    upload = form.get("plan_file")
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read()
        return fields, data.decode("utf-8-sig", errors="replace"), upload.filename[:100]
    return fields, fields.get("plan", ""), "plan"


@router.post("/planning/plan-check", response_class=HTMLResponse)
@router.post("/planning/plan-check.{extension}", response_class=HTMLResponse)
async def plan_check(request: Request, extension: str = "") -> Response:
    fields, text, name = await _plan_text(request)
    session = form_session(request, fields.get("csrf", ""))
    if isinstance(session, Response):
        return session
    wanted = extension or fields.get("format", "")
    error: PageError | None = None
    check: PlanCheck | None = None
    try:
        check = check_plan(web.database(request).uow(), actor=session.actor, text=text, name=name)
    except RelosError as exc:
        error = refusal_of(exc)
    if check is not None and wanted in DOWNLOADS:
        body = as_csv(check) if wanted == "csv" else json.dumps(check, ensure_ascii=False, indent=1) + "\n"
        disposition = f'attachment; filename="plan-check.{wanted}"'
        return Response(body, media_type=DOWNLOADS[wanted], headers={"Content-Disposition": disposition})
    return render(
        request,
        "planning/plan_check.html",
        session,
        error.status if error else 200,
        plan=text,
        check=check,
        rows=violation_rows(check) if check else [],
        error=error,
        wrong={where for where, _ in error.items} if error else set(),
        columns=FIELDS,
    )
