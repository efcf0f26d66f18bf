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
