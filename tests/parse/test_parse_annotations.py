"""Every annotation style of issue 8, as short inline plans."""

from __future__ import annotations

import pytest

from seed.parse import ParsedPlan, ParsedTask, Role, parse_plan

L, C, G = Role.LEAD, Role.CO_RESPONSIBLE, Role.GUIDE


def only_task(text: str) -> ParsedTask:
    plan = parse_plan(text)
    assert len(plan.tasks) == 1, plan.tasks
    return plan.tasks[0]


def roles(task: ParsedTask) -> list[tuple[str, Role]]:
    return [(a.unit, a.role) for a in task.assignments]


@pytest.mark.parametrize(
    ("annotation", "expected", "rule"),
    [
        (
            "（责任单位：市发改委、市财政局，各县区政府）",
            [("市发改委", L), ("市财政局", C), ("各县区政府", C)],
            "CONVENTION",
        ),
        ("(责任单位:市发改委,市财政局)", [("市发改委", L), ("市财政局", C)], "CONVENTION"),
        (
            "（牵头单位：市发改委；配合单位：市财政局、市统计局）",
            [("市发改委", L), ("市财政局", C), ("市统计局", C)],
            "EXPLICIT",
        ),
        (
            "（省发展改革委、省财政厅、省统计局负责）",
            [("省发展改革委", L), ("省财政厅", C), ("省统计局", C)],
            "CONVENTION",
        ),
        ("（教育部、科技部等负责）", [("教育部", L), ("科技部", C)], "CONVENTION"),
        (
            "（教育部牵头，财政部、人力资源社会保障部参与）",
            [("教育部", L), ("财政部", C), ("人力资源社会保障部", C)],
            "EXPLICIT",
        ),
        ("（市场监管总局牵头，公安部配合）", [("市场监管总局", L), ("公安部", C)], "EXPLICIT"),
        (
            "（市财政局会同市审计局、市监察局）",
            [("市财政局", L), ("市审计局", C), ("市监察局", C)],
            "HUI_TONG",
        ),
        (
            "（市发改委、市财政局会同市直有关部门）",
            [("市发改委", L), ("市财政局", L), ("市直有关部门", C)],
            "HUI_TONG",
        ),
        (
            "（国家发展改革委、财政部牵头，各有关部门按职责分工负责）",
            [("国家发展改革委", L), ("财政部", L), ("各有关部门", C)],
            "EXPLICIT",
        ),
    ],
)
def test_annotation_styles(annotation: str, expected: list[tuple[str, Role]], rule: str) -> None:
    task = only_task(f"一、重点任务\n1.建立健全工作机制。加强统筹协调。{annotation}\n")
    assert roles(task) == expected
    assert task.assignments[0].rule == rule
    for a in task.assignments:
        assert task.body[a.start - task.start : a.end - task.start] == a.unit


def test_guide_then_responsible() -> None:
    task = only_task("（一）清理中介服务。（省政府办公厅指导，各市州政府负责落实）")
    assert roles(task) == [("省政府办公厅", G), ("各市州政府", L)]


def test_provincial_governments_by_division() -> None:
    task = only_task("1.推进改革。（民政部、财政部，各省级人民政府按职责分工负责）")
    assert roles(task) == [("民政部", L), ("财政部", C), ("各省级人民政府", C)]


@pytest.mark.parametrize(
    "name",
    [
        "工业和信息化部",
        "文化和旅游部",
        "住房和城乡建设部",
        "各有关部门和单位",
        "市直有关部门、单位",
    ],
)
def test_names_kept_whole(name: str) -> None:
    task = only_task(f"1.推进改革。（{name}、市财政局负责）")
    assert [a.unit for a in task.assignments] == [name, "市财政局"]


def test_and_between_two_units_splits() -> None:
    task = only_task("1.推进改革。（财政部和人民银行负责）")
    assert [a.unit for a in task.assignments] == ["财政部", "人民银行"]


def test_collective_provinces_one_unit() -> None:
    task = only_task("1.推进改革。（各省、自治区、直辖市人民政府，新疆生产建设兵团负责）")
    assert [a.unit for a in task.assignments] == [
        "各省、自治区、直辖市人民政府",
        "新疆生产建设兵团",
    ]


