"""PDF → plan with pdfplumber: lines of text outside tables, and each ruled table as a grid.

A cell pdfplumber returns as None is covered by a merged cell: from the left in a row holding one
text (a group row), else from above (seed/grid.py carries it down). A table running on over a
page break is one table. A PDF without a text layer (a scan) or one that needs a password is
refused with a SourceError saying so.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

import pdfplumber

from seed.grid import LEFT, UP, Cell, Grid, GridText
from seed.parse_lexicon import fold, looks_like_unit, match_label
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
    open_paragraph = False
    with document:
        for page in document.pages:
            chars += len(page.chars)
            page_blocks, continued, ends_open = _page_blocks(page)
            if open_paragraph and continued and blocks and isinstance(blocks[-1], str):
                first = page_blocks.pop(0)
                assert isinstance(first, str)
                blocks[-1] += first  # a paragraph broken by the page break
            open_paragraph = ends_open
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


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _cell_lines(cell: str) -> str:
    """A cell's lines joined: 推进政务服务标 / 准化 run on; 市发改委 / 市财政局 stay two names."""
    text = ""
    for line in (part.strip() for part in cell.splitlines()):
        if not line:
            continue
        last = re.split(r"[、,，\s]", text)[-1] if text else ""
        run_on = (
            _CJK.match(line[0]) is not None
            and bool(last)
            and _CJK.match(last[-1]) is not None
            and not (looks_like_unit(last) and looks_like_unit(re.split(r"[、,，\s]", line)[0]))
        )
        text = f"{text}{line}" if run_on or not text else f"{text} {line}"
    return " ".join(text.split())


def _grid(rows: list[list[str | None]]) -> Grid:
    grid: Grid = []
    for row in rows:
        filled = [i for i, c in enumerate(row) if c]
        out: list[Cell] = []
        for i, cell in enumerate(row):
            if cell is not None:
                out.append(_cell_lines(cell))
            elif filled and len(filled) == 1 and i > filled[0]:
                out.append(LEFT)  # one text spanning the row
            else:
                out.append(UP if grid else "")
        grid.append(out)
    return grid


def _page_number(line: dict[str, Any], height: float) -> bool:
    """A page number in the top or bottom margin (a bare 3 inside the page is a 序号 cell)."""
    in_margin = line["top"] > height * 0.88 or line["bottom"] < height * 0.08
    return in_margin and _PAGE_NUMBER.fullmatch(line["text"].strip()) is not None


@dataclass
class _Prose:
    """A page's paragraphs, whether the first may go on from the page before (not indented, no
    label) and whether the last runs to the right margin (may go on on the next page)."""

    paragraphs: list[tuple[float, str]]
    opens_continued: bool = False
    ends_open: bool = False


def _cells_by_gaps(line: dict[str, Any], size: float) -> str:
    """A line's text with a tab where a wide gap parts two cells of a table drawn without rules."""
    chars = [c for c in line.get("chars", []) if c["text"].strip()]
    if not chars:
        return str(line["text"]).strip()
    out = [chars[0]["text"]]
    for before, char in zip(chars, chars[1:], strict=False):
        gap = char["x0"] - before["x1"]
        if gap > size * 0.8:
            out.append("\t")
        elif gap > size * 0.25:
            out.append(" ")
        out.append(char["text"])
    return "".join(out).strip()


def _paragraphs(lines: list[dict[str, Any]], height: float) -> _Prose:
    """Join the lines of a paragraph the page wrapped: a line reaching the right margin goes on
    in the next one unless that one is indented (a new paragraph) or opens with a label (2. …)."""
    lines = [line for line in lines if not _page_number(line, height)]
    if not lines:
        return _Prose([])
    left = min(line["x0"] for line in lines)
    right = max(line["x1"] for line in lines)
    prose = _Prose([])
    full = False
    for n, line in enumerate(lines):
        size = (line["bottom"] - line["top"]) or 10.0
        text = _cells_by_gaps(line, size)
        fresh = line["x0"] > left + size * 0.8 or match_label(fold(text), 0, len(text)) is not None
        fresh = (
            fresh or "\t" in text or "\t" in (prose.paragraphs[-1][1] if prose.paragraphs else "")
        )
        if n == 0:
            prose.opens_continued = not fresh
        if prose.paragraphs and full and not fresh:
            top, before = prose.paragraphs[-1]
            prose.paragraphs[-1] = (top, before + text)
        else:
            prose.paragraphs.append((line["top"], text))
        full = line["x1"] >= right - size * 1.5
    prose.ends_open = full
    return prose


def _page_blocks(page: Any) -> tuple[list[str | Grid], bool, bool]:
    """The page's blocks in reading order, whether its first paragraph may go on from the page
    before, and whether its last paragraph may go on on the next page."""
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
    lines = [line for line in prose.extract_text_lines() if line["text"].strip()]
    paragraphs = _paragraphs(lines, float(page.height))
    for top, text in paragraphs.paragraphs:
        placed.append((top, text))
    for table in tables:
        placed.append((table.bbox[1], _grid(table.extract())))
    placed.sort(key=lambda b: b[0])
    blocks = [block for _, block in placed]
    first_prose = bool(blocks) and isinstance(blocks[0], str)
    last_prose = bool(blocks) and isinstance(blocks[-1], str)
    return blocks, first_prose and paragraphs.opens_continued, last_prose and paragraphs.ends_open
