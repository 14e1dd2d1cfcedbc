"""What every generated document shares: the Cyrillic font of the PDFs (statements and notices).

DejaVu Sans covers Latin and Cyrillic; Debian ships it as fonts-dejavu-core.
"""

from __future__ import annotations

from pathlib import Path

from relos.domain.errors import InvalidInput

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT_NAME = "DejaVuSans"


def use_pdf_font() -> str:
    """Register DejaVu Sans with reportlab (once) and return its name; a clear error names the package if missing."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if not FONT.exists():
        raise InvalidInput.of(
            "format",
            "pdf_needs_font_apt_get",
            "PDF needs the font {FONT} (apt-get install fonts-dejavu-core)",
            FONT=FONT,
        )
    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(FONT)))
    return FONT_NAME
