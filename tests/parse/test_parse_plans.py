"""Whole plans in different house styles: national, provincial with a web-copied table, local."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest

from seed.parse import ParsedPlan, Role, parse_plan

FIXTURES = Path(__file__).parent / "fixtures"
L, C, G = Role.LEAD, Role.CO_RESPONSIBLE, Role.GUIDE


def _roles(plan: ParsedPlan) -> dict[str, list[tuple[str, Role, bool]]]:
    return {
        ".".join(t.path): [(a.unit, a.role, a.implicit) for a in t.assignments] for t in plan.tasks
    }


@pytest.fixture(scope="module")
def national() -> ParsedPlan:
    return parse_plan((FIXTURES / "national-style-plan.txt").read_text("utf-8"))


def test_national_document(national: ParsedPlan) -> None:
    doc = national.document
    assert doc.title == "全国深化“放管服”改革优化营商环境电视电话会议重点任务分工方案"
    assert doc.doc_number == "国办发〔2019〕39号"
    assert doc.issuer == "国务院办公厅"
    assert doc.issued_on == date(2019, 8, 1)
    assert doc.implements == ("国发〔2018〕45号",)
    assert doc.lead_rule == "排在第一位的部门为牵头部门，下同"


def test_national_tasks(national: ParsedPlan) -> None:
    prov = ("各省级人民政府", C, True)
    assert _roles(national) == {
        "一.(一).[1]": [
            ("国务院审改办", L, False),
            ("司法部", L, False),
            ("各有关部门", C, False),
            prov,
        ],
        "一.(一).[2]": [("市场监管总局", L, False), ("国务院审改办", C, False), prov],
        "一.(二)": [
            ("住房城乡建设部", L, False),
            ("国家发展改革委", C, False),
            ("自然资源部", C, False),
            prov,
        ],
        "一.(三)": [("国务院审改办", G, False), ("各省级人民政府", L, False)],
        "二.(一)": [
            ("市场监管总局", L, False),
            ("工业和信息化部", C, False),
            ("文化和旅游部", C, False),
            prov,
        ],
        "二.(二)": [
            ("市场监管总局", L, False),
            ("公安部", C, False),
            ("生态环境部", C, False),
            prov,
        ],
    }
    rules = {a.rule for t in national.tasks for a in t.assignments}
    assert rules == {"EXPLICIT", "FIRST_LISTED_RULE", "CARRY_FORWARD"}


def test_national_deadlines(national: ParsedPlan) -> None:
    deadlines = {".".join(t.path): t.deadline for t in national.tasks}
    first = deadlines["一.(一).[1]"]
    assert first is not None
    assert first.due_on == date(2019, 12, 31)
    ongoing = deadlines["一.(二)"]
    assert ongoing is not None
    assert ongoing.kind == "ONGOING"
    yearly = deadlines["二.(一)"]
    assert yearly is not None
    assert yearly.rule == "YEARLY:12-31"


@pytest.fixture(scope="module")
def provincial() -> ParsedPlan:
    return parse_plan((FIXTURES / "provincial-table-plan.txt").read_text("utf-8"))


def test_provincial_flattened_table(provincial: ParsedPlan) -> None:
    text = provincial.text
    assert _roles(provincial) == {
        "一.1": [("省政府办公厅", L, False), ("省发展改革委", C, False), ("省财政厅", C, False)],
        # the 牵头单位 cell is merged with the row above and appears only once
        "一.2": [("省政府办公厅", L, False), ("省市场监管局", C, False)],
        "一.3": [("省政府办公厅", L, False), ("各市州政府", C, False)],
        "二.(一)": [("各市州政府", L, False)],
    }
    rows = [t for t in provincial.tasks if t.path[0] == "一"]
    assert [text[t.start] for t in rows] == ["1", "2", "3"]
    assert {a.rule for t in rows for a in t.assignments} == {"TABLE"}
    # the long cell broken over two lines is one task cell
    assert "同标准办理" in rows[1].body
    assert rows[1].title == "推进政务服务事项标准化"
    assert [t.deadline.text if t.deadline else None for t in rows] == [
        "2019年6月底前",
        "2019年9月底前",
        "长期坚持",
    ]
    assert [s.path for s in provincial.sections] == [("一",), ("二",)]
    assert any("牵头/配合" in w.message for w in provincial.warnings)


def test_tab_separated_table() -> None:
    text = (
        "序号\t重点任务\t责任单位\t完成时间\n"
        "1\t建立信用承诺制度。\t市发改委、市市场监管局\t2018年12月底前\n"
        "2\t开展诚信宣传。\t市委宣传部\t长期坚持\n"
    )
    plan = parse_plan(text)
    assert _roles(plan) == {
        "1": [("市发改委", L, False), ("市市场监管局", C, False)],
        "2": [("市委宣传部", L, False)],
    }
    assert [t.start for t in plan.tasks] == [text.index("1\t"), text.index("2\t")]


LOCAL = """凉州区人民政府办公室关于印发凉州区2019年社会信用体系建设工作要点的通知
凉政办发〔2019〕21号
各乡镇人民政府，区直各部门：
现将《凉州区2019年社会信用体系建设工作要点》印发给你们，请抓好落实。
凉州区人民政府办公室
二〇一九年三月十八日
凉州区2019年社会信用体系建设工作要点
一、完善信用制度
1、制定信用信息管理办法。（区发改局牵头，区司法局配合，2019年6月底前完成）
2、建立守信联合激励机制（试行）。（区发改局、区财政局负责）
二、加强信用监管
1、开展诚信“红黑榜”发布。每季度发布一次。（区发改局负责，每季度）
2、推进信用修复。（区法院指导，各乡镇人民政府、区直有关部门和单位负责落实）
三、保障措施
区发改局要加强统筹协调，各乡镇、区直各部门要明确专人负责。
"""


def test_local_plan() -> None:
    plan = parse_plan(LOCAL)
    doc = plan.document
    assert doc.title == "凉州区2019年社会信用体系建设工作要点"
    assert doc.doc_number == "凉政办发〔2019〕21号"
    assert doc.issuer == "凉州区人民政府办公室"
    assert doc.issued_on == date(2019, 3, 18)
    assert _roles(plan) == {
        "一.1": [("区发改局", L, False), ("区司法局", C, False)],
        "一.2": [("区发改局", L, False), ("区财政局", C, False)],
        "二.1": [("区发改局", L, False)],
        "二.2": [
            ("区法院", G, False),
            ("各乡镇人民政府", L, False),
            ("区直有关部门和单位", C, False),
        ],
    }
    quarterly = plan.tasks[2].deadline
    assert quarterly is not None
    assert quarterly.rule == "QUARTERLY"


def test_big_plan_by_repetition() -> None:
    block = (
        "（{n}）推进第{n}项改革。加强统筹协调，完善配套政策。"
        "（市发改委牵头，市财政局、市统计局配合，2019年底前完成）\n"
    )
    parts = []
    for chapter in ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]:
        parts.append(f"{chapter}、重点任务\n")
        parts.extend(block.format(n=n) for n in range(1, 181))
    text = "".join(parts)
    assert len(text) > 100_000
    plan = parse_plan(text)
    assert len(plan.tasks) == 1800
    assert {len(t.assignments) for t in plan.tasks} == {3}


@pytest.mark.parametrize("seed", range(20))
def test_never_raises_on_noise(seed: int) -> None:
    rng = random.Random(seed)
    alphabet = (
        "一二（）()、，,：:；;。\n\t1234567890"
        "市县区局委牵头配合负责会同责任单位年月底前每长期坚持①[]|"
    )
    text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400)))
    plan = parse_plan(text)
    assert plan.text == text
    for task in plan.tasks:
        assert 0 <= task.start <= task.end <= len(text)
        for a in task.assignments:
            assert 0 <= a.start <= a.end <= len(text)


@pytest.mark.parametrize(
    "text", ["", " ", "\n\n", "（", "）", "1.", "一、", "责任单位：", "序号\n工作任务\n牵头单位"]
)
def test_degenerate_inputs(text: str) -> None:
    assert parse_plan(text).text == text


def test_table_header_without_rows_warns() -> None:
    plan = parse_plan("工作任务\n牵头单位\n完成时限\n后面是正文。")
    assert any("table header" in w.message for w in plan.warnings)
