"""GraphQL type describing how the working days of a year are known (holiday data or fallback)."""

from __future__ import annotations

from datetime import date
from enum import Enum

import strawberry


@strawberry.enum(description="工作日历来源 — where a year's working days come from.")
class WorkdaySource(Enum):
    OFFICIAL = strawberry.enum_value(
        "OFFICIAL", description="官方数据 — the chinesecalendar package (State Council notices)."
    )
    LOADED = strawberry.enum_value(
        "LOADED", description="已导入安排 — the year's notice, loaded by an administrator."
    )
    RULE = strawberry.enum_value(
        "RULE",
        description="按规则推算 — statutory holidays by 全国年节及纪念日放假办法, no 调休 known.",
    )


@strawberry.type(
    description="工作日历 — how one year's working days are counted: from published holiday "
    "data (法定节假日 and 调休 make-up days), a loaded schedule, or the statutory holidays by rule."
)
class WorkingCalendarYear:
    year: int = strawberry.field(description="年份 — the year.")
    covered: bool = strawberry.field(
        description="有节假日安排 — false: counted by rule, make-up working days are unknown."
    )
    source: WorkdaySource = strawberry.field(description="来源 — OFFICIAL, LOADED or RULE.")
    basis: str = strawberry.field(description="依据 — the data source, or the fallback used.")
    warning: str | None = strawberry.field(
        description="警告 — set when deadlines in this year may be off by holidays."
    )
    make_up_working_days: list[date] = strawberry.field(
        description="调休上班日 — weekend days that are working days."
    )
    holidays: list[date] = strawberry.field(
        description="法定节假日 — holidays (including the weekend days they absorb)."
    )
