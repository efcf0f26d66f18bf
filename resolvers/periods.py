"""Periods counted in months (期间计算) by the Civil Code of the PRC, articles 200–204.

- Art. 200: periods are counted by the Gregorian calendar in years, months, days and hours.
- Art. 201: the day the period starts from is not counted; counting begins the next day.
- Art. 202: a period in years or months ends on the corresponding day (对应日) of the last month;
  without such a day (31 → a 30-day month, 29–31 January → February), on that month's last day.
- Art. 203: when the last day is a statutory rest day (法定休假日: holidays and weekends, here as
  the working-day calendar counts them), the period ends on the day after the rest days end; it
  ends at 24:00 of its last day.
- Art. 204: a law or the parties may provide otherwise (a rule table that counts differently
  names its own rule; nothing here does).

So six months from 2026-10-11 end on 2027-04-11 (not 04-10), a month from 01-31 on 02-28 (02-29
in a leap year), and a window whose last day is a Sunday runs to the Monday.
"""

from __future__ import annotations

import calendar
from datetime import date

from resolvers import workdays


def corresponding_day(start: date, months: int) -> date:
    """The corresponding day ``months`` months after ``start`` (art. 202), before art. 203."""
    if months < 0:
        raise ValueError("months must not be negative")
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def months_end(start: date, months: int) -> date:
    """The last day of a period of ``months`` months counted from ``start`` (arts. 201–203):
    the corresponding day of the last month, or that month's last day, moved past rest days."""
    return workdays.on_or_after(corresponding_day(start, months))
