"""Issue 17 items 4–5: brackets that are not annotations, open tails, deadlines around a task."""

from __future__ import annotations

import pytest

from seed.parse import ParsedTask, Role, parse_plan
from seed.parse_brackets import BracketKind, classify
from seed.parse_lexicon import fold, looks_like_unit
from seed.preview import build_preview

L, C, G = Role.LEAD, Role.CO_RESPONSIBLE, Role.GUIDE


def tasks(text: str) -> dict[str, ParsedTask]:
    return {".".join(t.path): t for t in parse_plan(text).tasks}


def roles(task: ParsedTask) -> list[tuple[str, Role, str]]:
    return [(a.unit, a.role, a.rule) for a in task.assignments]


@pytest.mark.parametrize(
    ("prose", "kind"),
    [
        ("各省（区、市）", BracketKind.REGION),
        ("各市（地、州、盟）", BracketKind.REGION),
        ("各县（市、区、旗）", BracketKind.REGION),
        ("各县（市、区）", BracketKind.REGION),
        ("《办法（试行）》", BracketKind.TITLE),
        ("本方案（暂行）", BracketKind.TITLE),
        ("平台（以下简称“共享平台”）", BracketKind.ABBREVIATION),
        ("全国信用信息共享平台（简称信用平台）", BracketKind.ABBREVIATION),
        ("文件（国办发〔2016〕33号）", BracketKind.DOC_NUMBER),
        ("报送（联系人：张三，电话：0931-8888888）", BracketKind.CONTACT),
        ("报送（邮箱：xyk@example.cn）", BracketKind.CONTACT),
        ("事项（含开发区）", BracketKind.EXPLANATION),
        ("事项（见附件2）", BracketKind.EXPLANATION),
        ("完成改革（2018年6月底前完成）", BracketKind.DEADLINE),
        ("任务（市发改委牵头，市财政局配合）", BracketKind.ANNOTATION),
        ("任务（责任单位：市发改委）", BracketKind.ANNOTATION),
    ],
)
def test_bracket_kind(prose: str, kind: BracketKind) -> None:
    folded = fold(prose)
    start = max(folded.rfind("("), 0)
    end = folded.index(")", start) + 1
    assert classify(folded, start, end) is kind


@pytest.mark.parametrize(
    "sentence",
    [
        "加强对各省（区、市）的指导。",
        "督促各市（地、州、盟）。",
        "推动各县（市、区、旗）。",
        "落实《诚信建设办法（试行）》。",
        "建成全国信用信息共享平台（以下简称“共享平台”）。",
        "执行有关文件（国办发〔2016〕33号）。",
        "按时报送（联系人：李四，联系电话：0931-8888888）。",
        "发挥工商联（总商会）作用。",
    ],
)
def test_brackets_that_are_not_units_give_no_assignment(sentence: str) -> None:
    plan = parse_plan(f"一、主要任务\n（一）{sentence}\n（二）推进信用建设（市发改委负责）。\n")
    found = {".".join(t.path): roles(t) for t in plan.tasks}
    assert found == {"一.(二)": [("市发改委", L, "CONVENTION")]}


def test_region_notation_before_a_real_annotation() -> None:
    found = tasks(
        "一、主要任务\n（一）指导各省（区、市）、各市（地、州、盟）推进信用建设（国家发展改革委负责）。\n"
    )
    assert roles(found["一.(一)"]) == [("国家发展改革委", L, "CONVENTION")]


@pytest.mark.parametrize(
    ("annotation", "expected"),
    [
        (
            "（国家发展改革委、人民银行等有关部门负责）",
            [("国家发展改革委", L), ("人民银行", C), ("有关部门", C)],
        ),
        (
            "（发展改革委、财政部等有关部门和单位按职责分工负责）",
            [("发展改革委", L), ("财政部", C), ("有关部门和单位", C)],
        ),
        (
            "（市发改委牵头，市财政局等相关部门配合）",
            [("市发改委", L), ("市财政局", C), ("相关部门", C)],
        ),
        ("（教育部、科技部等负责）", [("教育部", L), ("科技部", C)]),
        ("（市发改委、市财政局等部门负责）", [("市发改委", L), ("市财政局", C)]),
        ("（市发改委、市财政局等有关负责）", [("市发改委", L), ("市财政局", C)]),
    ],
)
def test_open_tail_is_a_collective(annotation: str, expected: list[tuple[str, Role]]) -> None:
    task = tasks(f"一、任务\n1.推进改革工作。{annotation}\n")["一.1"]
    assert [(a.unit, a.role) for a in task.assignments] == expected


@pytest.mark.parametrize("fragment", ["有关", "相关", "各", "其他", "等有关", "有关的"])
def test_fragment_is_never_a_unit(fragment: str) -> None:
    assert not looks_like_unit(fragment)


