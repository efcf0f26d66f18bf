"""Working days of mainland China (法定节假日 and 调休 make-up days), for every year.

Three sources, in this order (``Source``):

- ``OFFICIAL``: the ``chinesecalendar`` package, which follows the State Council's yearly notices;
- ``LOADED``: the notice for a year the package does not cover yet, loaded by an administrator
  (``dutygraph calendar-load`` or ``workdayScheduleLoad``, stored in ``holiday_schedule``);
- ``RULE``: until then, the statutory holidays of 全国年节及纪念日放假办法 (``resolvers.holidays``)
  with 补假 for a festival on a weekend but no make-up working days, which no rule can tell; every
  answer about such a year says so and a warning is logged once per year.

Each year's days off and worked weekend days are one cached set, so counting stays cheap.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from enum import StrEnum
from functools import cache

import chinese_calendar

from resolvers import holidays
from resolvers.errors import bad_input
from resolvers.validity import FIRST_DAY, LAST_DAY

logger = logging.getLogger("dutygraph.calendar")

SOURCE = f"chinesecalendar {chinese_calendar.__version__}"
FIRST_YEAR = min(day.year for day in chinese_calendar.holidays)
LAST_YEAR = max(day.year for day in chinese_calendar.holidays)
_CHINA_WORKDAYS = frozenset(chinese_calendar.workdays)
_CHINA_HOLIDAYS = frozenset(chinese_calendar.holidays)

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


class Source(StrEnum):
    """Where the working days of a year come from."""

    OFFICIAL = "OFFICIAL"
    LOADED = "LOADED"
    RULE = "RULE"


@dataclass(frozen=True)
class Schedule:
    """A year's holiday schedule as a State Council notice gives it (放假调休安排)."""

    year: int
    notice: str
    #: Days off (including the weekend days a holiday run absorbs), with the festival's name.
    holidays: dict[date, str] = field(default_factory=dict)
    #: Weekend days worked instead (调休上班).
    make_up_workdays: dict[date, str] = field(default_factory=dict)


#: Schedules loaded from the database, by year (``install``; the app loads them at start).
_loaded: dict[int, Schedule] = {}


#: Schedules being stored right now (``trying``): a refresh must not take them away.
_trials: dict[int, Schedule] = {}

#: Bumped whenever the loaded schedules change, so caches of counts derived from
#: ``is_workday`` (``resolvers.commitment.due``) know to recount.
_generation = 0


def generation() -> int:
    """How many times the loaded schedules have changed in this process."""
    return _generation


def _changed() -> None:
    global _generation
    _generation += 1


def install(schedules: Iterable[Schedule]) -> None:
    """Replace the loaded schedules of this process with ``schedules``."""
    before = dict(_loaded)
    _loaded.clear()
    _loaded.update({schedule.year: schedule for schedule in schedules})
    _loaded.update(_trials)
    if _loaded != before:
        _changed()


@contextmanager
def trying(schedule: Schedule) -> Iterator[None]:
    """Count with ``schedule`` within the block; it stays if the block succeeds (the transaction
    that stores it committed) and the previous one comes back if it raises."""
    previous = _loaded.get(schedule.year)
    _loaded[schedule.year] = _trials[schedule.year] = schedule
    _changed()
    try:
        yield
    except BaseException:
        if previous is None:
            _loaded.pop(schedule.year, None)
        else:
            _loaded[schedule.year] = previous
        _changed()
        raise
    finally:
        _trials.pop(schedule.year, None)


def loaded(year: int) -> Schedule | None:
    return _loaded.get(year)


def covers(year: int) -> bool:
    """Whether the package has the holidays and make-up days of ``year``."""
    return FIRST_YEAR <= year <= LAST_YEAR


def source(year: int) -> Source:
    if covers(year):
        return Source.OFFICIAL
    return Source.LOADED if year in _loaded else Source.RULE


def known(year: int) -> bool:
    """Whether the exact schedule of ``year`` (with its 调休 days) is known."""
    return source(year) != Source.RULE


def basis(year: int) -> str:
    """What working days of ``year`` are reckoned by, in words a reader of a record understands."""
    found = source(year)
    if found == Source.OFFICIAL:
        return SOURCE
    if found == Source.LOADED:
        return f"schedule loaded for {year}: {_loaded[year].notice}"[:200]
    lunar = "" if holidays.lunar_known(year) else ", lunar festivals unknown"
    return (
        f"statutory holidays by rule ({holidays.rule_of(year).source}{lunar}); "
        f"no 调休 make-up days: {SOURCE} has no data for {year} and no schedule is loaded"
    )[:200]


def basis_of(start: date, end: date) -> str:
    """The basis of a count from ``start`` to ``end``: the first year of the two counted by
    rule, else ``end``'s year."""
    unknown = [year for year in (start.year, end.year) if not known(year)]
    return basis(unknown[0] if unknown else end.year)


@cache
def _warn_uncovered(year: int) -> None:
    logger.warning(
        "No holiday data for %s in %s (covers %s-%s) and no schedule loaded: counting the "
        "statutory holidays by rule, so make-up working days (调休) of that year are ignored.",
        year,
        SOURCE,
        FIRST_YEAR,
        LAST_YEAR,
    )


def is_workday(day: date) -> bool:
    """Whether ``day`` is a working day (a worked weekend 调休 day is one, a holiday is not)."""
    year = day.year
    if FIRST_YEAR <= year <= LAST_YEAR:
        # chinesecalendar's own rule, without its per-call range check (a min and a max over
        # every holiday: most of a short list request's time went there).
        return day in _CHINA_WORKDAYS or (day.weekday() < 5 and day not in _CHINA_HOLIDAYS)
    schedule = _loaded.get(year)
    if schedule is None:
        _warn_uncovered(year)
        return day.weekday() < 5 and day not in holidays.holidays_by_rule(year)
    if day in schedule.make_up_workdays:
        return True
    return day.weekday() < 5 and day not in schedule.holidays


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
    source: Source
    basis: str
    make_up_workdays: tuple[date, ...]
    holidays: tuple[date, ...]


def coverage(year: int) -> YearCoverage:
    found = source(year)
    if found == Source.RULE:
        _warn_uncovered(year)
        days = tuple(holidays.holidays_by_rule(year))
        return YearCoverage(year, False, found, basis(year), (), days)
    if found == Source.LOADED:
        schedule = _loaded[year]
        return YearCoverage(
            year,
            True,
            found,
            basis(year),
            tuple(sorted(schedule.make_up_workdays)),
            tuple(sorted(schedule.holidays)),
        )
    first, last = date(year, 1, 1), date(year, 12, 31)
    return YearCoverage(
        year=year,
        covered=True,
        source=found,
        basis=SOURCE,
        make_up_workdays=tuple(sorted(d for d in chinese_calendar.workdays if first <= d <= last)),
        holidays=tuple(sorted(d for d in chinese_calendar.holidays if first <= d <= last)),
    )
