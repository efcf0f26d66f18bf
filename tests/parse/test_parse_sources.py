"""Issue 17 items 2, 3 and bad input: web pages and PDFs to plans; files that hold no plan."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest

from seed.parse import ParsedPlan, Role, parse_plan
from seed.source_errors import SourceError
from seed.sources import MAX_FILE_BYTES, parse_bytes
from tests.parse.pdfs import encrypted_pdf, plan_pdf, prose_pdf, scanned_pdf

FIXTURES = Path(__file__).parent / "fixtures"

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


HARD_PAGE = """<html><head><meta charset="utf-8"></head><body><div class="content"><div>
<p>某区优化营商环境任务分工方案</p>
<p>以下各项任务均需各街道落实，区政府督查室负责督促检查，不再单独列出。</p>
<table border="1"><thead>
<tr><th>序号</th><th>类别</th><th>重点任务</th><th>推进单位</th><th>指导部门</th><th>完成时限</th></tr>
</thead><tbody>
<tr><td colspan="6">一、政务服务</td></tr>
<tr><td>1</td><td rowspan="3">审批改革</td><td>推行“一网通办”</td>
<td>区政务服务中心、区大数据局</td>
<td rowspan="2">市政务服务中心</td><td>2024年底前</td></tr>
<tr><td>2</td><td>压缩审批时限</td><td rowspan="2">区行政审批局</td><td>每季度</td></tr>
<tr><td>3</td><td>推行告知承诺制</td><td></td><td>2025年6月底前</td></tr>
<tr><td colspan="6">二、市场监管</td></tr>
<tr><td>4</td><td>信用监管</td><td>推进信用分级分类监管</td><td>区市场监管局</td><td>市市场监管局</td>
<td>长期坚持</td></tr>
</tbody></table>
<p>附件2</p>
<table border="1"><tr><th>序号</th><th>项目名称</th><th>责任单位</th><th>总投资（万元）</th></tr>
<tr><td>1</td><td>政务服务大厅改造</td><td>区政务服务中心</td><td>1200</td></tr></table>
</div></div></body></html>"""


def test_web_page_with_merged_cells_group_rows_and_a_project_table() -> None:
    plan = parse_bytes(HARD_PAGE.encode())
    found = {".".join(t.path): [(a.unit, a.role.value) for a in t.assignments] for t in plan.tasks}
    carried = [("各街道", "CO_RESPONSIBLE"), ("区政府督查室", "GUIDE")]
    assert found == {
        "一.1": [
            ("区政务服务中心", "LEAD"),
            ("区大数据局", "CO_RESPONSIBLE"),
            ("市政务服务中心", "GUIDE"),
            *carried,
        ],
        # in text order: the merged 指导部门 cell stands in the row above
        "一.2": [("市政务服务中心", "GUIDE"), ("区行政审批局", "LEAD"), *carried],
        "一.3": [("区行政审批局", "LEAD"), *carried],
        "二.4": [("区市场监管局", "LEAD"), ("市市场监管局", "GUIDE"), *carried],
    }
    assert [s.title for s in plan.sections] == ["政务服务", "市场监管"]
    assert deadlines(plan) == ["2024年底前", "每季度", "2025年6月底前", "长期坚持"]
    # a merged cell points at the one place its text stands
    lead_two, lead_three = (
        next(a for a in task.assignments if a.role is Role.LEAD) for task in plan.tasks[1:3]
    )
    assert (lead_two.start, lead_two.end) == (lead_three.start, lead_three.end)
    assert plan.text[lead_two.start : lead_two.end] == "区行政审批局"


def test_pdf_table_running_over_a_page_break() -> None:
    rows = [["序号", "工作任务", "责任单位", "完成时限"]]
    rows += [
        [str(n), f"推进第{n}项重点工作", "市发改委、市财政局", "2025年底前"] for n in range(1, 71)
    ]
    plan = parse_bytes(plan_pdf(["某市重点工作分工方案", "一、重点任务"], rows, []))
    assert len(plan.tasks) == 70
    assert [t.path[-1] for t in plan.tasks] == [str(n) for n in range(1, 71)]
    assert {tuple((a.unit, a.role.value) for a in t.assignments) for t in plan.tasks} == {
        (("市发改委", "LEAD"), ("市财政局", "CO_RESPONSIBLE"))
    }


def _reading(plan: ParsedPlan) -> list[tuple[object, ...]]:
    return [
        (
            t.path,
            t.title,
            tuple((a.unit, a.role, a.rule) for a in t.assignments),
            t.deadline.text if t.deadline else None,
        )
        for t in plan.tasks
    ]


@pytest.mark.parametrize(
    "name",
    ["wuwei-2017-integrity-task-plan", "national-style-plan", "provincial-table-plan"],
)
def test_a_test_plan_printed_to_pdf_reads_as_its_text(name: str) -> None:
    text = (FIXTURES / f"{name}.txt").read_text("utf-8")
    data = prose_pdf(text)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) >= 2  # wrapped lines and a page break are part of the test
    assert _reading(parse_bytes(data)) == _reading(parse_plan(text))


def test_web_page_laid_out_in_tables() -> None:
    inner = PAGE.split("<body>", 1)[1].split("</body>", 1)[0]
    page = (
        '<html><head><meta charset="utf-8"></head><body><table width="100%"><tr><td>'
        '<table><tr><td><a href="/">首页</a></td><td><a href="/zwgk">政务公开</a></td></tr></table>'
        f"</td></tr><tr><td>{inner}</td></tr></table></body></html>"
    )
    plan = parse_bytes(page.encode())
    assert assigned(plan) == EXPECTED
    assert deadlines(plan) == ["2018年底前", "2019年底前", "2020年底前"]


def test_web_page_table_with_a_two_row_header() -> None:
    page = """<html><body><p>一、重点任务</p><table>
