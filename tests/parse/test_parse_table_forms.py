"""Issue 17 item 1: task tables in each flattened form, header vocabulary, non-task tables."""

from __future__ import annotations

from seed.parse import ParsedPlan, Role, parse_plan

L, C, G = Role.LEAD, Role.CO_RESPONSIBLE, Role.GUIDE


def assigned(plan: ParsedPlan) -> dict[str, list[tuple[str, Role, str]]]:
    return {".".join(t.path): [(a.unit, a.role, a.rule) for a in t.assignments] for t in plan.tasks}


def test_tab_rows_with_the_whole_header_vocabulary() -> None:
    plan = parse_plan(
        "一、重点任务\n序号\t工作任务\t推进单位\t完成时限\n"
        "1\t推进政务服务标准化\t市政务服务中心、市发展改革委\t2019年底前\n"
        "2\t推进数据共享\t市大数据局\t2020年6月底前\n"
        "二、其他任务\n序号\t工作任务\t责任部门\t指导部门\n"
        "1\t推进信用监管\t市场监管局\t市发展改革委\n"
    )
    assert assigned(plan) == {
        "一.1": [("市政务服务中心", L, "CONVENTION"), ("市发展改革委", C, "TABLE")],
        "一.2": [("市大数据局", L, "CONVENTION")],
        "二.1": [("市场监管局", L, "CONVENTION"), ("市发展改革委", G, "TABLE")],
    }
    deadlines = [t.deadline.text if t.deadline else None for t in plan.tasks]
    assert deadlines == ["2019年底前", "2020年6月底前", None]
    assert [t.title for t in plan.tasks] == ["推进政务服务标准化", "推进数据共享", "推进信用监管"]


def test_one_cell_per_line_with_a_wrapped_unit_cell() -> None:
    text = (
        "附件\n重点任务分工表\n序号\n重点任务\n实施主体\n完成时间\n"
        "1\n推进政务服务标准化建设\n市发展改革委、市财政局、\n市住房城乡建设局、市交通运输局、\n各区县政府\n"
        "2019年底前\n2\n推进数据共享\n市大数据局\n2020年6月底前\n"
    )
    plan = parse_plan(text)
    assert assigned(plan) == {
        "1": [
            ("市发展改革委", L, "CONVENTION"),
            ("市财政局", C, "TABLE"),
            ("市住房城乡建设局", C, "TABLE"),
            ("市交通运输局", C, "TABLE"),
            ("各区县政府", C, "TABLE"),
        ],
        "2": [("市大数据局", L, "CONVENTION")],
    }
    # cells keep their spans into the text
    for task in plan.tasks:
        for a in task.assignments:
            assert text[a.start : a.end] == a.unit
    assert plan.tasks[0].deadline is not None
    assert plan.tasks[0].deadline.text == "2019年底前"


def test_merged_cells_carry_down_and_group_rows_sit_between_tasks() -> None:
    plan = parse_plan(
        "附件\n序号\t类别\t工作任务\t牵头单位\t配合单位\t完成时限\n"
        "\t一、制度建设\n"
        "1\t制度类\t健全信用制度\t市发改委\t市司法局\t2019年底前\n"
        "2\t\t完善信用标准\t\t无\t2020年底前\n"
        "营商环境\n"
        "3\t\t优化营商环境\t市营商局\t市发改委、市财政局\t长期坚持\n"
    )
    assert assigned(plan) == {
        "一.1": [("市发改委", L, "TABLE"), ("市司法局", C, "TABLE")],
        # 牵头单位 merged with the row above (an empty cell); 无 for 配合单位 means none
        "一.2": [("市发改委", L, "TABLE")],
        "一.3": [("市营商局", L, "TABLE"), ("市发改委", C, "TABLE"), ("市财政局", C, "TABLE")],
    }
    assert [t.deadline.text if t.deadline else None for t in plan.tasks] == [
        "2019年底前",
        "2020年底前",
        "长期坚持",
    ]
    assert [s.title for s in plan.sections] == ["制度建设"]


def test_non_task_tables_give_no_tasks() -> None:
    for text in (
        "附件\n重点项目表\n序号\t项目名称\t建设内容\t责任单位\t总投资（万元）\n"
        "1\t城区道路改造\t改造道路5公里\t市住建局\t5000\n",
        "附件\n权责清单\n序号\t事项名称\t行使主体\t责任事项\n1\t行政许可\t市市场监管局\t受理审查\n",
        "附件\n主要目标\n序号\t指标名称\t目标值\t责任单位\n1\t信用信息归集率\t95%\t市发改委\n",
        "附件\n序号\n项目名称\n责任单位\n总投资\n1\n城区道路改造\n市住建局\n5000\n",
    ):
        assert parse_plan(text).tasks == (), text


