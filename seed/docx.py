"""`.docx` bytes → plan tree: paragraphs and tables in document order (python-docx).

Paragraphs become lines and tables grids of the one table model (seed/grid.py): a vertically
merged cell is UP below its first row, a horizontally merged one LEFT, so merged cells keep
pointing at the one place their text appears.
"""

from __future__ import annotations

import io
import re
from typing import Any

from docx import Document
from docx.table import Table

from seed.grid import LEFT, UP, Cell, Grid, GridText
from seed.parse_types import ParsedDocument, ParsedPlan, ParsedWarning


def parse_docx(data: bytes) -> ParsedPlan:
    """Parse a Word plan; a file python-docx cannot open gives an empty plan with a warning."""
    try:
        document = Document(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 — any unreadable upload is reported, not raised
        empty = ParsedDocument(None, None, None, None, (), None)
        warning = ParsedWarning(f"not a readable .docx file: {type(error).__name__}", 0, 0)
        return ParsedPlan("", empty, (), (), (warning,))
    builder = GridText()
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            builder.grid(_grid(block))
        else:
            builder.line(block.text)
    return builder.parse()


def _cell_text(cell: Any) -> str:
    return re.sub(r"[\t\r\n]+", " ", " ".join(p.text for p in cell.paragraphs)).strip()


def _grid(table: Table) -> Grid:
    """The table's cells; a vertically merged cell is UP below its first row, a gridSpan LEFT."""
    grid: Grid = []
    above: list[Any] = []
    for row in table.rows:
        cells = list(row.cells)
        out: list[Cell] = []
        for col, cell in enumerate(cells):
            if col < len(above) and above[col]._element is cell._element:
                out.append(UP)
            elif col and cells[col - 1]._element is cell._element:
                out.append(LEFT)
            else:
                out.append(_cell_text(cell))
        grid.append(out)
        above = cells
    return grid
