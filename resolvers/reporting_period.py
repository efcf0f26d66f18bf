"""Reporting and assessment periods (年度, 半年, 季度, 月 — 考核期间 and 报送周期): their canonical
names (2018, 2018-H1, 2018-Q3, 2018-01) and their days, parsed from what offices write."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from resolvers.errors import bad_input

_CN_DIGITS = {"一": "1", "二": "2", "三": "3", "四": "4"}
_YEAR = re.compile(r"^(\d{4})(?:年度|年)?$")
_HALF = re.compile(r"^(\d{4})(?:-H([12])|年?(上|下)半年)$")
_MONTH = re.compile(r"^(\d{4})(?:-(\d{1,2})|年(\d{1,2})月(?:份)?)$")
_QUARTER = re.compile(r"^(\d{4})(?:-Q([1-4])|年?第([1-4一二三四])季度)$")


@dataclass(frozen=True)
class Period:
    """An assessment period: its canonical name (2018, 2018-H1, 2018-Q3) and its days."""

    name: str
    starts_on: date
    ends_on: date

    def contains(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


def _months(year: int, first_month: int, months: int) -> tuple[date, date]:
    last_month = first_month + months - 1
    end = date(year + 1, 1, 1) if last_month == 12 else date(year, last_month + 1, 1)
    return date(year, first_month, 1), date.fromordinal(end.toordinal() - 1)


def parse_period(text: str, field: str = "period") -> Period:
    """Parse ``2018``/``2018年度``, ``2018-H1``/``2018年上半年``, ``2018-Q3``/``2018年第三季度``,
    ``2018-01``/``2018年1月`` (a month, named ``2018-01``).

    Raises BAD_USER_INPUT naming ``field`` for anything else.
    """
    value = text.strip().upper().replace("Ｑ", "Q").replace("Ｈ", "H")
    if match := _YEAR.match(value):
        year = int(match[1])
        name, first, months = str(year), 1, 12
    elif match := _HALF.match(value):
        year = int(match[1])
        half = 1 if (match[2] == "1" or match[3] == "上") else 2
        name, first, months = f"{year}-H{half}", 6 * half - 5, 6
    elif match := _QUARTER.match(value):
        year = int(match[1])
        quarter = int(match[2] or _CN_DIGITS.get(match[3], match[3]))
        name, first, months = f"{year}-Q{quarter}", 3 * quarter - 2, 3
    elif (match := _MONTH.match(value)) and 1 <= int(match[2] or match[3]) <= 12:
        year, month = int(match[1]), int(match[2] or match[3])
        name, first, months = f"{year}-{month:02d}", month, 1
    else:
        raise bad_input(
            f"{text!r} is not a period: write 2018, 2018年度, 2018-H1, 2018年上半年, 2018-Q3, "
            "2018年第三季度, 2018-01 or 2018年1月.",
            field,
        )
    if not 2000 <= year <= 2100:
        raise bad_input(f"The year of period {text!r} must lie between 2000 and 2100.", field)
    return Period(name, *_months(year, first, months))
