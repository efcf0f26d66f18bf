"""Issue 17 items 2, 3 and bad input: web pages and PDFs to plans; files that hold no plan."""

from __future__ import annotations

import pytest

from seed.parse import ParsedPlan, Role
from seed.source_errors import SourceError
from seed.sources import MAX_FILE_BYTES, parse_bytes
from tests.parse.pdfs import encrypted_pdf, plan_pdf, scanned_pdf

L, C = Role.LEAD, Role.CO_RESPONSIBLE

PAGE = """<!DOCTYPE html><html><head><title>政务公开</title>
<script>var a = "（市外星局负责）";</script></head><body><nav>首页 | 政务公开 | 市发改委</nav>
<h1>某市政务诚信建设任务分工方案</h1>
<p>一、主要任务</p>
<p>（一）推进信用建设（市发改委牵头，市财政局配合，2018年底前完成）。</p>
<table>
<tr><th>序号</th><th>工作任务</th><th>牵头单位</th><th>配合单位</th><th>完成时限</th></tr>
<tr><td colspan="5">二、重点工作</td></tr>
<tr><td>1</td><td>健全信用制度</td><td rowspan="2">市发改委</td><td>市司法局</td>
<td>2019年底前</td></tr>
<tr><td>2</td><td>完善信用标准</td><td>市市场监管局、<br>市统计局</td><td>2020年底前</td></tr>
</table>
<footer>主办：市政府办公室</footer></body></html>"""

EXPECTED = {
    "一.(一)": [("市发改委", L), ("市财政局", C)],
    "二.1": [("市发改委", L), ("市司法局", C)],
    "二.2": [("市发改委", L), ("市市场监管局", C), ("市统计局", C)],
}


def assigned(plan: ParsedPlan) -> dict[str, list[tuple[str, Role]]]:
    return {".".join(t.path): [(a.unit, a.role) for a in t.assignments] for t in plan.tasks}


def deadlines(plan: ParsedPlan) -> list[str | None]:
    return [t.deadline.text if t.deadline else None for t in plan.tasks]


@pytest.mark.parametrize(
    "data",
    [
        PAGE.encode("utf-8"),
        PAGE.replace("<head>", '<head><meta charset="gb2312">').encode("gb18030"),
        PAGE.replace(
            "<head>", '<head><meta http-equiv="Content-Type" content="text/html; charset=GBK">'
        ).encode("gb18030"),
    ],
    ids=["utf-8", "gb2312", "gbk-http-equiv"],
)
def test_web_page_text_and_tables(data: bytes) -> None:
    plan = parse_bytes(data)
    assert assigned(plan) == EXPECTED  # nav, script and footer are not the plan
    assert deadlines(plan) == ["2018年底前", "2019年底前", "2020年底前"]
    assert plan.document.title == "某市政务诚信建设任务分工方案"
    for task in plan.tasks:
        for a in task.assignments:
            assert plan.text[a.start : a.end] == a.unit


def test_pdf_text_and_a_table_with_a_merged_cell() -> None:
    data = plan_pdf(
        [
            "某市政务诚信建设任务分工方案",
            "一、主要任务",
            "（一）推进信用建设（市发改委牵头，市财政局配合，2018年底前完成）。",
            "二、重点工作",
        ],
        [
            ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"],
            ["1", "健全信用制度", "市发改委", "市司法局", "2019年底前"],
            ["2", "完善信用标准", "", "市市场监管局、市统计局", "2020年底前"],
        ],
        [(2, 1, 2)],
    )
    plan = parse_bytes(data)
    assert assigned(plan) == EXPECTED
    assert deadlines(plan) == ["2018年底前", "2019年底前", "2020年底前"]
    for task in plan.tasks:
        for a in task.assignments:
            assert plan.text[a.start : a.end] == a.unit


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (scanned_pdf(), "no text layer"),
        (encrypted_pdf(), "encrypted"),
        (b"<!DOCTYPE html><html><body><p>\xe6\xac\xa2\xe8\xbf\x8e</p></body></html>", "no plan"),
        (bytes(range(256)) * 40, "binary"),
        (b"x" * (MAX_FILE_BYTES + 1), "MB"),
    ],
    ids=["scanned-pdf", "encrypted-pdf", "html-without-plan", "binary-as-text", "too-large"],
)
def test_files_without_a_readable_plan(data: bytes, said: str) -> None:
    with pytest.raises(SourceError, match=said):
        parse_bytes(data)
