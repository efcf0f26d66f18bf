"""Deadlines: dates, recurring rules and ongoing work, in annotations and prose."""

from __future__ import annotations

from datetime import date

import pytest

from seed.parse import DeadlineKind, parse_plan


@pytest.mark.parametrize(
    ("words", "kind", "due", "rule"),
    [
        ("2018年6月底前完成", DeadlineKind.DATE, date(2018, 6, 30), None),
        ("2019年底前", DeadlineKind.DATE, date(2019, 12, 31), None),
        ("2020年6月30日前", DeadlineKind.DATE, date(2020, 6, 30), None),
        ("2019年上半年", DeadlineKind.DATE, date(2019, 6, 30), None),
        ("2019年第三季度", DeadlineKind.DATE, date(2019, 9, 30), None),
        ("2020年2月底前", DeadlineKind.DATE, date(2020, 2, 29), None),
        ("每年12月底前", DeadlineKind.RECURRING, None, "YEARLY:12-31"),
        ("每年6月30日前", DeadlineKind.RECURRING, None, "YEARLY:06-30"),
        ("每季度", DeadlineKind.RECURRING, None, "QUARTERLY"),
        ("每季度末", DeadlineKind.RECURRING, None, "QUARTERLY:END"),
        ("每半年", DeadlineKind.RECURRING, None, "HALF_YEARLY"),
        ("每月5日前", DeadlineKind.RECURRING, None, "MONTHLY:05"),
        ("每月底前", DeadlineKind.RECURRING, None, "MONTHLY:END"),
        ("长期坚持", DeadlineKind.ONGOING, None, None),
        ("持续推进", DeadlineKind.ONGOING, None, None),
        ("长期", DeadlineKind.ONGOING, None, None),
    ],
)
def test_deadline_in_annotation(
    words: str, kind: DeadlineKind, due: date | None, rule: str | None
) -> None:
    text = f"1.推进改革。（市发改委牵头，{words}）"
    deadline = parse_plan(text).tasks[0].deadline
    assert deadline is not None
    assert (deadline.kind, deadline.due_on, deadline.rule) == (kind, due, rule)
    assert text[deadline.start : deadline.end] == deadline.text
    assert words.startswith(deadline.text)


def test_deadline_in_prose_needs_a_marker() -> None:
    plan = parse_plan("1.到2020年，基本建成信用体系。持续推进信息共享。（市发改委负责）")
    assert plan.tasks[0].deadline is None


def test_deadline_in_prose() -> None:
    deadline = parse_plan("1.2018年6月底前，建成信用平台。（市发改委负责）").tasks[0].deadline
    assert deadline is not None
    assert deadline.due_on == date(2018, 6, 30)


def test_starting_year_is_not_a_deadline() -> None:
    assert parse_plan("1.推进改革。（市发改委负责，2018年起实施）").tasks[0].deadline is None