def test_deadline_in_a_bracket_after_the_annotation() -> None:
    task = tasks("一、任务\n（一）深化放管服改革（牵头单位：市审改办）（2018年6月底前完成）\n")[
        "一.(一)"
    ]
    assert roles(task) == [("市审改办", L, "EXPLICIT")]
    assert task.title == "深化放管服改革"
    assert task.deadline is not None
    assert task.deadline.text == "2018年6月底前"
    assert task.deadline.due_on is not None
    assert task.deadline.due_on.isoformat() == "2018-06-30"
    assert task.body.endswith("（2018年6月底前完成）")


def test_deadline_phrase_after_the_annotation() -> None:
    task = tasks("一、任务\n（一）开展专项整治（市公安局牵头，市法院配合）2018年6月底前完成。\n")[
        "一.(一)"
    ]
    assert roles(task) == [("市公安局", L, "EXPLICIT"), ("市法院", C, "EXPLICIT")]
    assert task.title == "开展专项整治"
    assert task.deadline is not None
    assert task.deadline.text == "2018年6月底前"
    assert task.body.endswith("2018年6月底前完成。")


def test_recurring_deadline_after_the_annotation() -> None:
    task = tasks("一、任务\n（一）报送工作进展（市统计局负责）每年12月底前完成。\n")["一.(一)"]
    assert task.deadline is not None
    assert (task.deadline.kind.value, task.deadline.rule) == ("RECURRING", "YEARLY:12-31")


def test_deadline_and_contact_taken_out_of_the_title() -> None:
    found = tasks(
        "一、任务\n（一）定期报送进展情况（联系人：张三，电话：0931-1234567）（市统计局负责，每季度）。\n"
        "（二）完成信用平台建设，2018年底前完成（市发改委负责）。\n"
    )
    first, second = found["一.(一)"], found["一.(二)"]
    assert first.title == "定期报送进展情况"
    assert first.deadline is not None
    assert first.deadline.rule == "QUARTERLY"
    assert second.title == "完成信用平台建设"
    assert second.deadline is not None
    assert second.deadline.text == "2018年底前"


def test_scoped_carry_forward_with_a_guide() -> None:
    found = tasks(
        "一、总体要求\n各地要高度重视。\n二、主要任务\n"
        "以下均需各县区政府落实，市政府督查室负责督促检查，不再单独列出。\n"
        "（一）推进信用建设（市发改委牵头，市财政局配合）。\n"
        "（二）开展诚信宣传（市委宣传部负责）。\n"
        "三、保障措施\n（一）加强组织领导（市政府办公室负责）。\n"
    )
    assert roles(found["二.(一)"]) == [
        ("市发改委", L, "EXPLICIT"),
        ("市财政局", C, "EXPLICIT"),
        ("各县区政府", C, "CARRY_FORWARD"),
        ("市政府督查室", G, "CARRY_FORWARD"),
    ]
    assert roles(found["二.(二)"])[1:] == [
        ("各县区政府", C, "CARRY_FORWARD"),
        ("市政府督查室", G, "CARRY_FORWARD"),
    ]
    # the rule is scoped to its part of the plan
    assert roles(found["三.(一)"]) == [("市政府办公室", L, "CONVENTION")]


def test_collective_defined_by_the_plan() -> None:
    found = tasks(
        "一、总体要求\n各县区政府、市直有关部门（以下简称“责任主体”）要高度重视。\n"
        "二、主要任务\n（一）推进信用建设（市发改委牵头，责任主体配合）。\n"
    )
    assert roles(found["二.(一)"]) == [("市发改委", L, "EXPLICIT"), ("责任主体", C, "EXPLICIT")]
    assert not looks_like_unit("责任主体")  # only while that plan is parsed


def test_convention_is_said_once_per_plan_and_per_assignment() -> None:
    plan = parse_plan(
        "一、任务\n（一）推进改革（市发改委、市财政局负责）。\n（二）开展宣传（市委宣传部负责）。\n"
        "（三）加强监管（市场监管局牵头，市公安局配合）。\n"
    )
    preview = build_preview(plan, lambda _: None)
    rules = [[a["rule"] for a in t["assignments"]] for t in preview["tasks"]]
    assert rules == [["CONVENTION", "CONVENTION"], ["CONVENTION"], ["EXPLICIT", "EXPLICIT"]]
    said = [w for w in preview["warnings"] if "by convention" in w["message"]]
    assert len(said) == 1
    assert "in 2 tasks" in said[0]["message"]