def test_tab_row_with_a_unit_cell_wrapped_onto_the_next_line() -> None:
    plan = parse_plan(
        "附件\n重点任务清单\n序号\t重点领域\t工作任务\t责任单位\t完成时限\n"
        "1\t基础设施\t推进城区道路改造\t市住建局、市交通运输局、\n市自然资源局\t2024年底前\n"
        "2\t推进管网更新\t市住建局\t2025年底前\n"
        "公共服务\n"
        "3\t教育\t新建中小学5所\t市教育局\t2025年底前\n"
    )
    assert assigned(plan) == {
        "1": [
            ("市住建局", L, "CONVENTION"),
            ("市交通运输局", C, "TABLE"),
            ("市自然资源局", C, "TABLE"),
        ],
        "2": [("市住建局", L, "CONVENTION")],
        "3": [("市教育局", L, "CONVENTION")],
    }
    assert [t.deadline.text if t.deadline else None for t in plan.tasks] == [
        "2024年底前",
        "2025年底前",
        "2025年底前",
    ]


def test_one_cell_per_line_with_a_category_column_and_a_group_heading() -> None:
    plan = parse_plan(
        "附件\n序号\n类别\n工作任务\n牵头单位\n配合单位\n完成时限\n"
        "1\n制度建设\n健全信用制度\n市发改委\n市司法局\n2019年底前\n"
        "2\n完善信用标准\n市市场监管局\n市发改委\n2020年底前\n"
        "（二）应用推广\n"
        "3\n应用推广\n推广信用报告\n市发改委\n各县区政府\n长期坚持\n"
    )
    assert assigned(plan) == {
        "1": [("市发改委", L, "TABLE"), ("市司法局", C, "TABLE")],
        # the merged 类别 cell appears once per group: row 2 has one line fewer
        "2": [("市市场监管局", L, "TABLE"), ("市发改委", C, "TABLE")],
        "(二).3": [("市发改委", L, "TABLE"), ("各县区政府", C, "TABLE")],
    }
    assert [t.title for t in plan.tasks] == ["健全信用制度", "完善信用标准", "推广信用报告"]


def test_header_columns_outside_the_vocabulary_are_kept_out() -> None:
    plan = parse_plan(
        "一、任务\n序号\t工作任务\t工作标准\t牵头单位\t配合单位\t备注说明\n"
        "1\t建设信用平台\t全市覆盖\t市发改委\t市财政局\t无\n"
    )
    assert assigned(plan) == {"一.1": [("市发改委", L, "TABLE"), ("市财政局", C, "TABLE")]}
    assert plan.tasks[0].title == "建设信用平台"


def test_unit_cell_stating_roles_in_words() -> None:
    plan = parse_plan(
        "一、任务\n序号\t工作任务\t责任单位\t完成时限\n"
        "1\t建设平台\t市发改委牵头，市财政局、市统计局配合\t2019年底前\n"
        "2\t开展评价\t牵头单位：市营商局；配合单位：市发改委\t每年\n"
        "3\t推进共享\t市大数据局\t2020年底前\n"
    )
    assert assigned(plan) == {
        "一.1": [
            ("市发改委", L, "EXPLICIT"),
            ("市财政局", C, "EXPLICIT"),
            ("市统计局", C, "EXPLICIT"),
        ],
        "一.2": [("市营商局", L, "EXPLICIT"), ("市发改委", C, "EXPLICIT")],
        "一.3": [("市大数据局", L, "CONVENTION")],
    }
    assert not plan.warnings


def test_tab_rows_numbered_in_chinese_or_with_a_point() -> None:
    plan = parse_plan(
        "一、任务\n序号\t工作任务\t牵头单位\t配合单位\n"
        "（一）\t推进改革\t市发改委\t市财政局\n（二）\t开展宣传\t市委宣传部\t各县区政府\n"
        "3.\t加强监管\t市场监管局\t市公安局\n"
    )
    assert assigned(plan) == {
        "一.(一)": [("市发改委", L, "TABLE"), ("市财政局", C, "TABLE")],
        "一.(二)": [("市委宣传部", L, "TABLE"), ("各县区政府", C, "TABLE")],
        "一.3": [("市场监管局", L, "TABLE"), ("市公安局", C, "TABLE")],
    }
    assert [t.title for t in plan.tasks] == ["推进改革", "开展宣传", "加强监管"]
