"""PDFs the tests make from the test plans (reportlab, CID font STSong-Light), with a table."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
_STYLE = ParagraphStyle("plan", fontName="STSong-Light", fontSize=10, leading=14)


def plan_pdf(
    paragraphs: list[str],
    rows: list[list[str]],
    spans: list[tuple[int, int, int]],
    *,
    ruled: bool = True,
) -> bytes:
    """A PDF of `paragraphs` then a table of `rows` (ruled, or drawn without lines); spans
    (column, first, last) merge cells."""
    buffer = io.BytesIO()
    table = Table(rows)
    style: list[tuple[object, ...]] = [("FONTNAME", (0, 0), (-1, -1), "STSong-Light")]
    if ruled:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    style += [("SPAN", (c, a), (c, b)) for c, a, b in spans]
    table.setStyle(TableStyle(style))
    document = SimpleDocTemplate(buffer, pagesize=A4)
    document.build([*(Paragraph(p, _STYLE) for p in paragraphs), table])
    return buffer.getvalue()


def scanned_pdf() -> bytes:
    """A page with drawing only and no text layer, as a scan gives."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.rect(100, 100, 300, 500, fill=1)
    page.showPage()
    page.save()
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, encrypt="secret")
    page.setFont("STSong-Light", 12)
    page.drawString(100, 700, "一、任务")
    page.showPage()
    page.save()
    return buffer.getvalue()


def prose_pdf(text: str) -> bytes:
    """A plan's text typeset as a PDF: one indented paragraph a line, wrapped at the margin, over
    several pages with a page number in the footer (as printed plans are)."""
    style = ParagraphStyle(
        "prose", fontName="STSong-Light", fontSize=14, leading=22, firstLineIndent=28
    )
    buffer = io.BytesIO()

    def footer(page: canvas.Canvas, _document: object) -> None:
        page.setFont("STSong-Light", 9)
        page.drawCentredString(A5[0] / 2, 20, f"- {page.getPageNumber()} -")

    document = SimpleDocTemplate(buffer, pagesize=A5)
    paragraphs = [Paragraph(escape(line), style) for line in text.splitlines() if line.strip()]
    document.build(paragraphs, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
