"""`.docx` bytes → plan tree: paragraphs and tables in document order (python-docx).

The extracted text holds one line per paragraph and one line per table row (cells joined by a
tab; a vertically merged cell is written once, in its first row). Task tables are handed to the
parser already read, so merged cells keep pointing at the one place their text appears.
"""

from __future__ import annotations

import bisect
import io
import re
from typing import Any

from docx import Document
from docx.table import Table

from seed.parse import parse_with_tables
from seed.parse_lexicon import fold
from seed.parse_structure import line_spans
from seed.parse_tables import TableRow, TextTable, header_kind, usable_header
from seed.parse_types import ParsedDocument, ParsedPlan, ParsedWarning

Span = tuple[int, int]


def parse_docx(data: bytes) -> ParsedPlan:
    """Parse a Word plan; a file python-docx cannot open gives an empty plan with a warning."""
    try:
        document = Document(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 — any unreadable upload is reported, not raised
        empty = ParsedDocument(None, None, None, None, (), None)
        warning = ParsedWarning(f"not a readable .docx file: {type(error).__name__}", 0, 0)
        return ParsedPlan("", empty, (), (), (warning,))
    builder = _TextBuilder()
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            builder.table(block)
        else:
            builder.line(block.text)
    return builder.finish()


def _cell_text(cell: Any) -> str:
    return re.sub(r"[\t\r\n]+", " ", " ".join(p.text for p in cell.paragraphs)).strip()


class _PendingTable:
    def __init__(self, columns: list[str], header_at: int) -> None:
        self.columns = columns
        self.header_at = header_at
        self.items: list[tuple[str, int, Any]] = []  # ("row", line offset, cells) / ("heading", …)


class _TextBuilder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.tables: list[_PendingTable] = []

    def line(self, text: str) -> int:
        text = text.replace("\n", " ")
        at = self.size
        self.parts.append(text + "\n")
        self.size += len(text) + 1
        return at

    def table(self, table: Table) -> None:
        rows = list(table.rows)
        if not rows:
            return
        header = _distinct(rows[0].cells)
        columns = usable_header([header_kind(_cell_text(c)) for c in header])
        if columns is None or len(columns) != len(header):
            for row in rows:
                for cell in _distinct(row.cells):
                    self.line(_cell_text(cell))
            return
        pending = _PendingTable(columns, self.line("\t".join(_cell_text(c) for c in header)))
        above: dict[int, tuple[Any, Span]] = {}
        for row in rows[1:]:
            cells = _distinct(row.cells)
            if len(cells) == 1:  # a category row spanning the table
                pending.items.append(("heading", self.line(_cell_text(cells[0])), None))
                above = {}
                continue
            texts: list[str] = []
            spans: list[Span | None] = []
            offset = self.size
            grid = list(row.cells)[: len(columns)]
            for col, cell in enumerate(grid):
                seen = above.get(col)
                if seen is not None and seen[0]._element is cell._element:
                    texts.append("")
                    spans.append(seen[1])
                    continue
                if col and grid[col - 1]._element is cell._element:
                    texts.append("")
                    spans.append(spans[-1])
                    continue
                text = _cell_text(cell)
                start = offset + sum(len(t) + 1 for t in texts)
                texts.append(text)
                spans.append((start, start + len(text)))
                above[col] = (cell, (start, start + len(text)))
            self.line("\t".join(texts))
            pending.items.append(("row", offset, spans))
        self.tables.append(pending)

    def finish(self) -> ParsedPlan:
        text = "".join(self.parts)
        folded = fold(text)
        lines = line_spans(folded)
        starts = [s for s, _ in lines]

        def line_at(offset: int) -> int:
            return max(0, bisect.bisect_right(starts, offset) - 1)

        tables: list[TextTable] = []
        for pending in self.tables:
            first = line_at(pending.header_at)
            table = TextTable(first, first, pending.columns)
            for kind, offset, spans in pending.items:
                index = line_at(offset)
                table.last_line = max(table.last_line, index)
                if kind == "heading":
                    table.items.append(index)
                elif (
                    row := _row(text, pending.columns, spans, offset, len(table.items))
                ) is not None:
                    table.items.append(row)
            tables.append(table)
        return parse_with_tables(text, tables)


def _distinct(cells: tuple[Any, ...]) -> list[Any]:
    out: list[Any] = []
    for cell in cells:
        if not out or out[-1]._element is not cell._element:
            out.append(cell)
    return out


def _row(
    text: str, columns: list[str], spans: list[Span | None], offset: int, count: int
) -> TableRow | None:
    cells: dict[str, list[Span]] = {}
    serial: Span | None = None
    for kind, span in zip(columns, spans, strict=False):
        if span is None or span[1] <= span[0]:
            continue
        if kind == "serial":
            serial = span
        elif span not in cells.get(kind, []):
            cells.setdefault(kind, []).append(span)
    if "task" not in cells:
        return None
    name = text[slice(*serial)].strip() if serial else str(count + 1)
    end = offset + len(text[offset:].split("\n", 1)[0])
    start = serial[0] if serial else offset
    return TableRow(serial, name, start, end, cells)
