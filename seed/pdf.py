"""PDF → plan with pdfplumber: lines of text outside tables, and each ruled table as a grid.

A cell pdfplumber returns as None is covered by a merged cell: from the left in a row holding one
text (a group row), else from above (seed/grid.py carries it down). A table running on over a
page break is one table. A PDF without a text layer (a scan) or one that needs a password is
refused with a SourceError saying so.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pdfplumber

from seed.grid import LEFT, UP, Cell, Grid, GridText
from seed.parse_tables import header_kind
from seed.parse_types import ParsedPlan
from seed.source_errors import SourceError

_PAGE_NUMBER = re.compile(r"[-—–\s]*\d{1,4}[-—–\s]*|第\s*\d{1,4}\s*页(?:\s*共\s*\d{1,4}\s*页)?")


def parse_pdf(data: bytes) -> ParsedPlan:
    """The plan in a PDF: text lines outside tables, and each table as a grid."""
    builder = GridText()
    for block in pdf_blocks(data):
        if isinstance(block, str):
            builder.line(block)
        else:
            builder.grid(block)
    return builder.parse()


def pdf_blocks(data: bytes) -> list[str | Grid]:
    """Lines and table grids in reading order; a table running on over a page break is one."""
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
    blocks: list[str | Grid] = []
    chars = 0
    with document:
        for page in document.pages:
            chars += len(page.chars)
            page_blocks = _page_blocks(page)
            if page_blocks and not isinstance(page_blocks[0], str):
                last = _last_grid(blocks)
                first = page_blocks[0]
                if last is not None and len(last[0]) == len(first[0]) and not _header(first[0]):
                    last.extend(first)  # the table goes on from the page before
                    page_blocks = page_blocks[1:]
            blocks.extend(page_blocks)
    if chars == 0:
        raise SourceError(
            "The PDF has no text layer (a scanned image?). Run it through OCR or import the "
            "original Word or text file."
        )
    return blocks


def _last_grid(blocks: list[str | Grid]) -> Grid | None:
    for block in reversed(blocks):
        if isinstance(block, str):
            if _PAGE_NUMBER.fullmatch(block.strip()):
                continue  # a page number between the two parts of the table
            return None
        return block
    return None


def _header(row: list[Cell]) -> bool:
    return sum(1 for c in row if isinstance(c, str) and header_kind(c)) >= 2


def _grid(rows: list[list[str | None]]) -> Grid:
    grid: Grid = []
    for row in rows:
        filled = [i for i, c in enumerate(row) if c]
        out: list[Cell] = []
        for i, cell in enumerate(row):
            if cell is not None:
                out.append(" ".join(cell.split()))
            elif filled and len(filled) == 1 and i > filled[0]:
                out.append(LEFT)  # one text spanning the row
            else:
                out.append(UP if grid else "")
        grid.append(out)
    return grid


def _page_blocks(page: Any) -> list[str | Grid]:
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

    placed: list[tuple[float, str | Grid]] = []
    prose = page.filter(outside) if boxes else page
    for line in prose.extract_text_lines():
        if line["text"].strip():
            placed.append((line["top"], line["text"].strip()))
    for table in tables:
        placed.append((table.bbox[1], _grid(table.extract())))
    placed.sort(key=lambda b: b[0])
    return [block for _, block in placed]
