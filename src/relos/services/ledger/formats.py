"""The settlement statement as a CSV file or a PDF, in English or Russian, laid out as the document a finance
officer signs and sends (services.ledger.statement_document): the heading, who owes whom in words, then each
table with its title in both languages.

CSV: the document top to bottom, one table after another (a title row, a row of column heads, the rows, a blank
row), so a spreadsheet shows it as it reads. PDF: A4 landscape; ids, dates and figures are never broken across
lines; a signature block for each party closes it. It needs reportlab and DejaVu Sans (Debian:
fonts-dejavu-core), which covers Cyrillic.
"""

from __future__ import annotations

import csv
import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from relos.domain.errors import InvalidInput
from relos.services.documents import FONT, use_pdf_font
from relos.services.ledger.results import Statement
from relos.services.ledger.statement_document import Document, Section, statement_document
from relos.services.ledger.statement_words import NBSP, Language, Words

#: Rows a PDF table prints before pointing to the CSV and JSON forms.
PDF_ROW_LIMIT = 2000
BOLD_FONT = FONT.with_name("DejaVuSans-Bold.ttf")
MONO_FONT = FONT.with_name("DejaVuSansMono.ttf")


def to_csv(statement: Statement, language: Language = "en") -> str:
    doc = statement_document(statement, language)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([f"{doc.title} / {doc.title_other}"])
    for label, value in doc.facts:
        writer.writerow([label, value])
    writer.writerow([])
    writer.writerow([Words(language)("who_owes")])
    for line in (*doc.owing, *doc.settlement, *doc.warnings):
        writer.writerow([line])
    writer.writerow([doc.owing_note])
    for section in doc.sections:
        writer.writerow([])
        writer.writerow([f"{section.title} / {section.title_other}"])
        writer.writerow([c.head for c in section.columns])
        writer.writerows([cell.text for cell in row] for row in section.rows)
        if section.note:
            writer.writerow([section.note])
    if doc.empty:
        writer.writerow([])
        writer.writerow([f"{Words(language)('nothing_in')}: {'; '.join(doc.empty)}"])
    return out.getvalue()


def _fonts() -> tuple[str, str, str]:
    """(regular, bold, monospaced) font names, registered with reportlab once."""
    regular = use_pdf_font()
    names = [regular]
    for path in (BOLD_FONT, MONO_FONT):
        name = path.stem.replace("-", "")
        if not path.exists():
            raise InvalidInput.of(
                "format",
                "pdf_needs_font_apt_get_2",
                "PDF needs the font {path} (apt-get install fonts-dejavu-core)",
                path=path,
            )
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(path)))
        names.append(name)
    return names[0], names[1], names[2]


class _Styles:
    """The PDF's paragraph styles."""

    def __init__(self) -> None:
        regular, bold, mono = _fonts()
        self.regular = regular

        def style(name: str, size: float, font: str = regular, **kw: Any) -> ParagraphStyle:
            return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.25, **kw)

        self.title, self.subtitle = style("title", 16, bold), style("subtitle", 10, textColor=colors.grey)
        self.body, self.small = style("body", 8.5), style("small", 7)
        self.strong = style("strong", 10.5, bold, spaceAfter=2)
        self.warn = style("warn", 9, bold, textColor=colors.firebrick)
        self.heading = style("heading", 11, bold, spaceBefore=10, spaceAfter=3, keepWithNext=1)
        self.lead = style("lead", 7, keepWithNext=1)  # a section's note, kept with its table
        self.cell, self.head = style("cell", 7), style("head", 7, bold)
        self.num, self.ref = style("num", 7, alignment=TA_RIGHT), style("ref", 6.3, mono)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    """Text as a paragraph: escaped, so a note like "see <attached>" is printed, not read as markup."""
    return Paragraph(escape(text), style)


