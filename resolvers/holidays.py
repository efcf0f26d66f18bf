"""Statutory holidays by rule (全国年节及纪念日放假办法), for a year without published data.

The State Council fixes each year's exact holiday schedule (with its 调休 make-up working days)
in a notice about a month before the year starts. Until that notice is loaded, the days the
regulation itself names are holidays: its article 2 lists the festivals and how many days each
gets, and article 6 gives a working day off (补假) for a festival day that falls on a weekend.
What no rule can tell is which weekend days become working days, so a year counted this way
says so (``workdays.Source.RULE``).

Lunar dates come from ``lunardate`` (1900–2099); 清明 is a solar term, computed by
``chinesecalendar`` (1900–2100). Beyond, only 元旦, 劳动节 and 国庆节 are known, and the basis
says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import chinese_calendar
from lunardate import LunarDate

#: The years ``lunardate`` converts (春节, 端午, 中秋 need it).
LUNAR_YEARS = range(1900, 2100)
#: The years ``chinesecalendar`` computes solar terms for (清明 needs it).
SOLAR_TERM_YEARS = range(1900, 2101)


@dataclass(frozen=True)
class HolidayRule:
    """One version of article 2 of 全国年节及纪念日放假办法: days off per festival."""

    since: int
    source: str
    #: 春节: days off counted from 除夕 (True) or from 正月初一 (False), and how many.
    spring_from_eve: bool
    spring_days: int
    labour_days: int
    national_days: int
    #: 清明, 端午, 中秋 became one-day holidays in 2008.
    lunar_festivals: bool


#: Every version since 2000, newest first; each applies from 1 January of ``since``.
RULES = (
    HolidayRule(2025, "国务院令第795号（2024年11月10日）第二条、第六条", True, 4, 2, 3, True),
    HolidayRule(2014, "国务院令第644号（2013年12月11日）第二条、第六条", False, 3, 1, 3, True),
    HolidayRule(2008, "国务院令第513号（2007年12月14日）第二条、第六条", True, 3, 1, 3, True),
    HolidayRule(2000, "国务院令第270号（1999年9月18日）第二条、第六条", False, 3, 3, 3, False),
)


def rule_of(year: int) -> HolidayRule:
    """The version of the regulation in force in ``year`` (the 1999 one for earlier years)."""
    return next((rule for rule in RULES if year >= rule.since), RULES[-1])


def _run(first: date, days: int, name: str) -> list[tuple[date, str]]:
    return [(first + timedelta(days=n), name) for n in range(days)]


def festivals(year: int) -> list[tuple[date, str]]:
    """The festival days of ``year`` named by the regulation (article 2), before substitution."""
    rule = rule_of(year)
    days = _run(date(year, 1, 1), 1, "元旦")
    days += _run(date(year, 5, 1), rule.labour_days, "劳动节")
    days += _run(date(year, 10, 1), rule.national_days, "国庆节")
    if year in LUNAR_YEARS:
        new_year = LunarDate(year, 1, 1).to_solar_date()
        first = new_year - timedelta(days=1) if rule.spring_from_eve else new_year
        days += _run(first, rule.spring_days, "春节")
        if rule.lunar_festivals:
            days += _run(LunarDate(year, 5, 5).to_solar_date(), 1, "端午节")
            days += _run(LunarDate(year, 8, 15).to_solar_date(), 1, "中秋节")
    if rule.lunar_festivals and year in SOLAR_TERM_YEARS:
        terms = chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 30))
        days += [(day, "清明节") for day, term in terms if term == "清明"]
    return [(day, name) for day, name in days if day.year == year]


@cache
def holidays_by_rule(year: int) -> dict[date, str]:
    """Days off in ``year`` by rule: the festival days, and for each one on a weekend the next
    working day not already off (article 6, 补假)."""
    off = dict(sorted(festivals(year)))
    for day, name in sorted(off.items()):
        if day.weekday() < 5:
            continue
        substitute = day + timedelta(days=1)
        while substitute.weekday() >= 5 or substitute in off:
            substitute += timedelta(days=1)
        if substitute.year == year:
            off[substitute] = f"{name}补假"
    return dict(sorted(off.items()))


def lunar_known(year: int) -> bool:
    """Whether the lunar festivals and 清明 of ``year`` can be computed."""
    return year in LUNAR_YEARS and year in SOLAR_TERM_YEARS