@pytest.mark.parametrize("suffix", ["等负责", "等按职责分工负责", "负责落实", "牵头"])
def test_trailing_words_stripped(suffix: str) -> None:
    task = only_task(f"1.推进改革。（市发改委、市财政局{suffix}）")
    assert [a.unit for a in task.assignments] == ["市发改委", "市财政局"]


@pytest.mark.parametrize(
    "bracket",
    ["（此件公开发布）", "（试行）", "（区、市）", "（PPP）", "（国发〔2016〕33号）", "（评审）"],
)
def test_brackets_that_are_not_annotations(bracket: str) -> None:
    plan = parse_plan(f"1.推进政府和社会资本合作{bracket}项目建设。（市财政局负责）")
    assert [a.unit for a in plan.tasks[0].assignments] == ["市财政局"]


def test_unit_explained_in_brackets_mid_sentence_is_not_an_annotation() -> None:
    plan = parse_plan("1.由市审改办（市编办）统筹推进。（市审改办负责）")
    assert [a.unit for a in plan.tasks[0].assignments] == ["市审改办"]


def test_several_annotations_in_one_paragraph() -> None:
    text = (
        "（一）压减许可。取消一批许可事项。（国务院审改办牵头，各有关部门负责）"
        "推进证照分离。（市场监管总局负责）"
    )
    plan = parse_plan(text)
    assert [t.path for t in plan.tasks] == [("(一)", "[1]"), ("(一)", "[2]")]
    first, second = plan.tasks
    assert first.start == 0
    assert second.start == text.index("推进证照分离")
    assert second.title == "推进证照分离"
    assert roles(first) == [("国务院审改办", L), ("各有关部门", C)]
    assert roles(second) == [("市场监管总局", L)]


def test_first_listed_rule() -> None:
    text = (
        "说明：排在第一位的部门为牵头部门，下同。\n一、任务\n1.推进改革。（财政部、民政部负责）\n"
    )
    plan = parse_plan(text)
    assert plan.document.lead_rule == "排在第一位的部门为牵头部门，下同"
    assert [(a.unit, a.role, a.rule) for a in plan.tasks[0].assignments] == [
        ("财政部", L, "FIRST_LISTED_RULE"),
        ("民政部", C, "FIRST_LISTED_RULE"),
    ]


def test_listed_first_variant() -> None:
    plan = parse_plan("（列第一位者为牵头单位）\n1.推进改革。（财政部、民政部负责）")
    assert plan.document.lead_rule == "列第一位者为牵头单位"
    assert plan.tasks[0].assignments[0].rule == "FIRST_LISTED_RULE"


def test_carry_forward_is_implicit() -> None:
    text = (
        "以下均需各县区政府落实，不再列出。\n"
        "1.推进改革。（市发改委负责）\n2.优化服务。（市财政局牵头）\n"
    )
    plan = parse_plan(text)
    rule_span = (text.index("以下"), text.index("，不再"))
    for task in plan.tasks:
        implicit = [a for a in task.assignments if a.implicit]
        assert [(a.unit, a.role, a.rule) for a in implicit] == [("各县区政府", C, "CARRY_FORWARD")]
        assert (implicit[0].start, implicit[0].end) == rule_span


def test_subject_units() -> None:
    plan = parse_plan(
        "二、工作要求\n（一）市发改委要加强统筹，指导各县区、各部门做好工作。\n（二）各县区、各部门要落实责任。\n"
    )
    assert [roles(t) for t in plan.tasks] == [[("市发改委", L)], [("各县区", L), ("各部门", L)]]
    assert {a.rule for t in plan.tasks for a in t.assignments} == {"SUBJECT"}


def test_subject_after_title_sentence() -> None:
    plan = parse_plan(
        "三、保障措施\n（一）加强组织领导。各地区、各部门要把这项工作摆上重要议程。\n"
    )
    assert roles(plan.tasks[0]) == [("各地区", L), ("各部门", L)]
    assert plan.tasks[0].title == "加强组织领导"


