"""The ledger's forms on their page (/ledger/records, linked from the ledger's): finance officers record an
exchange rate (1 base = rate quote, its day and source) and convert overdue in-kind debts to cash as of a day;
finance and logistics officers import their party's price list from a file (CSV with the columns item_code,
unit, price, currency, description; or JSON as the API and `relos orders price-list` take it: an object with
`items`, or the list of items alone). The services decide and refuse; a refusal comes back on the page naming
the field (a price list's item as "item 3, price"), with what was typed; the form's one-time key makes a
double submit one record."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from relos.domain.actor import Role
from relos.domain.errors import InvalidInput
from relos.services.agreements.register import list_agreements
from relos.services.ledger import reimbursement
from relos.services.orders.price_lists import PriceItemInput, add_price_list
from relos.web import session as web
from relos.web.common import MAX_ID, PageError, day_required, parse_day, render, to_sign_in
from relos.web.once import act_once, new_key
from relos.web.orders.lines import field_names, typed_number
from relos.web.refusals import as_input, invalid

router = APIRouter(include_in_schema=False)
ITEM_COLUMNS = ("item_code", "unit", "price", "currency", "description")
MAX_FILE_BYTES = 1_000_000


@router.get("/ledger/records", response_class=HTMLResponse)
def records_page(request: Request) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    today = web.clock(request).today()
    views = list_agreements(web.database(request).uow(), actor=session.actor, at=today)
    return render(
        request,
        "ledger/records.html",
        session,
        agreements=[v.agreement for v in views],
        finance=Role.FINANCE_OFFICER in session.actor.roles,
        prices=session.actor.has_any((Role.FINANCE_OFFICER, Role.LOGISTICS_OFFICER)),
        today=today,
        form_key=new_key(),
    )


def _text(form: Mapping[str, Any]) -> dict[str, str]:
    return {k: v for k, v in form.items() if isinstance(v, str)}


def _day(fields: Mapping[str, str], name: str, *, required: bool = True) -> date | PageError | None:
    day = parse_day(fields.get(name), field_name=name)
    if day is None and required:
        return invalid(day_required(name))
    return day


def _given(*found: date | PageError | None) -> None:
    for day in found:
        if isinstance(day, PageError):
            raise as_input(day)


def _act(request: Request, fields: dict[str, str], done: str, call: Any) -> Response:
    return act_once(
        request,
        kind="",
        csrf=fields.get("csrf", ""),
        key=fields.get("key", ""),
        done=done,
        call=call,
        fields=fields,
        target=lambda _: None,
        rename=field_names(),
    )


@router.post("/ledger/rates", response_class=HTMLResponse)
async def record_rate(request: Request) -> Response:
    fields = _text(await request.form())
    on = _day(fields, "on")

    def call(s: web.WebSession, uow: Any) -> Any:
        _given(on)
        assert isinstance(on, date)
        return reimbursement.record_rate(
            uow,
            actor=s.actor,
            base=fields.get("base", "").strip().upper(),
            quote=fields.get("quote", "").strip().upper(),
            rate=typed_number(fields.get("rate", ""), web.language(request, s)),
            on=on,
            source=fields.get("source", "").strip(),
            now=web.clock(request).now(),
            tolerance=web.clock(request).tolerance,
        )

    return _act(request, fields, "done.rate_recorded", call)


@router.post("/ledger/conversions", response_class=HTMLResponse)
async def convert_overdue(request: Request) -> Response:
    fields = _text(await request.form())
    on = _day(fields, "on")

    def call(s: web.WebSession, uow: Any) -> Any:
        _given(on)
        assert isinstance(on, date)
        agreement = fields.get("agreement", "").strip()[:MAX_ID] or None
        clock = web.clock(request)
        return reimbursement.convert_overdue(
            uow, actor=s.actor, on=on, agreement_id=agreement, now=clock.now(), tolerance=clock.tolerance
        )

    return _act(request, fields, "done.converted", call)


@router.post("/ledger/price-lists", response_class=HTMLResponse)
async def import_price_list(request: Request) -> Response:
    form = await request.form()
    fields = _text(form)
    upload = form.get("file")
    content = await upload.read(MAX_FILE_BYTES + 1) if isinstance(upload, UploadFile) else b""
    name = (upload.filename or "") if isinstance(upload, UploadFile) else ""
    # the file counts in the one-time key's fingerprint: the same form with another file is another request
    fields["file_sha256"] = hashlib.sha256(content).hexdigest()
    start, end = _day(fields, "valid_from", required=False), _day(fields, "valid_until", required=False)

    def call(s: web.WebSession, uow: Any) -> Any:
        _given(start, end)
        header, items = read_price_list(content, name)
        valid_from = start or _iso(header.get("valid_from"), "valid_from")
        if not isinstance(valid_from, date):
            raise InvalidInput(day_required("valid_from"))
        until = end or _iso(header.get("valid_until"), "valid_until")
        return add_price_list(
            uow,
            actor=s.actor,
            supplying_party=str(header.get("supplying_party") or s.actor.party or ""),
            facility_id=fields.get("facility", "").strip()[:MAX_ID] or header.get("facility_id") or None,
            valid_from=valid_from,
            valid_until=until if isinstance(until, date) else None,
            source=fields.get("source", "").strip() or str(header.get("source") or ""),
            items=items,
            now=web.clock(request).now(),
        )

    return _act(request, fields, "done.price_list_imported", call)


def read_price_list(content: bytes, name: str) -> tuple[dict[str, Any], list[PriceItemInput]]:
    """The file's header (JSON only: supplying_party, facility_id, valid_from, valid_until, source) and items."""
    if not content:
        raise InvalidInput.of("file", "price_list_no_file", "choose a CSV or JSON file of the price list")
    if len(content) > MAX_FILE_BYTES:
        raise InvalidInput.of("file", "file_too_large", "the file may be at most {limit} bytes", limit=MAX_FILE_BYTES)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput.of("file", "file_not_utf8", "the file is not UTF-8 text") from None
    if name.lower().endswith(".json") or text.lstrip()[:1] in ("{", "["):
        return _json(text)
    return {}, _csv(text)


def _json(text: str) -> tuple[dict[str, Any], list[PriceItemInput]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput.of("file", "not_valid_json", "not valid JSON: {msg}", msg=exc.msg) from None
    header = data if isinstance(data, dict) else {}
    rows = data.get("items") if isinstance(data, dict) else data
    if not isinstance(rows, list):
        raise InvalidInput.of("file", "price_list_json_items", "JSON: give an object with items, or the list of items")
    return header, [_item(row, i) for i, row in enumerate(rows)]


def _csv(text: str) -> list[PriceItemInput]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ITEM_COLUMNS[:4] if c not in (reader.fieldnames or [])]
    if missing:
        raise InvalidInput.of(
            "file",
            "price_list_csv_columns",
            "CSV: the first row names the columns; missing {missing}",
            missing=", ".join(missing),
        )
    return [_item(row, i) for i, row in enumerate(reader)]


def _item(row: object, i: int) -> PriceItemInput:
    if not isinstance(row, dict):
        raise InvalidInput.of(
            f"items[{i}]", "price_list_not_an_item", "is not an item (item_code, unit, price, currency, description)"
        )
    got = {c: str(row.get(c) or "").strip() for c in ITEM_COLUMNS}
    return PriceItemInput(got["item_code"], got["unit"], got["price"], got["currency"].upper(), got["description"])


def _iso(value: object, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput.of(
            name, "not_iso_day", "{value!r} is not a day (YYYY-MM-DD)", value=str(value)[:20]
        ) from None