def test_stated_lead_rule_gives_no_convention_warning() -> None:
    plan = parse_plan(
        "排在第一位的为牵头单位。\n一、任务\n（一）推进改革（市发改委、市财政局负责）。\n"
    )
    preview = build_preview(plan, lambda _: None)
    assert [a["rule"] for a in preview["tasks"][0]["assignments"]] == ["FIRST_LISTED_RULE"] * 2
    assert not [w for w in preview["warnings"] if "by convention" in w["message"]]


def test_manner_phrases_contacts_and_document_numbers_around_an_annotation() -> None:
    found = tasks(
        "一、主要任务\n（一）推进政府采购诚信（财政部牵头，各地区按属地原则负责）。\n"
        "（二）开展试点（市数据局负责；联系人：王五，13912345678）。\n"
        "（三）深化改革（市发改委负责）（国发〔2016〕12号）。\n"
        "（四）推广经验（市委改革办、市发改委；2020年底前）。\n"
    )
    assert roles(found["一.(一)"]) == [("财政部", L, "EXPLICIT"), ("各地区", C, "EXPLICIT")]
    assert roles(found["一.(二)"]) == [("市数据局", L, "CONVENTION")]
    assert roles(found["一.(三)"]) == [("市发改委", L, "CONVENTION")]
    assert roles(found["一.(四)"]) == [
        ("市委改革办", L, "CONVENTION"),
        ("市发改委", C, "CONVENTION"),
    ]
    assert found["一.(四)"].deadline is not None
    assert found["一.(四)"].deadline.text == "2020年底前"
    assert not parse_plan("一、任务\n（一）开展试点（市数据局负责；联系人：王五）。\n").warnings


def test_closing_sentence_bracketed_aliases_and_full_width_parentheses() -> None:
    found = tasks(
        "二、优化市场环境\n5.加强信用监管。市发改委牵头，市市场监管局等有关部门配合。\n"
        "6.规范涉企收费，各地要抓好落实。\n"
        "7.加强知识产权保护（市市场监管局〔知识产权局〕负责）。\n"
        "8.推进政务诚信建设（市发改委（市信用办）负责）。\n"
        "9.提升跨境贸易便利化水平。（责任单位：市商务局、兰州海关（驻市办事处））\n"
    )
    assert roles(found["二.5"]) == [
        ("市发改委", L, "EXPLICIT"),
        ("市市场监管局", C, "EXPLICIT"),
        ("有关部门", C, "EXPLICIT"),
    ]
    assert "二.6" not in found  # 各地要抓好落实 is no annotation
    assert roles(found["二.7"]) == [("市市场监管局〔知识产权局〕", L, "CONVENTION")]
    assert roles(found["二.8"]) == [("市发改委（市信用办）", L, "CONVENTION")]
    assert roles(found["二.9"]) == [
        ("市商务局", L, "CONVENTION"),
        ("兰州海关（驻市办事处）", C, "CONVENTION"),
    ]


def test_leaders_and_contact_persons_are_not_units() -> None:
    found = tasks(
        "一、任务\n1.优化营商环境。（牵头领导：李四；牵头单位：市发改委；责任单位：市工信局、市财政局）\n"
    )
    assert roles(found["一.1"]) == [
        ("市发改委", L, "EXPLICIT"),
        ("市工信局", C, "EXPLICIT"),
        ("市财政局", C, "EXPLICIT"),
    ]
    table = parse_plan(
        "一、任务\n序号\t工作任务\t牵头领导\t牵头单位\t责任人\n1\t优化营商环境\t李四\t市发改委\t王五\n"
    )
    assert [(a.unit, a.role) for t in table.tasks for a in t.assignments] == [("市发改委", L)]


def test_carry_forward_stated_as_the_units_of_every_task_below() -> None:
    found = tasks(
        "二、主要任务\n各县区政府均为以下各项任务的责任单位，不再一一列出。\n"
        "（一）推进信用建设（市发改委牵头）。\n（二）开展诚信宣传（市委宣传部负责）。\n"
    )
    assert roles(found["二.(一)"]) == [
        ("市发改委", L, "EXPLICIT"),
        ("各县区政府", C, "CARRY_FORWARD"),
    ]
    assert roles(found["二.(二)"])[1:] == [("各县区政府", C, "CARRY_FORWARD")]


def test_deadline_opening_the_task_leaves_the_title() -> None:
    found = tasks(
        "一、任务\n1.2018年6月底前完成平台建设（市发改委负责）。\n"
        "2.于2019年底前建成数据库（市大数据局负责）。\n3.到2020年实现全覆盖（市政府办公室负责）。\n"
    )
    assert [(t.title, t.deadline.text if t.deadline else None) for t in found.values()] == [
        ("完成平台建设", "2018年6月底前"),
        ("建成数据库", "2019年底前"),
        ("到2020年实现全覆盖", None),  # a target year, not a deadline
    ]