def test_label_lines_after_the_task() -> None:
    text = (
        "1.建立企业信用档案。\n牵头单位：市发改委\n配合单位：市市场监管局、市税务局\n"
        "完成时限：2018年12月底前\n2.开展信用评价。\n责任单位：市人行\n"
    )
    plan = parse_plan(text)
    assert [roles(t) for t in plan.tasks] == [
        [("市发改委", L), ("市市场监管局", C), ("市税务局", C)],
        [("市人行", L)],
    ]
    assert plan.tasks[0].deadline is not None
    assert plan.tasks[0].deadline.text == "2018年12月底前"
    assert plan.tasks[1].start == text.index("2.开展")


def test_half_and_full_width_mixed() -> None:
    text = "（一)推进改革。(责任单位：市发改委，市财政局)"
    assert roles(only_task(text)) == [("市发改委", L), ("市财政局", C)]


@pytest.mark.parametrize(
    ("label", "path"),
    [
        ("一、", ("一",)),
        ("(一)", ("(一)",)),
        ("1.", ("1",)),
        ("1、", ("1",)),
        ("（1）", ("(1)",)),
        ("①", ("①",)),
    ],
)
def test_label_styles(label: str, path: tuple[str, ...]) -> None:
    task = only_task(f"{label}推进改革。（市发改委负责）")
    assert task.path == path
    assert task.start == 0
    assert task.title == "推进改革"


def test_nested_paths() -> None:
    text = (
        "一、任务\n（一）改革\n1.推进改革\n（1）取消许可。（市发改委负责）\n"
        "（2）压减时限\n① 精简材料。（市财政局负责）\n"
    )
    plan: ParsedPlan = parse_plan(text)
    assert [t.path for t in plan.tasks] == [
        ("一", "(一)", "1", "(1)"),
        ("一", "(一)", "1", "(2)", "①"),
    ]
    assert plan.tasks[0].section_path == ("一", "(一)", "1")
    assert plan.tasks[1].section_path == ("一", "(一)", "1", "(2)")


@pytest.mark.parametrize(
    ("annotation", "expected"),
    [
        (
            "（住房城乡建设部牵头，工业和信息化部等国务院有关部门和各省级人民政府按职责分工负责）",
            [
                ("住房城乡建设部", L),
                ("工业和信息化部", C),
                ("国务院有关部门", C),
                ("各省级人民政府", C),
            ],
        ),
        (
            "（市场监管总局牵头，公安部、税务总局等按职责分工负责）",
            [("市场监管总局", L), ("公安部", C), ("税务总局", C)],
        ),
        (
            "（省发展改革委牵头，省财政厅等有关部门配合）",
            [("省发展改革委", L), ("省财政厅", C), ("有关部门", C)],
        ),
    ],
)
def test_deng_separates_a_unit_from_a_following_collective(
    annotation: str, expected: list[tuple[str, Role]]
) -> None:
    task = only_task(f"一、任务\n1.推进改革工作。{annotation}\n")
    assert roles(task) == expected


def test_inline_circled_labels_number_and_start_their_tasks() -> None:
    text = (
        "一、重点任务\n"
        "2.开展志愿服务活动。①组织“学雷锋”志愿服务（团市委负责）；"
        "②建立志愿服务激励机制（市文明办、市民政局负责）。\n"
    )
    tasks = parse_plan(text).tasks
    assert [t.path for t in tasks] == [("一", "2", "①"), ("一", "2", "②")]
    assert [text[t.start : t.start + 3] for t in tasks] == ["①组织", "②建立"]
    assert [t.title for t in tasks] == ["组织“学雷锋”志愿服务", "建立志愿服务激励机制"]
    assert roles(tasks[1]) == [("市文明办", L), ("市民政局", C)]


def test_closing_sentence_with_you_is_an_annotation() -> None:
    task = only_task("一、任务\n（二）加强诚信教育。由市教育局牵头，市委宣传部、各县区政府配合。\n")
    assert roles(task) == [("市教育局", L), ("市委宣传部", C), ("各县区政府", C)]
    assert task.title == "加强诚信教育"
