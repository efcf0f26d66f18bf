"""Periods in months by the Civil Code, articles 200–204 (resolvers/periods.py)."""

from __future__ import annotations

from datetime import date

import pytest

from resolvers.periods import corresponding_day, months_end


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        # Art. 201/202: the start day is not counted; the period ends on the corresponding day.
        (date(2018, 10, 11), 6, date(2019, 4, 11)),
        (date(2018, 10, 11), 12, date(2019, 10, 11)),
        # No corresponding day: the last day of that month (leap and common years).
        (date(2019, 1, 31), 1, date(2019, 2, 28)),
        (date(2020, 1, 31), 1, date(2020, 2, 29)),
        (date(2018, 8, 31), 1, date(2018, 9, 30)),
        (date(2018, 12, 15), 1, date(2019, 1, 15)),
    ],
)
def test_corresponding_day(start: date, months: int, end: date) -> None:
    assert corresponding_day(start, months) == end


def test_a_period_ending_on_rest_days_ends_on_the_next_working_day() -> None:
    # Art. 203: 2018-10-11 + 12 months is Friday 2019-10-11 (a working day): no change.
    assert months_end(date(2018, 10, 11), 12) == date(2019, 10, 11)
    # 2018-04-01 + 6 months is 2018-10-01, National Day: the holiday ends 10-07, so 10-08.
    assert months_end(date(2018, 4, 1), 6) == date(2018, 10, 8)
    # Sunday 2018-10-14: the Monday.
    assert months_end(date(2018, 9, 14), 1) == date(2018, 10, 15)


def test_negative_months_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        corresponding_day(date(2018, 1, 1), -1)


def test_holidays_by_rule_for_every_year_the_service_accepts() -> None:
    from resolvers import holidays, workdays

    # 2027 by the 2024 regulation: 除夕 to 初三 (02-05 to 02-08) with 补假 for the weekend days.
    off = holidays.holidays_by_rule(2027)
    assert [off[date(2027, 2, d)] for d in (5, 8, 9, 10)] == [
        "春节",
        "春节",
        "春节补假",
        "春节补假",
    ]
    assert off[date(2027, 4, 5)] == "清明节"
    # Beyond the lunar tables only the solar-calendar festivals, and the basis says so.
    late = holidays.holidays_by_rule(2150)
    assert set(late.values()) >= {"元旦", "劳动节", "国庆节"}
    assert "春节" not in late.values()
    assert "lunar festivals unknown" in workdays.basis(2150)
    assert workdays.add_workdays(date(2199, 12, 20), 5) == date(2199, 12, 27)
