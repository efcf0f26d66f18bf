"""Excel workbooks other than dutygraph's own matrix → plan, through the one table model.

Each sheet is a grid (seed/grid.py): a cell inside a merged range is UP when the range's first
cell is above it in the same column, LEFT otherwise, so a merged 牵头单位 or 类别 cell counts for
every row it spans. The header is read over the whole column vocabulary (推进单位, 指导部门,
责任部门, 实施主体 …). A sheet whose header is the exported matrix's (序号 | 工作任务 | 牵头单位 |
配合单位 …) is read by seed/matrix.py, which keeps the task codes.
"""

from __future__ import annotations

import io
from datetime import date, datetime

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from seed.grid import LEFT, UP, Cell, Grid, GridText
from seed.matrix import MATRIX_HEADER, read_matrix
from seed.parse_types import ParsedPlan


def parse_workbook(data: bytes) -> ParsedPlan:
    """The plan in a workbook: the exported matrix as such, any other sheet as grids."""
    book = load_workbook(io.BytesIO(data), data_only=True)
    sheets = [_grid(sheet) for sheet in book.worksheets if isinstance(sheet, Worksheet)]
    first = sheets[0] if sheets else []
    for row in first[:4]:
        texts = tuple(c.strip() if isinstance(c, str) else "" for c in row[: len(MATRIX_HEADER)])
        if texts[:4] == MATRIX_HEADER[:4]:
            return read_matrix(data)
    builder = GridText()
    for grid in sheets:
        builder.grid(grid)
    return builder.parse()


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value).strip()


def _grid(sheet: Worksheet) -> Grid:
    rows: Grid = [[_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:
        top, left = merged.min_row - 1, merged.min_col - 1
        for r in range(top, min(merged.max_row, len(rows))):
            for c in range(left, min(merged.max_col, len(rows[r]))):
                if (r, c) != (top, left):
                    cover: Cell = UP if c == left else LEFT
                    rows[r][c] = cover
    return rows
