"""Issue 17 item 1 for Excel: any task sheet through the one table model; the matrix as before."""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import Workbook

from seed.parse import Role
from seed.sources import parse_bytes

L, C, G = Role.LEAD, Role.CO_RESPONSIBLE, Role.GUIDE


def workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["某县2024年重点改革任务台账"])
    sheet.merge_cells("A1:F1")
    sheet.append(["序号", "类别", "改革任务", "责任部门", "指导部门", "完成时间"])
    sheet.append(["一、要素市场改革"])
    sheet.merge_cells("A3:F3")
    sheet.append(
        [1, "土地", "深化土地要素改革", "县自然资源局、县发改局", "市自然资源局", "2024年底前"]
    )
    due = datetime(2024, 9, 30)  # noqa: DTZ001 — an Excel date cell is naive
    sheet.append([2, None, "盘活存量建设用地", None, None, due])
    sheet.merge_cells("B4:B5")
    sheet.merge_cells("D4:D5")
    sheet.append([3, "数据", "培育数据要素市场", "县大数据中心", None, "每半年"])
    projects = book.create_sheet("项目表")
    projects.append(["序号", "项目名称", "责任单位", "总投资（万元）"])
    projects.append([1, "产业园道路", "县住建局", 3000])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_task_sheet_with_merged_cells_and_a_project_sheet() -> None:
    plan = parse_bytes(workbook())
    found = {
        ".".join(t.path): [(a.unit, a.role, a.rule) for a in t.assignments] for t in plan.tasks
    }
    assert found == {
        "一.1": [
            ("县自然资源局", L, "CONVENTION"),
            ("县发改局", C, "TABLE"),
            ("市自然资源局", G, "TABLE"),
        ],
        # 责任部门 merged over rows 1–2; the empty 指导部门 cell of row 2 means none
        "一.2": [("县自然资源局", L, "CONVENTION"), ("县发改局", C, "TABLE")],
        "一.3": [("县大数据中心", L, "CONVENTION")],
    }
    assert [t.deadline.text if t.deadline else None for t in plan.tasks] == [
        "2024年底前",
        "2024年9月30日",
        "每半年",
    ]
    assert [t.title for t in plan.tasks] == [
        "深化土地要素改革",
        "盘活存量建设用地",
        "培育数据要素市场",
    ]
    assert [s.title for s in plan.sections] == ["要素市场改革"]
    for task in plan.tasks:
        for a in task.assignments:
            assert plan.text[a.start : a.end] == a.unit
