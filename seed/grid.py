"""Real tables (Excel sheets, HTML ``<table>``, PDF tables) → plan text and task tables.

The one table model for sources that know their cells: each table is a grid whose cells are
text, or UP / LEFT for a cell covered by a merged cell above or to the left. The text holds one
line per paragraph and one line per table row (cells joined by a tab, a covered cell empty); a
task table (its header read by parse_tables over the whole column vocabulary) is handed to the
parser already read, so a merged cell counts for every row under it and keeps pointing at the
one place its text appears. A row whose only text is one cell is a group row (a section heading
when numbered). Text tables found in the prose (flattened ones) are read as well.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import Enum

from seed.parse import parse_with_tables
from seed.parse_lexicon import fold
from seed.parse_structure import line_spans
from seed.parse_tables import (
    TableRow,
    TextTable,
    find_text_tables,
    header_kind,
    task_table,
    usable_header,
)
from seed.parse_types import ParsedPlan

Span = tuple[int, int]


class Covered(Enum):
    """A grid cell covered by a merged cell: from the row above or the column to the left."""

    UP = "UP"
    LEFT = "LEFT"


UP, LEFT = Covered.UP, Covered.LEFT
Cell = str | Covered
Grid = list[list[Cell]]


def _clean(cell: str) -> str:
    return " ".join(cell.replace("\t", " ").split())


@dataclass
class _Pending:
    columns: list[str]
    header_line: int
    items: list[tuple[str, int, list[Span | None]]] = field(default_factory=list)


@dataclass
class GridText:
    """Builds the text of a document of paragraphs and grids, then parses it."""

    parts: list[str] = field(default_factory=list)
    size: int = 0
    tables: list[_Pending] = field(default_factory=list)

    def line(self, text: str) -> int:
        text = text.replace("\n", " ")
        at = self.size
        self.parts.append(text + "\n")
        self.size += len(text) + 1
        return at

    def grid(self, grid: Grid) -> None:
        rows = [row for row in grid if any(isinstance(c, str) and c.strip() for c in row)]
        header_at = next((i for i, row in enumerate(rows[:4]) if _columns(row)), None)
        if header_at is None:
            # not a task table (or a layout table): its cells as paragraphs, once each
            for row in rows:
                for cell in row:
                    if isinstance(cell, str) and cell.strip():
                        self.line(_clean(cell))
            return
        for row in rows[:header_at]:  # a title row above the header
            self.line(" ".join(_clean(c) for c in row if isinstance(c, str) and c.strip()))
        header = rows[header_at]
        body_at = header_at + 1
        if body_at < len(rows) and (two := _two_row_header(header, rows[body_at])) is not None:
            # 责任单位 over 牵头单位 | 配合单位: the second header row names the columns
            self.line("\t".join(_texts(header)))
            header, body_at = two, body_at + 1
        columns = _columns(header) or []
        pending = _Pending(columns, self.line("\t".join(_texts(header))))
        above: list[Span | None] = [None] * len(header)
        for row in rows[body_at:]:
            texts = [_clean(c) for c in row if isinstance(c, str) and c.strip()]
            if len(texts) == 1 and UP not in row:
                at = next(i for i, c in enumerate(row) if isinstance(c, str) and c.strip())
                if LEFT in row or at >= len(columns) or columns[at] in ("serial", "other"):
                    # one text alone, spanning the row or in its first column: a group row
                    pending.items.append(("heading", self.line(texts[0]), []))
                    above = [None] * len(header)
                    continue
            offset = self.size
            cells: list[str] = []
            spans: list[Span | None] = []
            for col in range(len(header)):
                cell = row[col] if col < len(row) else ""
                if cell is UP:
                    cells.append("")
                    spans.append(above[col] if col < len(above) else None)
                    continue
                if cell is LEFT:
                    cells.append("")
                    spans.append(spans[-1] if spans else None)
                    continue
                text = _clean(cell) if isinstance(cell, str) else ""
                start = offset + sum(len(t) + 1 for t in cells)
                cells.append(text)
                spans.append((start, start + len(text)) if text else None)
            above = spans
            self.line("\t".join(cells))
            pending.items.append(("row", offset, spans))
        self.tables.append(pending)

    def parse(self) -> ParsedPlan:
        text = "".join(self.parts)
        folded = fold(text)
        lines = line_spans(folded)
        starts = [s for s, _ in lines]

        def line_at(offset: int) -> int:
            return max(0, bisect.bisect_right(starts, offset) - 1)

        tables: list[TextTable] = []
        for pending in self.tables:
            first = line_at(pending.header_line)
            table = TextTable(first, first, pending.columns)
            for kind, offset, spans in pending.items:
                index = line_at(offset)
                table.last_line = max(table.last_line, index)
                if kind == "heading":
                    table.items.append(index)
                elif (row := _row(text, pending.columns, spans, offset, table)) is not None:
                    table.items.append(row)
            tables.append(table)
        taken = {i for t in tables for i in range(t.first_line, t.last_line + 1)}
        for found in find_text_tables(folded, lines):
            if not any(i in taken for i in range(found.first_line, found.last_line + 1)):
                tables.append(found)
        tables.sort(key=lambda t: t.first_line)
        return parse_with_tables(text, tables)


def _two_row_header(first: list[Cell], second: list[Cell]) -> list[Cell] | None:
    """The header a second header row completes (its cells header words or covered), or None."""
    named = [isinstance(c, str) and c.strip() and header_kind(_clean(c)) for c in second]
    words = [c for c in second if isinstance(c, str) and c.strip()]
    if not any(named) or not all(header_kind(_clean(c)) for c in words):
        return None
    combined: list[Cell] = [
        second[i] if i < len(second) and named[i] else first[i] for i in range(len(first))
    ]
    combined = [c if isinstance(c, str) else "" for c in combined]
    return combined if _columns(combined) else None


def _texts(row: list[Cell]) -> list[str]:
    return [_clean(c) if isinstance(c, str) else "" for c in row]


def _columns(row: list[Cell]) -> list[str] | None:
    texts = _texts(row)
    if not task_table(texts):
        return None
    # a header cell the vocabulary does not know (工作标准, 备注说明) is a column to keep out
    kinds: list[str | None] = [(header_kind(t) if t else None) or "other" for t in texts]
    if sum(1 for t in texts if t) < 2:
        return None
    columns = usable_header(kinds, min_columns=2)
    return columns if columns is not None and len(columns) == len(row) else None


def _row(
    text: str, columns: list[str], spans: list[Span | None], offset: int, table: TextTable
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
    count = sum(1 for item in table.items if isinstance(item, TableRow))
    name = text[slice(*serial)].strip() if serial else str(count + 1)
    end = offset + len(text[offset:].split("\n", 1)[0])
    return TableRow(serial, name, serial[0] if serial else offset, end, cells)
