"""The Wuwei 2017 政务诚信 plan parses to exactly the seed data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from seed.parse import ParsedPlan, ParsedTask, Role, parse_plan

TEXT = (Path(__file__).parent / "fixtures" / "wuwei-2017-integrity-task-plan.txt").read_text(
    "utf-8"
)
L, C = Role.LEAD, Role.CO_RESPONSIBLE
SUPERVISE = [("市政府督查室", L), ("各县区政府", C)]
CITY_COUNTY = [("市直有关部门、单位", L), ("各县区政府", C)]

EXPECTED: dict[str, tuple[str, list[tuple[str, Role]], str]] = {
    "一.(一).1": ("建立专项督导机制", SUPERVISE, "CONVENTION"),
    "一.(一).2": ("建立横向监督机制", SUPERVISE, "CONVENTION"),
    "一.(一).3": ("建立社会监督机制", SUPERVISE, "CONVENTION"),
    "一.(二).1": ("加强公务员诚信教育", [("市人社局", L), ("各县区政府", C)], "CONVENTION"),
    "一.(二).2": (
        "建立健全政务失信记录",
        [("市中级人民法院", L), ("市直有关部门、单位", C), ("各县区政府", C)],
        "CONVENTION",
    ),
    "一.(二).3": ("归集失信记录并公示", CITY_COUNTY, "CONVENTION"),
    "一.(二).4": ("强化政务信用信息的使用", CITY_COUNTY, "CONVENTION"),
    "一.(二).5": ("加大对失信行为的惩戒力度", CITY_COUNTY, "CONVENTION"),
    "一.(二).6": (
        "健全信用权益保护和信用修复机制",
        [("市人社局", L), ("市发改委", C), ("人民银行武威中心支行", C), ("各县区政府", C)],
        "CONVENTION",
    ),
    "一.(三).1": (
        "加强政府采购领域政务诚信建设",
        [("市财政局", L), ("市直有关部门、单位", C), ("各县区政府", C)],
        "HUI_TONG",
    ),
    "一.(三).2": (
        "加强政府和社会资本合作领域政务诚信建设",
        [("市发改委", L), ("市财政局", L), ("市直有关部门、单位", C), ("各县区政府", C)],
        "HUI_TONG",
    ),
    "一.(三).3": (
        "加强公共资源交易领域政务诚信建设",
        [("市发改委", L), ("市直有关部门、单位", C), ("各县区政府", C)],
        "HUI_TONG",
    ),
    "一.(三).4": (
        "加强招商引资领域政务诚信建设",
        [("市招商局", L), ("市直有关部门、单位", C), ("各县区政府", C)],
        "HUI_TONG",
    ),
    "一.(三).5": (
        "加强地方政府债务领域政务诚信建设",
        [("市财政局", L), ("市监察局", C), ("市审计局", C), ("各县区政府", C)],
        "CONVENTION",
    ),
    "一.(三).6": ("加强街道和乡镇政务诚信建设", [("各县区政府", L)], "CONVENTION"),
    "一.(四)": (
        "加快制度建设",
        [("市政府办公室", L), ("市审改办", C), ("市发改委", C), ("市人社局", C)],
        "CONVENTION",
    ),
    "二.(一)": (
        "市政府法制办要指导各县区、各部门做好依法行政工作",
        [("市政府法制办", L)],
        "SUBJECT",
    ),
    "二.(二)": ("市政府办公室要牵头全面提升全市政务公开水平", [("市政府办公室", L)], "SUBJECT"),
    "二.(三)": ("市审改办要指导各县区、各部门提高行政效率和水平", [("市审改办", L)], "SUBJECT"),
    "二.(四)": ("市发改委要发挥好社会信用体系建设工作的牵头职能", [("市发改委", L)], "SUBJECT"),
    "二.(五)": ("各县区、各部门要健全政务失信记录", [("各县区", L), ("各部门", L)], "SUBJECT"),
}


@pytest.fixture(scope="module")
def plan() -> ParsedPlan:
    return parse_plan(TEXT)


def _task(plan: ParsedPlan, code: str) -> ParsedTask:
    return next(t for t in plan.tasks if ".".join(t.path) == code)


def test_document(plan: ParsedPlan) -> None:
    doc = plan.document
    assert doc.title == "加强政务诚信建设工作任务分工方案"
    assert doc.issuer == "武威市人民政府办公室"
    assert doc.issued_on == date(2017, 12, 12)
    assert doc.doc_number is None
    assert doc.implements == ("甘政发〔2017〕48号",)
    assert doc.lead_rule is None


def test_sections(plan: ParsedPlan) -> None:
    assert [(s.path, s.title) for s in plan.sections] == [
        (("一",), "重点工作任务"),
        (("一", "(一)"), "建立监督体系"),
        (("一", "(二)"), "健全管理体系"),
        (("一", "(三)"), "加强重点领域政务诚信建设"),
        (("二",), "工作要求"),
    ]
    for section in plan.sections:
        assert TEXT[section.start :].startswith(("一、", "二、", "(一)", "(二)", "(三)"))


def test_task_codes_in_order(plan: ParsedPlan) -> None:
    assert [".".join(t.path) for t in plan.tasks] == list(EXPECTED)
    assert len(plan.tasks) == 21


@pytest.mark.parametrize("code", list(EXPECTED))
def test_task(plan: ParsedPlan, code: str) -> None:
    task = _task(plan, code)
    title, units, rule = EXPECTED[code]
    assert task.title == title
    assert [(a.unit, a.role) for a in task.assignments] == units
    assert {a.rule for a in task.assignments} == {rule}
    assert not any(a.implicit for a in task.assignments)
    for a in task.assignments:
        assert TEXT[a.start : a.end] == a.unit
        assert task.start <= a.start < a.end <= task.end
    assert task.body == TEXT[task.start : task.end]
    label = code.split(".")[-1]
    assert TEXT[task.start :].startswith(label if label.startswith("(") else f"{label}.")
    assert task.deadline is None


def test_section_paths(plan: ParsedPlan) -> None:
    assert _task(plan, "一.(四)").section_path == ("一",)
    assert _task(plan, "一.(二).2").section_path == ("一", "(二)")
    assert {t.section_path for t in plan.tasks if t.path[0] == "二"} == {("二",)}


def test_non_annotation_brackets_are_not_units(plan: ParsedPlan) -> None:
    units = {a.unit for t in plan.tasks for a in t.assignments}
    assert "评审" not in units
    assert not any("甘政发" in u for u in units)


def test_cover_letter_and_closing_are_not_tasks(plan: ParsedPlan) -> None:
    cover = TEXT.index("现将")
    closing = TEXT.index("政务诚信是社会信用体系")
    assert all(not t.start <= cover < t.end for t in plan.tasks)
    assert all(t.start < closing for t in plan.tasks)
    assert all(t.end <= closing for t in plan.tasks)


def test_no_warnings(plan: ParsedPlan) -> None:
    assert plan.warnings == ()
