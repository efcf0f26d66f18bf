"""Reading a holiday schedule file (放假调休安排): one day or run of days a line, checked whole.

The format follows the State Council's notice, one line per entry::

    # 国务院办公厅关于2027年部分节假日安排的通知
    day,kind,name
    2027-01-01,HOLIDAY,元旦
    2027-02-05..2027-02-11,HOLIDAY,春节
    2027-02-14,WORKDAY,春节调休上班

``kind`` is ``HOLIDAY`` (放假, weekend days of the run included) or ``WORKDAY`` (a weekend day
worked, 上班); ``#`` starts a comment, the header line is optional. A malformed line, a day
outside the year, a day listed twice or a WORKDAY on a weekday is BAD_USER_INPUT naming the line.
"""

from __future__ import annotations

from datetime import date, timedelta

from resolvers.errors import DomainError, bad_input
from resolvers.workdays import Schedule

KINDS = {"HOLIDAY": "HOLIDAY", "放假": "HOLIDAY", "WORKDAY": "WORKDAY", "上班": "WORKDAY"}

#: The longest run one line may give (the Spring Festival with its weekends is 8–9 days).
LONGEST_RUN = 15


def _refused(number: int, problem: str, field: str) -> DomainError:
    return bad_input(f"Line {number}: {problem}", field)


def _day(text: str, number: int, field: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise _refused(number, f"{text.strip()!r} is not a date (YYYY-MM-DD).", field) from None


def _days(text: str, number: int, field: str) -> list[date]:
    first, _, last = text.partition("..")
    start = _day(first, number, field)
    end = _day(last, number, field) if last else start
    if end < start or (end - start).days >= LONGEST_RUN:
        raise _refused(
            number, f"the run {text.strip()} must go forward, {LONGEST_RUN} days at most.", field
        )
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def parse_schedule(year: int, notice: str, text: str, field: str = "schedule") -> Schedule:
    """The schedule of ``year`` in ``text``, or BAD_USER_INPUT naming the first bad line."""
    holidays: dict[date, str] = {}
    workdays: dict[date, str] = {}
    seen: dict[date, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line or line.replace(" ", "").lower() == "day,kind,name":
            continue
        parts = [part.strip() for part in line.split(",")]
        if len(parts) != 3 or not all(parts):
            raise _refused(number, f"expected `day,kind,name`, got {raw.strip()!r}.", field)
        days, kind, name = _days(parts[0], number, field), KINDS.get(parts[1].upper()), parts[2]
        if kind is None:
            raise _refused(number, f"kind {parts[1]!r} is neither HOLIDAY nor WORKDAY.", field)
        for day in days:
            if day.year != year:
                raise _refused(number, f"{day} is not in {year}.", field)
            if day in seen:
                raise _refused(number, f"{day} is already given on line {seen[day]}.", field)
            if kind == "WORKDAY" and day.weekday() < 5:
                raise _refused(number, f"{day} is a weekday: only a weekend day is worked.", field)
            seen[day] = number
            (holidays if kind == "HOLIDAY" else workdays)[day] = name[:50]
    if not holidays:
        raise bad_input(f"The schedule names no holiday of {year}.", field)
    return Schedule(year, notice, dict(sorted(holidays.items())), dict(sorted(workdays.items())))


def schedule_of(year: int, notice: str, days: list[dict[str, str]]) -> Schedule:
    """The stored form (``HolidaySchedule.days``) back as a ``Schedule``."""
    holidays = {date.fromisoformat(d["day"]): d["name"] for d in days if d["kind"] == "HOLIDAY"}
    worked = {date.fromisoformat(d["day"]): d["name"] for d in days if d["kind"] == "WORKDAY"}
    return Schedule(year, notice, holidays, worked)


def stored_days(schedule: Schedule) -> list[dict[str, str]]:
    days = [(day, "HOLIDAY", name) for day, name in schedule.holidays.items()]
    days += [(day, "WORKDAY", name) for day, name in schedule.make_up_workdays.items()]
    return [{"day": d.isoformat(), "kind": k, "name": n} for d, k, n in sorted(days)]