<tr><th rowspan="2">序号</th><th rowspan="2">工作任务</th><th colspan="2">责任单位</th>
<th rowspan="2">完成时限</th></tr>
<tr><th>牵头单位</th><th>配合单位</th></tr>
<tr><td>1</td><td>建立信用档案</td><td>市发改委</td><td>市财政局、市统计局</td><td>2019年底前</td></tr>
</table></body></html>"""
    plan = parse_bytes(page.encode())
    assert assigned(plan) == {
        "一.1": [("市发改委", L), ("市财政局", C), ("市统计局", C)],
    }
    assert deadlines(plan) == ["2019年底前"]


def test_web_page_unit_cell_with_line_breaks() -> None:
    page = """<html><body><p>一、重点任务</p><table>
<tr><th>序号</th><th>工作任务</th><th>牵头单位</th><th>配合单位</th></tr>
<tr><td>1</td><td><p>建立信用档案</p></td><td>市发改委</td>
<td><p>市财政局</p><p>市统计局</p>各县区政府<br>市直有关部门</td></tr>
</table></body></html>"""
    assert assigned(parse_bytes(page.encode())) == {
        "一.1": [
            ("市发改委", L),
            ("市财政局", C),
            ("市统计局", C),
            ("各县区政府", C),
            ("市直有关部门", C),
        ],
    }


def test_pdf_cells_over_several_lines() -> None:
    data = plan_pdf(
        ["一、重点任务"],
        [
            ["序号", "工作任务", "牵头单位", "配合单位"],
            ["1", "推进政务服务标\n准化建设", "市政务服务中心", "市发改委\n市财政局"],
            ["2", "推进数据共享", "市大数据局", "市发展改革委、市财\n政局、各县区政府"],
        ],
        [],
    )
    plan = parse_bytes(data)
    assert [t.title for t in plan.tasks] == ["推进政务服务标准化建设", "推进数据共享"]
    assert assigned(plan) == {
        "一.1": [("市政务服务中心", L), ("市发改委", C), ("市财政局", C)],
        "一.2": [("市大数据局", L), ("市发展改革委", C), ("市财政局", C), ("各县区政府", C)],
    }


def test_pdf_table_drawn_without_rules() -> None:
    rows = [
        ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"],
        ["1", "健全信用制度", "市发改委", "市司法局", "2019年底前"],
        ["2", "完善信用标准", "市市场监管局", "市统计局、市财政局", "2020年底前"],
    ]
    plan = parse_bytes(plan_pdf(["一、重点工作"], rows, [], ruled=False))
    assert assigned(plan) == {
        "一.1": [("市发改委", L), ("市司法局", C)],
        "一.2": [("市市场监管局", L), ("市统计局", C), ("市财政局", C)],
    }
    assert deadlines(plan) == ["2019年底前", "2020年底前"]


def test_district_web_plan_corpus_page() -> None:
    """A self-written district plan page (GB2312 declared, GB18030 bytes) with each form."""
    plan = parse_bytes((FIXTURES / "district-web-plan.html").read_bytes())
    assert plan.document.title == "某区优化营商环境三年行动方案（试行）"
    assert plan.document.doc_number == "某政办发〔2023〕15号"
    carried = [("各街道办事处", C, "CARRY_FORWARD"), ("区政府督查室", Role.GUIDE, "CARRY_FORWARD")]
    G = Role.GUIDE
    found = {
        ".".join(t.path): [(a.unit, a.role, a.rule) for a in t.assignments] for t in plan.tasks
    }
    assert found == {
        "二.(一)": [
            ("区行政审批局", L, "EXPLICIT"),
            ("区大数据中心", C, "EXPLICIT"),
            ("各责任主体", C, "EXPLICIT"),  # the collective the plan defines
            *carried,
        ],
        "二.(二)": [
            ("区市场监管局", L, "CONVENTION"),
            ("区税务局", C, "CONVENTION"),
            ("有关部门", C, "CONVENTION"),
            *carried,
        ],
        "二.(三)": [
            ("区发改委", L, "EXPLICIT"),
            ("区市场监管局", C, "EXPLICIT"),
            ("有关部门", C, "EXPLICIT"),
            *carried,
        ],
        "二.(四)": [("区营商局", L, "CONVENTION"), *carried],
        # a requirement's subjects (各街道、各部门要…), as the importer has always read them
        "三.(一)": [("各街道", L, "SUBJECT"), ("各部门", L, "SUBJECT")],
        "三.(五).1": [("区自然资源局", L, "CONVENTION"), ("市自然资源局", G, "TABLE")],
        "三.(五).2": [("区自然资源局", L, "CONVENTION")],
        "三.(五).3": [
            ("区人社局", L, "EXPLICIT"),
            ("区总工会", C, "EXPLICIT"),
            ("市人社局", G, "TABLE"),
        ],
    }
    assert [t.title for t in plan.tasks][:4] == [
        "深化“放管服”改革",
        "优化企业开办服务",
        "加强信用监管",
        "定期报送工作进展",
    ]
    assert [(t.deadline.text, t.deadline.rule) if t.deadline else None for t in plan.tasks] == [
        ("2023年12月底前", None),
        ("2023年6月底前", None),
        None,
        ("每季度", "QUARTERLY"),
        None,
        ("2024年底前", None),
        ("每年12月底前", "YEARLY:12-31"),
        ("长期坚持", None),
    ]
    assert "市外星局" not in plan.text  # the script is not the page's text
    assert not [w for w in plan.warnings if "unrecognised" in w.message]