def to_pdf(statement: Statement, language: Language = "en") -> bytes:
    """The statement as a PDF (A4 landscape) in `language`; needs reportlab and DejaVu Sans."""
    s = _Styles()
    doc = statement_document(statement, language)
    w = Words(language)
    page = landscape(A4)
    margin = 14 * mm
    width = page[0] - 2 * margin
    facts = Table(
        [[_p(k, s.head), _p(v, s.body)] for k, v in doc.facts],
        colWidths=[0.18 * width, 0.82 * width],
        style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]),
    )
    story: list[Any] = [_p(doc.title, s.title), _p(doc.title_other, s.subtitle), Spacer(1, 6), facts, Spacer(1, 8)]
    story += [_p(w.both("who_owes"), s.heading), *(_p(line, s.strong) for line in doc.owing)]
    story += [_p(line, s.body) for line in doc.settlement]
    story += [_p(line, s.warn) for line in doc.warnings]
    story.append(_p(doc.owing_note, s.small))
    for section in doc.sections:
        story += _section(section, width, s, w)
    if doc.empty:
        story += [Spacer(1, 6), _p(f"{w('nothing_in')}: {'; '.join(doc.empty)}.", s.small)]
    story.append(KeepTogether(_signatures(doc, w, width, s)))
    label = f"{doc.title} · {statement['agreement']['short_name']} · {statement['period']['label']}"

    def footer(canvas: Any, _doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(s.regular, 7)
        canvas.setFillColor(colors.grey)
        canvas.drawString(margin, margin / 2, label)
        canvas.drawRightString(page[0] - margin, margin / 2, str(canvas.getPageNumber()))
        canvas.restoreState()

    buf = io.BytesIO()
    pdf = SimpleDocTemplate(
        buf, pagesize=page, leftMargin=margin, rightMargin=margin, topMargin=margin, bottomMargin=margin, title=label
    )
    pdf.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()


#: A cell's padding on each side (reportlab's default), in points.
PAD = 6.0


def _widths(section: Section, width: float, s: _Styles) -> list[float]:
    """Each column's width: at least its longest unbreakable piece (an id, a date, a figure: these never wrap),
    the rest of the page shared by the columns' weights; a table too wide for that takes the excess from the
    columns with room to spare."""
    mins: list[float] = []
    for i, c in enumerate(section.columns):
        style = s.ref if c.reference else s.num if c.numeric else s.cell
        pieces = [piece for row in section.rows[:PDF_ROW_LIMIT] for piece in row[i].text.split(" ")]
        widest = max((stringWidth(x, style.fontName, style.fontSize) for x in pieces), default=0.0)
        head = max(stringWidth(x, s.head.fontName, s.head.fontSize) for x in c.head.split(" "))
        mins.append(max(widest, head) + 2 * PAD)
    weights = sum(c.width for c in section.columns) or 1.0
    widths = [max(m, width * c.width / weights) for m, c in zip(mins, section.columns, strict=True)]
    excess = sum(widths) - width
    room = sum(w - m for w, m in zip(widths, mins, strict=True))
    if excess > 0 and room > 0:
        widths = [w - (w - m) * min(1.0, excess / room) for w, m in zip(widths, mins, strict=True)]
    return widths


def _section(section: Section, width: float, s: _Styles, w: Words) -> list[Any]:
    """One table: titled in both languages, ids in full, figures to the right, heads repeated on each page."""
    widths = _widths(section, width, s)
    data: list[list[Any]] = [[_p(c.head, s.head) for c in section.columns]]
    data += [
        [
            _p(x.text, s.ref if x.reference else s.num if c.numeric else s.cell)
            for c, x in zip(section.columns, row, strict=True)
        ]
        for row in section.rows[:PDF_ROW_LIMIT]
    ]
    grid = Table(data, colWidths=widths, repeatRows=1)
    grid.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.92, 0.95)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    out: list[Any] = [_p(f"{section.title} / {section.title_other} ({len(section.rows)})", s.heading)]
    if section.note:
        out.append(_p(section.note, s.lead))
    out.append(grid)
    if len(section.rows) > PDF_ROW_LIMIT:
        out.append(_p(f"… {len(section.rows) - PDF_ROW_LIMIT}{NBSP}{w('more_rows')}", s.small))
    return out


def _signatures(doc: Document, w: Words, width: float, s: _Styles) -> list[Any]:
    """A block for each party's officer: name and post, signature, date."""
    line = "_" * 40
    cells = [
        [
            _p(who, s.strong),
            Paragraph(f"{line}<br/>{escape(w('sign_name'))}", s.small),
            Paragraph(f"{line}<br/>{escape(w('sign_signature'))}", s.small),
            Paragraph(f"{line}<br/>{escape(w('sign_date'))}", s.small),
        ]
        for who in doc.parties
    ]
    grid = Table(
        [[c[i] for c in cells] for i in range(4)],
        colWidths=[width / max(len(cells), 1)] * len(cells),
        style=TableStyle([("TOPPADDING", (0, 1), (-1, -1), 14), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]),
    )
    return [Spacer(1, 18), grid]
