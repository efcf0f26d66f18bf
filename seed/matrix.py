"""The responsibility matrix (任务分工表) as an Excel workbook: writing one from rows, and
reading one back into a parsed plan for the same preview/confirm import as text plans."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from seed.parse_annotations import split_units
from seed.parse_deadlines import find_deadlines
from seed.parse_lexicon import fold
from seed.parse_types import (
    ParsedAssignment,
    ParsedDocument,
    ParsedPlan,
    ParsedTask,
    ParsedWarning,
    Role,
)

MATRIX_HEADER = ("序号", "工作任务", "牵头单位", "配合单位", "完成时限", "状态", "最新进展")
LEAD_HEADERS = ("牵头单位", "责任单位", "推进单位", "牵头部门", "责任部门")
CO_HEADERS = ("配合单位", "参与单位", "配合部门", "协办单位")
TASK_HEADERS = ("工作任务", "主要任务", "任务", "工作内容", "重点任务")
DEADLINE_HEADERS = ("完成时限", "时间节点", "完成时间", "时限")
#: Labels of the document rows between the title and the header (so a re-import keeps them).
ISSUER_LABEL, ISSUED_ON_LABEL, DOC_NUMBER_LABEL = "发文单位", "印发日期", "文号"


@dataclass(frozen=True)
class MatrixRow:
    """One task of the matrix as a person reads it."""

    code: str
    title: str
    lead: Sequence[str]
    co_responsible: Sequence[str]
    deadline: str = ""
    status: str = ""
    latest_progress: str = ""


def write_sheet(
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    document: Sequence[tuple[str, str]] = (),
) -> bytes:
    """A one-sheet workbook: the title in A1 followed by the ``document`` cells (``发文单位：…``),
    the header in row 2, then the rows."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "任务分工表"[:31]
    sheet.append([title, *(f"{label}：{value}" for label, value in document)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(list(header))
    header_row = 2
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(["" if value is None else value for value in row])
    widths = {"A": 12, "B": 48, "C": 28, "D": 36, "E": 16, "F": 12, "G": 40}
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def matrix_xlsx(
    title: str, rows: Iterable[MatrixRow], document: Sequence[tuple[str, str]] = ()
) -> bytes:
    return write_sheet(
        title,
        MATRIX_HEADER,
        (
            (
                r.code,
                r.title,
                "、".join(r.lead),
                "、".join(r.co_responsible),
                r.deadline,
                r.status,
                r.latest_progress,
            )
            for r in rows
        ),
        document,
    )


def zip_kind(data: bytes) -> str | None:
    """``"docx"`` or ``"xlsx"`` for an Office file (a zip), else None."""
    if data[:2] != b"PK":
        return None
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        return None
    if any(name.startswith("word/") for name in names):
        return "docx"
    if any(name.startswith("xl/") for name in names):
        return "xlsx"
    return None


def cell_span(row: list[str], line_start: int, column: int | None) -> tuple[int, int]:
    """Where a cell of a rendered row stands in the plan text (empty span when missing)."""
    if column is None or column >= len(row):
        return (line_start, line_start)
    offset = line_start + sum(len(cell) + 1 for cell in row[:column])
    return (offset, offset + len(row[column]))


def _column(header: list[str], names: Sequence[str]) -> int | None:
    for index, cell in enumerate(header):
        if any(name in cell for name in names):
            return index
    return None


def read_matrix(data: bytes) -> ParsedPlan:
    """A parsed plan from a matrix workbook (first sheet). The plan's text is the sheet rendered
    one row a line with tab-separated cells, so spans point at the cells they came from."""
    sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    cells = [
        ["" if v is None else str(v).strip() for v in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    lines = ["\t".join(row).rstrip("\t") for row in cells]
    text = "\n".join(lines) + "\n"
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    header_at = next(
        (
            i
            for i, row in enumerate(cells)
            if _column(row, TASK_HEADERS) is not None and _column(row, LEAD_HEADERS) is not None
        ),
        None,
    )
    if header_at is None:
        warning = ParsedWarning("no header row with 工作任务 and 牵头单位/责任单位 columns", 0, 0)
        return ParsedPlan(
            text, ParsedDocument(None, None, None, None, (), None), (), (), (warning,)
        )
    header = cells[header_at]
    title = next((row[0] for row in cells[:header_at] if row and row[0]), None)
    labelled = dict(
        cell.split("：", 1)
        for row in cells[:header_at]
        for cell in row[1:]
        if cell.split("：", 1)[0] in (ISSUER_LABEL, ISSUED_ON_LABEL, DOC_NUMBER_LABEL)
    )
    try:
        issued_on = date.fromisoformat(labelled.get(ISSUED_ON_LABEL, "")[:10])
    except ValueError:
        issued_on = None
    task_col = _column(header, TASK_HEADERS)
    lead_col = _column(header, LEAD_HEADERS)
    co_col = _column(header, CO_HEADERS)
    deadline_col = _column(header, DEADLINE_HEADERS)
    code_col = _column(header, ("序号", "编号"))
    folded = fold(text)
    tasks: list[ParsedTask] = []
    warnings: list[ParsedWarning] = []
    for index in range(header_at + 1, len(cells)):
        row = cells[index]
        line_start = starts[index]

        task_start, task_end = cell_span(row, line_start, task_col)
        if task_start == task_end:
            continue
        assignments: list[ParsedAssignment] = []
        for column, role in ((lead_col, Role.LEAD), (co_col, Role.CO_RESPONSIBLE)):
            start, end = cell_span(row, line_start, column)
            for s, e in split_units(folded, start, end):
                assignments.append(ParsedAssignment(text[s:e], role, s, e, False, "TABLE"))
        if not any(a.role == Role.LEAD for a in assignments):
            warnings.append(ParsedWarning("row without a lead unit", task_start, task_end))
        code = row[code_col] if code_col is not None and code_col < len(row) else ""
        path = tuple(part for part in (code or str(len(tasks) + 1)).split(".") if part)
        d_start, d_end = cell_span(row, line_start, deadline_col)
        deadlines = find_deadlines(text, folded, d_start, d_end, loose=True) if d_end else []
        tasks.append(
            ParsedTask(
                path=path,
                section_path=(),
                title=text[task_start:task_end][:500],
                body=text[task_start:task_end],
                start=line_start,
                end=starts[index + 1] - 1,
                assignments=tuple(assignments),
                deadline=deadlines[0] if deadlines else None,
            )
        )
    document = ParsedDocument(
        title,
        labelled.get(DOC_NUMBER_LABEL),
        labelled.get(ISSUER_LABEL),
        issued_on,
        (),
        None,
    )
    return ParsedPlan(text, document, (), tuple(tasks), tuple(warnings))
