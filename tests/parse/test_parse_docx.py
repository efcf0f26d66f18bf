"""Word plans generated in the test: paragraphs and tables in document order."""

from __future__ import annotations

import io
from datetime import date

from docx import Document

from seed.docx import parse_docx
from seed.parse import Role

L, C = Role.LEAD, Role.CO_RESPONSIBLE


def _docx() -> bytes:
    doc = Document()
    doc.add_paragraph("某市优化营商环境重点任务分工方案")
    doc.add_paragraph("某市人民政府办公室")
    doc.add_paragraph("2019年4月2日")
    doc.add_paragraph("一、深化改革")
    table = doc.add_table(rows=5, cols=5)
    for col, header in enumerate(["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]):
        table.cell(0, col).text = header
    rows = [
        [
            "1",
            "建立企业开办一窗通办机制。压缩开办时间。",
            "市市场监管局",
            "市公安局、市税务局",
            "2019年6月底前",
        ],
        ["2", "推进工程建设项目审批制度改革。", "", "市发改委", "2019年12月底前"],
        ["3", "开展营商环境评价。", "市发改委", "市统计局", "每年12月底前"],
    ]
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row):
            if value:
                table.cell(r, c).text = value
    table.cell(1, 2).merge(table.cell(2, 2))  # 牵头单位 merged over rows 1–2
    table.cell(4, 0).merge(table.cell(4, 4)).text = "二、保障措施"
    doc.add_paragraph("（一）加强组织领导。各县区、各部门要高度重视。（市政府办公室负责）")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def test_docx_tables_and_paragraphs() -> None:
    plan = parse_docx(_docx())
    text = plan.text
    assert plan.document.title == "某市优化营商环境重点任务分工方案"
    assert plan.document.issuer == "某市人民政府办公室"
    assert plan.document.issued_on == date(2019, 4, 2)
    got = {".".join(t.path): [(a.unit, a.role) for a in t.assignments] for t in plan.tasks}
    assert got == {
        "一.1": [("市市场监管局", L), ("市公安局", C), ("市税务局", C)],
        "一.2": [("市市场监管局", L), ("市发改委", C)],
        "一.3": [("市发改委", L), ("市统计局", C)],
        "二.(一)": [("市政府办公室", L)],
    }
    for task in plan.tasks:
        for a in task.assignments:
            assert text[a.start : a.end] == a.unit
    merged = plan.tasks[1].assignments[0]
    assert merged.start == plan.tasks[0].assignments[0].start  # points at the one written cell
    assert [t.title for t in plan.tasks[:3]] == [
        "建立企业开办一窗通办机制",
        "推进工程建设项目审批制度改革",
        "开展营商环境评价",
    ]
    deadlines = [t.deadline for t in plan.tasks[:3]]
    assert [d.due_on if d else None for d in deadlines] == [
        date(2019, 6, 30),
        date(2019, 12, 31),
        None,
    ]
    assert deadlines[2] is not None
    assert deadlines[2].rule == "YEARLY:12-31"
    assert [s.path for s in plan.sections] == [("一",), ("二",)]
    assert text[plan.tasks[0].start] == "1"


def test_docx_plain_paragraph_plan() -> None:
    doc = Document()
    for line in ["一、重点任务", "1.建立专项督导机制。(责任单位:市政府督查室,各县区政府)"]:
        doc.add_paragraph(line)
    buffer = io.BytesIO()
    doc.save(buffer)
    plan = parse_docx(buffer.getvalue())
    assert [(a.unit, a.role) for a in plan.tasks[0].assignments] == [
        ("市政府督查室", L),
        ("各县区政府", C),
    ]


def test_docx_non_task_table_is_read_as_text() -> None:
    doc = Document()
    doc.add_paragraph("1.推进改革。（市发改委负责）")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "姓名"
    table.cell(0, 1).text = "电话"
    buffer = io.BytesIO()
    doc.save(buffer)
    plan = parse_docx(buffer.getvalue())
    assert len(plan.tasks) == 1
    assert "姓名" in plan.text


def test_unreadable_docx_warns() -> None:
    plan = parse_docx(b"not a zip file")
    assert plan.tasks == ()
    assert plan.warnings[0].message.startswith("not a readable .docx")


def test_word_table_with_guide_column_group_rows_and_a_title_row() -> None:
    doc = Document()
    doc.add_paragraph("某区数字政府建设任务分工")
    table = doc.add_table(rows=6, cols=5)
    table.cell(0, 0).merge(table.cell(0, 4)).text = "附件：重点任务分工表"
    for col, header in enumerate(["序号", "重点任务", "实施主体", "指导部门", "时间节点"]):
        table.cell(1, col).text = header
    table.cell(2, 0).merge(table.cell(2, 4)).text = "（一）基础设施"
    for r, row in enumerate(
        [
            ["1", "建设政务云平台", "区大数据局", "市大数据局", "2024年底前"],
            ["2", "整合政务专网", "区委网信办、区大数据局", "", "2025年6月底前"],
        ],
        3,
    ):
        for c, value in enumerate(row):
            if value:
                table.cell(r, c).text = value
    table.cell(5, 0).merge(table.cell(5, 4)).text = "（二）应用建设"
    buffer = io.BytesIO()
    doc.save(buffer)
    plan = parse_docx(buffer.getvalue())
    found = {
        ".".join(t.path): [(a.unit, a.role, a.rule) for a in t.assignments] for t in plan.tasks
    }
    assert found == {
        "(一).1": [("区大数据局", L, "CONVENTION"), ("市大数据局", Role.GUIDE, "TABLE")],
        "(一).2": [("区委网信办", L, "CONVENTION"), ("区大数据局", C, "TABLE")],
    }
    assert [t.deadline.text if t.deadline else None for t in plan.tasks] == [
        "2024年底前",
        "2025年6月底前",
    ]


def test_two_column_word_table() -> None:
    doc = Document()
    doc.add_paragraph("一、重点任务")
    table = doc.add_table(rows=3, cols=2)
    for r, (task, units) in enumerate(
        [
            ("主要任务", "责任单位"),
            ("建设信用平台", "市发改委、市财政局"),
            ("开展诚信宣传", "市委宣传部"),
        ]
    ):
        table.cell(r, 0).text = task
        table.cell(r, 1).text = units
    buffer = io.BytesIO()
    doc.save(buffer)
    plan = parse_docx(buffer.getvalue())
    assert [[(a.unit, a.role) for a in t.assignments] for t in plan.tasks] == [
        [("市发改委", L), ("市财政局", C)],
        [("市委宣传部", L)],
    ]
    assert [t.title for t in plan.tasks] == ["建设信用平台", "开展诚信宣传"]
