"""PDF → plan text with pdfplumber: lines of text outside tables, and each table as TAB rows.

A cell pdfplumber returns as None (covered by a merged cell) is written empty, so the text table
reader carries the merged cell down. A PDF without a text layer (a scan) or one that needs a
password is refused with a SourceError saying so.
"""

from __future__ import annotations

import io
from typing import Any

import pdfplumber

from seed.source_errors import SourceError


def pdf_text(data: bytes) -> str:
    """The text of a PDF plan, page by page, tables written as TAB-separated rows."""
    try:
        document = pdfplumber.open(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 — pdfminer raises many kinds for one cause
        name = type(error).__name__
        causes = " ".join(type(e).__name__ for e in (error, *error.args) if e is not None)
        if "Password" in causes or "Encrypt" in causes:
            raise SourceError(
                "The PDF is encrypted (it needs a password). Save an unprotected copy and "
                "import that."
            ) from None
        raise SourceError(f"The file is not a readable PDF ({name}).") from None
    lines: list[str] = []
    chars = 0
    with document:
        for page in document.pages:
            chars += len(page.chars)
            lines.extend(_page_lines(page))
    if chars == 0:
        raise SourceError(
            "The PDF has no text layer (a scanned image?). Run it through OCR or import the "
            "original Word or text file."
        )
    return "\n".join(lines) + "\n"


def _page_lines(page: Any) -> list[str]:
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj: dict[str, Any]) -> bool:
        return not any(
            x0 <= obj["x0"]
            and obj["x1"] <= x1 + 1
            and top - 1 <= obj["top"]
            and obj["bottom"] <= bottom + 1
            for x0, top, x1, bottom in boxes
        )

    blocks: list[tuple[float, list[str]]] = []
    prose = page.filter(outside) if boxes else page
    for line in prose.extract_text_lines():
        blocks.append((line["top"], [line["text"].strip()]))
    for table in tables:
        rows = []
        for row in table.extract():
            cells = [" ".join((c or "").split()) for c in row]
            if any(cells):
                rows.append("\t".join(cells))
        blocks.append((table.bbox[1], rows))
    blocks.sort(key=lambda b: b[0])
    return [line for _, group in blocks for line in group if line]
