"""Working days of mainland China (法定节假日 and 调休 make-up days) with a weekends-only fallback.

Holiday data comes from the ``chinesecalendar`` package, which the State Council publishes a
year at a time. For a year the package does not cover yet, a day is a working day when it is a
weekday: holidays and make-up days of that year are unknown, so every answer about such a year
says so (``covered`` / ``basis``) and a warning is logged once per year.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import cache

import chinese_calendar

from schema.errors import bad_input
from schema.scalars_bounded import FIRST_DAY, LAST_DAY

logger = logging.getLogger("dutygraph.calendar")

SOURCE = f"chinesecalendar {chinese_calendar.__version__}"
FIRST_YEAR = min(day.year for day in chinese_calendar.holidays)
LAST_YEAR = max(day.year for day in chinese_calendar.holidays)

#: China Standard Time (no daylight saving), for "today" in the supervision office.
CHINA_TIME = timezone(timedelta(hours=8), "CST")

#: The longest run of non-working days the calendar can hold (Spring Festival plus a weekend).
LONGEST_BREAK = timedelta(days=12)

#: The most working days counted forward at once (about forty years).
MOST_WORKDAYS = 10_000


#: A fixed "today" (``DUTYGRAPH_TODAY``, the demo day, or a test), or None for the real date.
_fixed_today: date | None = None


def today() -> date:
    """Today's date in China: the one clock every decision about "now" reads.

    Logic never calls ``date.today()``; it asks here, so a test, the bench or a demo can fix
    the day with ``set_today``.
    """
    return _fixed_today if _fixed_today is not None else datetime.now(CHINA_TIME).date()


def set_today(day: date | None) -> None:
    """Fix "today" for this process (``None``: back to the real date in China)."""
    global _fixed_today
    _fixed_today = day


@contextmanager
def real_today() -> Iterator[None]:
    """Within the block "today" is the real date, whatever day is fixed: for loading reference
    records (the embedded seed) that describe what really happened, before a demo day."""
    global _fixed_today
    fixed, _fixed_today = _fixed_today, None
    try:
        yield
    finally:
        _fixed_today = fixed


def today_is_fixed() -> bool:
    """Whether "today" is a fixed day rather than the real date."""
    return _fixed_today is not None


def covers(year: int) -> bool:
    """Whether the package has the holidays and make-up days of ``year``."""
    return FIRST_YEAR <= year <= LAST_YEAR


def basis(year: int) -> str:
    """What working days of ``year`` are reckoned by, in words a reader of a record understands."""
    if covers(year):
        return SOURCE
    return f"weekends only: {SOURCE} has no holiday data for {year}"


@cache
def _warn_uncovered(year: int) -> None:
    logger.warning(
        "No holiday data for %s in %s (covers %s-%s): counting weekends only, so holidays and "
        "make-up working days (调休) of that year are ignored.",
        year,
        SOURCE,
        FIRST_YEAR,
        LAST_YEAR,
    )


def is_workday(day: date) -> bool:
    """Whether ``day`` is a working day (a worked weekend 调休 day is one, a holiday is not)."""
    if covers(day.year):
        return bool(chinese_calendar.is_workday(day))
    _warn_uncovered(day.year)
    return day.weekday() < 5


def counted(day: date) -> date:
    """``day``, if working days can be counted from it: a day outside the dates the service
    accepts (``FIRST_DAY``–``LAST_DAY``) is BAD_USER_INPUT, so counting never overflows
    ``date`` nor walks millions of days."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise bad_input(
            f"Working days cannot be counted from {day.isoformat()}: dates run from "
            f"{FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}."
        )
    return day


def on_or_after(day: date) -> date:
    """``day`` if it is a working day, else the next one (when a rest-day deadline falls due)."""
    day = counted(day)
    while not is_workday(day):
        day += timedelta(days=1)
    return day


def add_workdays(day: date, count: int) -> date:
    """The ``count``-th working day after ``day`` (``count=0``: ``day`` itself)."""
    if count < 0:
        raise ValueError("count must not be negative")
    if count > MOST_WORKDAYS:
        raise bad_input(f"At most {MOST_WORKDAYS} working days are counted at once.")
    day = counted(day)
    while count:
        day += timedelta(days=1)
        if is_workday(day):
            count -= 1
    return day


def workdays_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end <= start``)."""
    if end <= start:
        return 0
    count, day = 0, counted(start)
    counted(end)
    while day < end:
        day += timedelta(days=1)
        count += is_workday(day)
    return count


@dataclass(frozen=True)
class YearCoverage:
    """How one year's working days are known."""

    year: int
    covered: bool
    basis: str
    make_up_workdays: tuple[date, ...]
    holidays: tuple[date, ...]


def coverage(year: int) -> YearCoverage:
    if not covers(year):
        _warn_uncovered(year)
        return YearCoverage(year, False, basis(year), (), ())
    first, last = date(year, 1, 1), date(year, 12, 31)
    return YearCoverage(
        year=year,
        covered=True,
        basis=SOURCE,
        make_up_workdays=tuple(sorted(d for d in chinese_calendar.workdays if first <= d <= last)),
        holidays=tuple(sorted(d for d in chinese_calendar.holidays if first <= d <= last)),
    )
