"""Working-day deadlines as plain due-date ranges: which ``due_on`` values fall due (their due
date, or the next working day after a rest day) before a day or within a window, so the lists
filter and page on the indexed ``due_on`` column in SQL instead of testing rows one by one."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from resolvers import workdays
from resolvers.validity import FIRST_DAY

#: One day, the step of the calendar walks below.
DAY = timedelta(days=1)


def last_workday_before(day: date) -> date:
    """The last working day before ``day`` — the one calendar question the ranges below ask
    (via ``workdays.is_workday``, so a change of the holiday data there applies here too).

    A due date falls due before ``day`` exactly when it is on or before this day: a working
    day falls due on itself, and a rest day on the next working day, which is then at most
    this one. Before the first date the service accepts it is the day before that date (no
    due date can be on or before it). The walk is bounded by the longest break (12 days).
    """
    day -= DAY
    while day >= FIRST_DAY and not workdays.is_workday(day):
        day -= DAY
    return max(day, FIRST_DAY - DAY)


def overdue_due_dates(day: date) -> date:
    """The latest due date that has fallen due before ``day`` (overdue on ``day`` if open)."""
    return last_workday_before(workdays.counted(day))


def due_dates_within(day: date, working_days: int) -> tuple[date, date]:
    """``(after, through)``: due dates ``d`` with ``after < d <= through`` fall due on ``day``
    or within the next ``working_days`` working days."""
    through = workdays.add_workdays(day, working_days)
    return last_workday_before(day), last_workday_before(through + DAY)


def _running_counts(year: int) -> tuple[int, ...]:
    """``counts[n]``: working days among the first ``n`` days of ``year``, as the schedules
    loaded now count them."""
    return _counts_under(year, workdays.generation())


@lru_cache(maxsize=128)
def _counts_under(year: int, generation: int) -> tuple[int, ...]:
    """``_running_counts`` under schedule generation ``generation`` (part of the cache key:
    loading a year's schedule changes which days are worked)."""
    del generation
    counts, day = [0], date(year, 1, 1)
    while day.year == year:
        counts.append(counts[-1] + workdays.is_workday(day))
        day += DAY
    return tuple(counts)


def forget_calendar() -> None:
    """Drop the per-year counts (after the holiday data behind ``is_workday`` changed)."""
    _counts_under.cache_clear()


def _through(day: date) -> int:
    """Working days from 1 January of ``day``'s year through ``day``."""
    return _running_counts(day.year)[day.timetuple().tm_yday]


def workdays_between(start: date, end: date) -> int:
    """``workdays.workdays_between`` (working days after ``start`` through ``end``) from
    per-year running counts: a warning page asks it for every row, and a deadline a year
    away cost a walk of 365 days each."""
    if end <= start:
        return 0
    workdays.counted(start)
    workdays.counted(end)
    count = _through(end) - _through(start)
    for year in range(start.year, end.year):
        count += _running_counts(year)[-1]
    return count
