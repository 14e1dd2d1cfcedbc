"""A settlement statement laid out as CSV or PDF, with English and Russian headings.

CSV: one row per item, the columns `section, section_ru, ...` then the item's fields (a wide,
sparse table a spreadsheet filters by section). PDF: one table per section with bilingual
headings, in DejaVu Sans (Cyrillic): Debian package fonts-dejavu-core.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape

from relos.domain.errors import InvalidInput
from relos.services.documents import use_pdf_font
from relos.services.ledger.results import Statement

#: Section headings: key -> (English, Russian).
SECTIONS: dict[str, tuple[str, str]] = {
    "orders": ("Support orders", "Заявки на обеспечение"),
    "deliveries": ("Deliveries and receipts", "Поставки и их приёмка"),
    "obligations": ("Reimbursement obligations", "Обязательства по возмещению"),
    "satisfactions": ("Deliveries in kind", "Возмещение в натуральной форме"),
    "conversions": ("In-kind debts turned into cash debts", "Натуральные обязательства, переведённые в денежные"),
    "invoices": ("Invoices", "Счета"),
    "payments": ("Payments", "Платежи"),
    "transactions": ("Ledger transactions", "Проводки"),
    "opening": ("Opening balances", "Входящие остатки"),
    "movements": ("Movements in the period", "Обороты за период"),
    "closing": ("Closing balances", "Исходящие остатки"),
    "netting": ("Net position", "Сальдо взаимных расчётов"),
    "ageing": ("Ageing of open items (days)", "Анализ задолженности по срокам (дни)"),
    "overdue": ("Overdue", "Просроченная задолженность"),
    "nearly_due": ("Falling due within 30 days", "Срок наступает в течение 30 дней"),
    "ceilings": ("Annual ceilings", "Годовые лимиты"),
}
TITLE = ("Settlement statement", "Акт сверки взаимных расчётов")


def rows_by_section(statement: Statement) -> list[tuple[str, Sequence[Mapping[str, Any]]]]:
    """The statement's lists in reading order, flattened to plain rows."""
    balances = statement["balances"]
    netting = statement["netting"]
    net_rows: list[Mapping[str, Any]] = [
        {
            "scope": scope,
            "currency": cur,
            "amount": amount,
            "party": netting["party"],
            "counterparty": netting["counterparty"],
        }
        for scope, per_currency in (
            ("cash", netting["cash_per_currency"]),
            ("in_kind", netting["in_kind_per_currency"]),
        )
        for cur, amount in per_currency.items()
    ]
    settlement: Mapping[str, Any] | None = netting["settlement"]
    if settlement:
        net_rows.append({"scope": "settlement", **{k: v for k, v in settlement.items() if k != "conversions"}})
        net_rows += [{"scope": "rate", **c} for c in settlement.get("conversions", [])]
    flat: dict[str, Sequence[Mapping[str, Any]]] = {
        "orders": [_flat(o) for o in statement["orders"]],
        "deliveries": [_flat(d) for d in statement["deliveries"]],
        "obligations": statement["obligations"],
        "satisfactions": statement["satisfactions"],
        "conversions": statement["conversions"],
        "invoices": statement["invoices"],
        "payments": statement["payments"],
        "transactions": statement["transactions"],
        "opening": balances["opening"],
        "movements": balances["movements"],
        "closing": balances["closing"],
        "netting": net_rows,
        "ageing": statement["ageing"],
        "overdue": statement["overdue"],
        "nearly_due": statement["nearly_due"],
        "ceilings": statement["ceilings"],
    }
    return [(key, flat[key]) for key in SECTIONS]


def _flat(item: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in item.items():
        if isinstance(v, dict):
            out.update({f"{k}.{kk}": vv for kk, vv in v.items() if not isinstance(vv, list | dict)})
        elif isinstance(v, list):
            out[k] = "; ".join(_short(x) for x in v)
        else:
            out[k] = v
    return out


def _short(x: Any) -> str:
    if isinstance(x, dict):
        return ", ".join(f"{k}={v}" for k, v in x.items() if not isinstance(v, list | dict))
    return str(x)


def to_csv(statement: Statement) -> str:
    sections = rows_by_section(statement)
    columns: list[str] = []
    for _, rows in sections:
        for row in rows:
            columns += [c for c in row if c not in columns]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "section_en", "section_ru", *columns])
    period = statement["period"]
    writer.writerow(["statement", TITLE[0], TITLE[1], *([""] * len(columns))])
    writer.writerow(["period", period["label"], f"{period['start']}..{period['end']}", *([""] * len(columns))])
    for key, rows in sections:
        en, ru = SECTIONS[key]
        for row in rows:
            writer.writerow([key, en, ru, *(_cell(row.get(c)) for c in columns)])
    return out.getvalue()


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def to_pdf(statement: Statement) -> bytes:
    """The statement as a PDF (A4 landscape), bilingual headings; needs reportlab and DejaVu Sans."""
    try:
        from reportlab.lib import colors
        from reportlab.lib.pagesizes import A4, landscape
        from reportlab.lib.styles import getSampleStyleSheet
        from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise InvalidInput.for_field(
            "format", "PDF needs the reportlab package (pip install 'reportlab>=4,<5')"
        ) from exc
    use_pdf_font()
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        if hasattr(style, "fontName"):
            style.fontName = "DejaVuSans"
    small = styles["BodyText"].clone("small", fontSize=6.5, leading=8)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=landscape(A4), leftMargin=24, rightMargin=24, topMargin=24, bottomMargin=24)
    agreement, period = statement["agreement"], statement["period"]
    story: list[Any] = [
        Paragraph(f"{TITLE[0]} / {TITLE[1]}", styles["Title"]),
        Paragraph(
            f"{agreement['short_name']} ({agreement['id']}): {' – '.join(agreement['parties'])}; "
            f"period / период {period['label']} [{period['start']} .. {period['end']}); "
            f"as of / на дату {statement['as_of']}",
            styles["BodyText"],
        ),
        Spacer(1, 8),
    ]
    for key, rows in rows_by_section(statement):
        en, ru = SECTIONS[key]
        story.append(Paragraph(f"{en} / {ru} ({len(rows)})", styles["Heading3"]))
        if not rows:
            story.append(Paragraph("— none / нет —", small))
            continue
        columns = [c for c in rows[0] if c not in ("description",)][:10]
        data = [[Paragraph(c, small) for c in columns]]
        # a cell is text, not markup: a note like "see <attached>" must not break the page
        data += [[Paragraph(escape(_cell(r.get(c))[:80]), small) for c in columns] for r in rows[:2000]]
        table = Table(data, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(table)
        if len(rows) > 2000:
            story.append(Paragraph(f"… {len(rows) - 2000} more rows in the CSV / JSON form", small))
    doc.build(story)
    return buf.getvalue()
